import { sql, type Kysely } from 'kysely'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src-main/engine/db/database'
import { MIGRATIONS } from '../../../src-main/engine/db/migrations'
import { migrateToLatest } from '../../../src-main/engine/db/migrator'
import type { NamedMigration } from '../../../src-main/engine/db/named-migration'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'

const opened: Database[] = []
afterAll(async () => {
  for (const db of opened) await db.close()
  removeTempDirs()
})

function fresh(): Database {
  const db = openDatabase(join(makeTempDir('migrator-'), 'test.sqlite'))
  opened.push(db)
  return db
}

const tables = (db: Database): string[] =>
  db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
const recorded = (db: Database): string[] =>
  db.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[]

const createTable = (name: string, table: string): NamedMigration => ({
  name,
  async up(q: Kysely<any>) {
    await sql.raw(`CREATE TABLE ${table} (id TEXT PRIMARY KEY)`).execute(q)
  }
})

describe('migrations', () => {
  it('apply in order, are recorded, and a second run does nothing', async () => {
    const db = fresh()
    expect(await migrateToLatest(db)).toEqual(MIGRATIONS.map((m) => m.name))
    expect(recorded(db)).toEqual(MIGRATIONS.map((m) => m.name))
    expect(tables(db)).toEqual(expect.arrayContaining(['workspace', 'customers', 'flow_runs']))
    expect(await migrateToLatest(db)).toEqual([])
  })

  it('apply only what is pending on a database an earlier version migrated', async () => {
    const db = fresh()
    await migrateToLatest(db, MIGRATIONS.slice(0, 5))
    expect(await migrateToLatest(db)).toEqual(MIGRATIONS.slice(5).map((m) => m.name))
    expect(recorded(db)).toEqual(MIGRATIONS.map((m) => m.name))
  })

  it('leave the database as it was when one fails halfway: nothing applied, nothing recorded', async () => {
    const db = fresh()
    await migrateToLatest(db, [createTable('0001-a', 'a')])
    const broken: NamedMigration = {
      name: '0003-c',
      async up(q) {
        await sql.raw('CREATE TABLE c (id TEXT)').execute(q)
        await sql.raw('INSERT INTO no_such_table VALUES (1)').execute(q)
      }
    }
    await expect(migrateToLatest(db, [createTable('0001-a', 'a'), createTable('0002-b', 'b'), broken])).rejects.toThrow(
      /^Database migration failed \(migration 0003-c\): no such table: no_such_table/
    )
    expect(tables(db)).toEqual(['a', 'kysely_migration'])
    expect(recorded(db)).toEqual(['0001-a'])
    expect(db.sqlite.inTransaction).toBe(false)

    // the fixed build applies both
    expect(
      await migrateToLatest(db, [createTable('0001-a', 'a'), createTable('0002-b', 'b'), createTable('0003-c', 'c')])
    ).toEqual(['0002-b', '0003-c'])
    expect(tables(db)).toEqual(['a', 'b', 'c', 'kysely_migration'])
  })

  it('refuse a database written by a newer version, and one whose record was edited, saying so', async () => {
    const db = fresh()
    await migrateToLatest(db, [createTable('0001-a', 'a'), createTable('0002-b', 'b')])
    await expect(migrateToLatest(db, [createTable('0001-a', 'a')])).rejects.toThrow(
      /written by a newer Workbench \(it has migration 0002-b/
    )
    await expect(
      migrateToLatest(db, [
        createTable('0001-a', 'a'),
        createTable('0001-b', 'b'),
        createTable('0002-b', 'x'),
        createTable('0003-c', 'c')
      ])
    ).rejects.toThrow(/records migration 0002-b out of order \(expected 0001-b\)/)
    expect(tables(db)).toEqual(['a', 'b', 'kysely_migration'])
  })
})
