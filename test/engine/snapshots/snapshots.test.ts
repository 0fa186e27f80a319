import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'
import { createTestEngine } from '../../support/test-engine'
import { databaseBytes, normalizeSnapshot } from './snapshot-helpers'

const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close()
  removeTempDirs()
})

async function engineAt(dataDir = makeTempDir()) {
  const engine = await createTestEngine({ dataDir })
  engines.push(engine)
  return { engine, dataDir }
}

describe('snapshots: export and import', () => {
  it('round trip of one customer: A → B → export again is equal apart from ids and timestamps', async () => {
    const { engine: a } = await engineAt()
    a.workspace.patch({ userFieldsSchema: { type: 'object', properties: { plan: { type: 'string' } } } })
    a.customers.create({
      name: 'Acme',
      internalId: 'acme',
      fields: { plan: 'pro', extra: [1, 2] },
      meta: { source: 'crm' }
    })
    a.customers.create({ name: 'Other', internalId: 'other' })
    const fromA = a.snapshots.exportSnapshot({ customer: 'acme' })
    expect(fromA.customers.map((c) => c.internalId)).toEqual(['acme'])

    const { engine: b } = await engineAt()
    const report = b.snapshots.importSnapshot(JSON.stringify(fromA), { fieldSchema: 'replace' })
    expect(report.counts.customers).toMatchObject({ added: 1 })
    const fromB = b.snapshots.exportSnapshot({ customer: 'acme' })
    expect(normalizeSnapshot(fromB)).toEqual(normalizeSnapshot(fromA))
    expect(b.customers.get('acme')).toMatchObject({
      name: 'Acme',
      fields: { plan: 'pro', extra: [1, 2] },
      meta: { source: 'crm' }
    })
  })

  it('a secret-free export carries no credential; a passphrase export seals them and needs the passphrase', async () => {
    const { engine: a } = await engineAt()
    a.customers.create({ name: 'Creds', internalId: 'creds', credentials: { apiKey: 'key-that-must-not-leak-123' } })
    const plain = JSON.stringify(a.snapshots.exportSnapshot())
    expect(plain).not.toContain('key-that-must-not-leak-123')
    expect(plain).not.toContain(a.workspace.credentials().secret)
    expect(plain).not.toMatch(/"credentials"|"secret"/)

    const sealed = JSON.stringify(a.snapshots.exportSnapshot({ passphrase: 'correct horse battery' }))
    expect(sealed).not.toContain('key-that-must-not-leak-123')
    expect(sealed).not.toContain(a.workspace.credentials().secret)

    const { engine: b, dataDir } = await engineAt()
    const before = databaseBytes(dataDir)
    expect(() => b.snapshots.importSnapshot(sealed, { passphrase: 'wrong horse battery' })).toThrow(
      /passphrase does not open this snapshot's secrets/
    )
    expect(() => b.snapshots.importSnapshot(sealed)).toThrow(/carries secrets sealed with a passphrase/)
    expect(databaseBytes(dataDir)).toBe(before)
    b.snapshots.importSnapshot(sealed, { passphrase: 'correct horse battery', onConflict: 'skip' })
    expect(b.customers.get('creds', { includeSecrets: true }).credentials).toEqual({
      apiKey: 'key-that-must-not-leak-123'
    })
  })

  describe('refuses bad files with a precise message and leaves the database byte-for-byte unchanged', () => {
    const cases: Array<[string, (text: string) => string, RegExp]> = [
      ['a truncated file', (t) => t.slice(0, Math.floor(t.length / 2)), /not complete JSON: it ends after \d+ bytes/],
      [
        'a wrong version',
        (t) => t.replace('"version":1', '"version":7'),
        /version 7, written by a newer Workbench; this one reads version 1/
      ],
      [
        'another format',
        (t) => t.replace('integration-workbench-snapshot', 'something-else'),
        /not an Integration Workbench snapshot/
      ],
      [
        'a dangling reference',
        (t) => t.replace(/"customerRef":"[0-9a-f]+"/, '"customerRef":"nope"'),
        /scope\.customerRef "nope" names no customer in the file/
      ],
      [
        'a field value that breaks the schema',
        (t) => t.replace('"plan":"pro"', '"plan":42'),
        /customers\[0\]\.fields\.plan must be string, got number 42 \(customer "acme"\)/
      ],
      [
        'a wrong type deep inside',
        (t) => t.replace('"isTest":false', '"isTest":"no"'),
        /customers\[0\]\.isTest must be boolean/
      ],
      [
        'broken JSON in the middle',
        (t) => t.replace('"name":"Acme"', '"name":Acme"'),
        /not valid JSON at line 1, column \d+/
      ]
    ]
    for (const [name, damage, message] of cases) {
      it(name, async () => {
        const { engine: a } = await engineAt()
        a.customers.create({ name: 'Acme', internalId: 'acme', fields: { plan: 'pro' } })
        const text = JSON.stringify(a.snapshots.exportSnapshot({ customer: 'acme' }))
        const { engine: b, dataDir } = await engineAt()
        b.workspace.patch({ userFieldsSchema: { type: 'object', properties: { plan: { type: 'string' } } } })
        const before = databaseBytes(dataDir)
        expect(() => b.snapshots.importSnapshot(damage(text))).toThrow(message)
        expect(databaseBytes(dataDir)).toBe(before)
        expect(b.customers.list({ search: 'acme' }).items).toEqual([])
      })
    }
  })

  it('conflicts need an explicit choice: skip, replace or rename', async () => {
    const { engine: a } = await engineAt()
    a.customers.create({ name: 'Acme from A', internalId: 'acme', fields: { from: 'a' } })
    const text = JSON.stringify(a.snapshots.exportSnapshot({ customer: 'acme' }))
    const { engine: b } = await engineAt()
    const existing = b.customers.create({ name: 'Acme in B', internalId: 'acme', fields: { from: 'b' } })

    expect(() => b.snapshots.importSnapshot(text)).toThrow(
      /1 customer of the file already exist here \("acme"\); choose what to do: onConflict skip, replace or rename/
    )
    expect(b.snapshots.importSnapshot(text, { onConflict: 'skip' }).counts.customers.skipped).toBe(1)
    expect(b.customers.get('acme').fields).toEqual({ from: 'b' })

    const renamed = b.snapshots.importSnapshot(text, { onConflict: 'rename' })
    expect(renamed.items[0]).toMatchObject({ action: 'renamed', label: 'acme-imported' })
    expect(b.customers.get('acme-imported').fields).toEqual({ from: 'a' })

    const dry = b.snapshots.importSnapshot(text, { onConflict: 'replace', dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, counts: { customers: { changed: 1 } } })
    expect(b.customers.get('acme').fields).toEqual({ from: 'b' })

    b.snapshots.importSnapshot(text, { onConflict: 'replace' })
    expect(b.customers.get('acme')).toMatchObject({ id: existing.id, name: 'Acme from A', fields: { from: 'a' } })
  })

  it("a whole workspace replaces another, keeping one test customer, with the file's settings", async () => {
    const { engine: a } = await engineAt()
    a.workspace.patch({
      name: 'Demo workspace',
      userFieldsSchema: { type: 'object', properties: { tier: { type: 'string' } } }
    })
    a.customers.updateTestCustomer({ internalId: 'qa-test', fields: { tier: 'gold' } })
    for (let i = 0; i < 3; i++) a.customers.create({ name: `C${i}`, internalId: `c${i}`, fields: { tier: 'free' } })
    const file = a.snapshots.exportSnapshot({ passphrase: 'demo-passphrase' })

    const { engine: b } = await engineAt()
    b.customers.create({ name: 'Gone', internalId: 'gone' })
    const report = b.snapshots.importSnapshot(file, {
      replaceWorkspace: true,
      passphrase: 'demo-passphrase',
      applyWorkspaceCredentials: true
    })
    expect(report.counts.customers.added).toBe(4)
    expect(b.workspace.get()).toMatchObject({ name: 'Demo workspace', key: a.workspace.key() })
    expect(b.workspace.credentials().secret).toBe(a.workspace.credentials().secret)
    expect(b.customers.list().items.map((c) => c.internalId)).toEqual(['qa-test', 'c0', 'c1', 'c2'])
    expect(b.customers.testCustomer().internalId).toBe('qa-test')
    const token = (await a.tokens.mint({ customerId: 'c1' })).token
    expect((await b.auth.fromToken(token)).kind).toBe('customer')
  })

  it('the published JSON Schema matches the engine', async () => {
    const { engine } = await engineAt()
    const { readFileSync, writeFileSync } = await import('node:fs')
    const { resolve } = await import('node:path')
    const file = resolve(__dirname, '../../../docs/snapshot.schema.json')
    const schema = JSON.stringify(engine.snapshots.schema(), null, 2) + '\n'
    if (process.env.UPDATE_SNAPSHOT_SCHEMA === '1') writeFileSync(file, schema)
    expect(
      readFileSync(file, 'utf8'),
      'regenerate with UPDATE_SNAPSHOT_SCHEMA=1 npx vitest run test/engine/snapshots'
    ).toBe(schema)
  })
})
