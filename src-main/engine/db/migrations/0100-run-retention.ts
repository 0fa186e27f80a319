import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * Run retention settings on the workspace (by age in days and by count per instance; NULL keeps
 * runs forever), and the indexes that keep the runs list and its filters fast at a million runs:
 * created_at for pruning by age and the from/to filter, state / integration / connection for
 * their filters, each ordered by seq as the list is.
 */
export const m0100RunRetention: NamedMigration = {
  name: '0100-run-retention',
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE workspace ADD COLUMN run_retention_days INTEGER DEFAULT 30`.execute(db)
    await sql`ALTER TABLE workspace ADD COLUMN run_retention_per_instance INTEGER DEFAULT 10000`.execute(db)
    await sql`CREATE INDEX flow_runs_created ON flow_runs (created_at)`.execute(db)
    await sql`CREATE INDEX flow_runs_state ON flow_runs (state, seq)`.execute(db)
    await sql`CREATE INDEX flow_runs_integration ON flow_runs (integration_key, seq) WHERE integration_key IS NOT NULL`.execute(
      db
    )
    await sql`CREATE INDEX flow_runs_connection ON flow_runs (connection_id, seq) WHERE connection_id IS NOT NULL`.execute(
      db
    )
  }
}
