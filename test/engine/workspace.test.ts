import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { createTestEngine } from '../support/test-engine'

afterEach(() => removeTempDirs())

/** The database and WAL bytes as text, to prove what is (not) stored in clear. */
function databaseText(dir: string): string {
  return ['workbench.sqlite', 'workbench.sqlite-wal']
    .map((f) => {
      try {
        return readFileSync(join(dir, f)).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('\n')
}

describe('workspace', () => {
  it('generates a key and secret on first start and keeps them across restarts', async () => {
    const dir = makeTempDir()
    const first = await createTestEngine({ dataDir: dir })
    const creds = first.workspace.credentials()
    expect(creds.key).toMatch(/^[0-9a-f-]{36}$/)
    expect(creds.secret).toMatch(/^[0-9a-f]{64}$/)
    await first.close()
    const second = await createTestEngine({ dataDir: dir })
    expect(second.workspace.credentials()).toEqual(creds)
    await second.close()
  })

  it('takes a key and secret given at start and keeps using them', async () => {
    const dir = makeTempDir()
    const engine = await createTestEngine({
      dataDir: dir,
      workspaceKey: 'my-workspace',
      workspaceSecret: 'a-secret-of-enough-length'
    })
    expect(engine.workspace.credentials()).toEqual({ key: 'my-workspace', secret: 'a-secret-of-enough-length' })
    await engine.close()
    const again = await createTestEngine({ dataDir: dir })
    expect(again.workspace.key()).toBe('my-workspace')
    await again.close()
  })

  it('refuses a secret given at start that is too short', async () => {
    await expect(createTestEngine({ workspaceSecret: 'short' })).rejects.toThrow(/too short/)
  })

  it('keeps the secret sealed at rest: the database file never holds it in clear', async () => {
    const dir = makeTempDir()
    const engine = await createTestEngine({ dataDir: dir })
    const { secret } = engine.workspace.credentials()
    const rotated = engine.workspace.rotateSecret().secret
    engine.customers.create({
      name: 'Creds',
      internalId: 'creds-1',
      credentials: { apiKey: 'super-secret-api-key-42' }
    })
    const text = databaseText(dir)
    expect(text).toContain('creds-1')
    expect(text).not.toContain(secret)
    expect(text).not.toContain(rotated)
    expect(text).not.toContain('super-secret-api-key-42')
    expect(engine.customers.get('creds-1', { includeSecrets: true }).credentials).toEqual({
      apiKey: 'super-secret-api-key-42'
    })
    await engine.close()
  })

  it('validates the field schema itself, including $schema / $id documents', async () => {
    const engine = await createTestEngine()
    expect(() => engine.workspace.patch({ userFieldsSchema: { type: 'array' } })).toThrow(
      /userFieldsSchema.type must be "object"/
    )
    expect(() => engine.workspace.patch({ userFieldsSchema: { type: 'object', required: 'plan' } })).toThrow(
      /required must be an array/
    )
    expect(() =>
      engine.workspace.patch({
        userFieldsSchema: { type: 'object', properties: { p: { type: 'string', pattern: '(' } } }
      })
    ).toThrow(/cannot be compiled/)
    const withId = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:fields',
      type: 'object',
      properties: { plan: { type: 'string' } }
    }
    engine.workspace.patch({ userFieldsSchema: withId })
    engine.workspace.patch({ userFieldsSchema: withId })
    expect(() => engine.customers.create({ name: 'x', fields: { plan: 1 } })).toThrow(/fields.plan must be string/)
    await engine.close()
  })
})
