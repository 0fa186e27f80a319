import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { MIGRATIONS } from './migrations'

/** Kysely provider over the static list: a folder scan would break once bundled. */
class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(MIGRATIONS.map((m) => [m.name, m]))
  }
}

/** Applies every pending migration in order; returns the names applied now. */
export async function migrateToLatest(q: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db: q, provider: new StaticMigrationProvider() })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    const where = failed ? ` (migration ${failed.migrationName})` : ''
    throw new Error(`Database migration failed${where}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}
