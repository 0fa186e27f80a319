import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src-main/engine/db/migrations'

const root = resolve(__dirname, '../../..')
const manifestFile = join(__dirname, 'migrations.manifest.json')

/** sha256 of a migration's source file, line endings normalised. */
function hashOf(name: string): string {
  const text = readFileSync(join(root, 'src-main/engine/db/migrations', `${name}.ts`), 'utf8').replace(/\r\n/g, '\n')
  return createHash('sha256').update(text).digest('hex')
}

describe('migrations are append-only', () => {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Array<{ name: string; sha256: string }>

  it('every landed migration keeps its name, position and content', () => {
    // Run with UPDATE_MIGRATION_MANIFEST=1 only when ADDING a migration; never to accept an edit.
    if (process.env.UPDATE_MIGRATION_MANIFEST === '1') {
      const next = MIGRATIONS.map((m) => ({ name: m.name, sha256: hashOf(m.name) }))
      expect(next.slice(0, manifest.length)).toEqual(manifest)
      writeFileSync(manifestFile, JSON.stringify(next, null, 2) + '\n')
      return
    }
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(manifest.length)
    manifest.forEach((entry, i) => {
      expect(MIGRATIONS[i]?.name, `migration #${i + 1} was renamed or removed`).toBe(entry.name)
      expect(
        hashOf(entry.name),
        `migration ${entry.name} was edited after it landed; add a new migration instead`
      ).toBe(entry.sha256)
    })
  })

  it('every migration is in the manifest', () => {
    expect(
      MIGRATIONS.map((m) => m.name),
      'add new migrations to the manifest: UPDATE_MIGRATION_MANIFEST=1 npx vitest run test/engine/db'
    ).toEqual(manifest.map((m) => m.name))
  })

  it('names sort in the order they apply', () => {
    const names = MIGRATIONS.map((m) => m.name)
    expect([...names].sort()).toEqual(names)
  })
})
