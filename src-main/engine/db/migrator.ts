import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { MIGRATIONS } from './migrations'

/** Kysely provider over the static list: a folder scan would break once bundled. */
class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(MIGRATIONS.map((m) => [m.name, m]))
  }
}

/**
 * True when the stored latest migration is the newest in the list: the common start needs one
 * indexed select, not kysely's Migrator (which locks, lists and compares every migration).
 */
function upToDate(sqlite: { prepare(sql: string): { get(): unknown } } | undefined): boolean {
  if (!sqlite) return false
  try {
    const row = sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1').get() as
      { name: string } | undefined
    return row?.name === MIGRATIONS[MIGRATIONS.length - 1].name
  } catch {
    return false // no migration table yet: a new file
  }
}

/** Applies every pending migration in order; returns the names applied now. */
export async function migrateToLatest(
  q: Kysely<any>,
  sqlite?: { prepare(sql: string): { get(): unknown } }
): Promise<string[]> {
  if (upToDate(sqlite)) return []
  const migrator = new Migrator({ db: q, provider: new StaticMigrationProvider() })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    const where = failed ? ` (migration ${failed.migrationName})` : ''
    throw new Error(`Database migration failed${where}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}
