import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toJsonColumn } from '../../../src-main/engine/common/json-column'
import { CustomerRepository } from '../../../src-main/engine/customers/customer.repository'
import { openDatabase, type Database } from '../../../src-main/engine/db/database'
import { migrateToLatest } from '../../../src-main/engine/db/migrator'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'

const opened: Database[] = []
afterAll(async () => {
  for (const db of opened) await db.close()
  removeTempDirs()
})

async function repository(): Promise<{ db: Database; repo: CustomerRepository }> {
  const db = openDatabase(join(makeTempDir('customers-'), 'workbench.sqlite'))
  await migrateToLatest(db)
  opened.push(db)
  return { db, repo: new CustomerRepository(db) }
}

const at = '2026-01-01T00:00:00.000Z'
function row(id: string, internalId: string, name = internalId) {
  return {
    id,
    internal_id: internalId,
    name,
    fields: toJsonColumn({}),
    is_test: 0 as const,
    created_at: at,
    updated_at: at
  }
}

/** What the table itself holds, read around the repository. */
function stored(db: Database, internalId: string) {
  return db.sqlite.prepare('SELECT id, name FROM customers WHERE internal_id = ?').get(internalId)
}

describe('customer rows kept by internal id', () => {
  it('answers a repeated lookup from memory with a frozen row, and every write shows at once', async () => {
    const { db, repo } = await repository()
    repo.insert(row('c1', 'acme'))
    const first = repo.byInternalId('acme')!
    expect(repo.byInternalId('acme')).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)

    repo.update('c1', { name: 'Acme 2' })
    expect(repo.byInternalId('acme')).toMatchObject({ id: 'c1', name: 'Acme 2' })
    expect(stored(db, 'acme')).toEqual({ id: 'c1', name: 'Acme 2' })

    // a new internal id: the old one finds nothing, the new one finds the row
    repo.byInternalId('acme')
    repo.update('c1', { internal_id: 'acme-new' })
    expect(repo.byInternalId('acme')).toBeUndefined()
    expect(repo.byInternalId('acme-new')).toMatchObject({ id: 'c1' })

    repo.deleteAll()
    expect(repo.byInternalId('acme-new')).toBeUndefined()
    repo.insert(row('c2', 'acme-new', 'Again'))
    expect(repo.byInternalId('acme-new')).toMatchObject({ id: 'c2', name: 'Again' })
  })

  it('does not keep a row read inside a transaction that is rolled back', async () => {
    const { db, repo } = await repository()
    expect(() =>
      db.transaction(() => {
        repo.insert(row('c1', 'ghost'))
        expect(repo.byInternalId('ghost')).toMatchObject({ id: 'c1' })
        throw new Error('the import failed')
      })
    ).toThrow('the import failed')
    expect(stored(db, 'ghost')).toBeUndefined()
    expect(repo.byInternalId('ghost')).toBeUndefined()
  })

  it('forgets a kept row that a rolled-back transaction updated', async () => {
    const { db, repo } = await repository()
    repo.insert(row('c1', 'acme', 'Acme'))
    repo.byInternalId('acme')
    expect(() =>
      db.transaction(() => {
        repo.update('c1', { name: 'Never' })
        throw new Error('rolled back')
      })
    ).toThrow('rolled back')
    expect(repo.byInternalId('acme')).toMatchObject({ name: 'Acme' })
  })
})
