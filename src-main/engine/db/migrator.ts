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
  // Each noun owns a number range (0010-0019 connections, 0020-0029 flows ...), so a data folder made
  // before a lower range landed has later ones applied already: apply what is missing, in order.
  const migrator = new Migrator({ db: q, provider: new StaticMigrationProvider(), allowUnorderedMigrations: true })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    const where = failed ? ` (migration ${failed.migrationName})` : ''
    throw new Error(`Database migration failed${where}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}
