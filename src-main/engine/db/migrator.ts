import type { Database } from './database'
import { MIGRATIONS } from './migrations'
import type { NamedMigration } from './named-migration'

/**
 * Where applied migrations are recorded. The name and columns are kysely's Migrator's, which
 * earlier versions used: their data folders open unchanged.
 */
const RECORD_TABLE = 'kysely_migration'

/**
 * Applies every pending migration in order, all of them in one transaction, and returns the
 * names applied now.
 *
 * One transaction because SQLite's schema changes are transactional, and kysely's Migrator does
 * not use that on SQLite (it runs each statement on its own): a first start killed halfway
 * through left tables without their record, and every later start failed on "table … already
 * exists". Now a start that stops anywhere leaves the database as it was before it.
 *
 * The common start costs one indexed select: the stored latest name against the newest here.
 */
export async function migrateToLatest(
  db: Pick<Database, 'q' | 'sqlite'>,
  migrations: readonly NamedMigration[] = MIGRATIONS
): Promise<string[]> {
  const { sqlite } = db
  const newest = migrations[migrations.length - 1]?.name
  if (newest !== undefined && latestApplied(sqlite) === newest) return []

  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS ${RECORD_TABLE} (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`
  )
  const applied = sqlite.prepare(`SELECT name FROM ${RECORD_TABLE} ORDER BY name`).pluck().all() as string[]
  applied.forEach((name, i) => {
    if (migrations[i]?.name === name) return
    throw new Error(
      migrations.some((m) => m.name === name)
        ? `Database migration failed: the database records migration ${name} out of order (expected ${migrations[i]?.name}); the file was changed by hand.`
        : `Database migration failed: the database was written by a newer Workbench (it has migration ${name}, which this version does not know). Use that version, or a copy of the data folder.`
    )
  })
  const pending = migrations.slice(applied.length)
  if (pending.length === 0) return []

  const record = sqlite.prepare(`INSERT INTO ${RECORD_TABLE} (name, timestamp) VALUES (?, ?)`)
  // BEGIN by hand, not db.transaction(): that one is synchronous, and migrations are kysely
  // queries that await (on this same connection, so they run inside it)
  sqlite.exec('BEGIN IMMEDIATE')
  try {
    for (const migration of pending) {
      try {
        await migration.up(db.q)
      } catch (error) {
        throw new Error(
          `Database migration failed (migration ${migration.name}): ${error instanceof Error ? error.message : String(error)}`,
          { cause: error }
        )
      }
      record.run(migration.name, new Date().toISOString())
    }
    sqlite.exec('COMMIT')
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
    throw error
  }
  return pending.map((m) => m.name)
}

/** The newest recorded migration, or undefined in a new file. */
function latestApplied(sqlite: Database['sqlite']): string | undefined {
  try {
    return sqlite.prepare(`SELECT name FROM ${RECORD_TABLE} ORDER BY name DESC LIMIT 1`).pluck().get() as
      string | undefined
  } catch {
    return undefined // no record table yet
  }
}
