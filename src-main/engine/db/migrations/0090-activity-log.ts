import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * The activity log on disk: API calls (with their request and answer, redacted), engine events and
 * webhook deliveries, with what each touched (customer, connection, run) for links and filters.
 * `seq` is the log's cursor; the engine trims the oldest rows past its retention limit.
 */
export const m0090ActivityLog: NamedMigration = {
  name: '0090-activity-log',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE activity_entries (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      actor TEXT,
      status INTEGER,
      duration_ms REAL,
      error TEXT,
      details TEXT,
      exchange TEXT,
      customer_id TEXT,
      connection_id TEXT,
      flow_run_id TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX activity_entries_kind ON activity_entries (kind, seq)`.execute(db)
    await sql`CREATE INDEX activity_entries_customer ON activity_entries (customer_id, seq) WHERE customer_id IS NOT NULL`.execute(db)
    await sql`CREATE INDEX activity_entries_connection ON activity_entries (connection_id, seq) WHERE connection_id IS NOT NULL`.execute(db)
    await sql`CREATE INDEX activity_entries_run ON activity_entries (flow_run_id, seq) WHERE flow_run_id IS NOT NULL`.execute(db)
  }
}
