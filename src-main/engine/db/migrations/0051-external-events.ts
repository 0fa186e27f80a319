import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * External events: the app webhooks a connection holds for data-record triggers become
 * external event subscriptions with a status (kept when unsubscribed, so the customer sees
 * them), and every delivery and pull is logged.
 */
export const m0051ExternalEvents: NamedMigration = {
  name: '0051-external-events',
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE record_trigger_subscriptions ADD COLUMN status TEXT NOT NULL DEFAULT 'subscribed'`.execute(db)
    await sql`ALTER TABLE record_trigger_subscriptions ADD COLUMN error TEXT`.execute(db)
    await sql`CREATE INDEX record_trigger_subscriptions_connection ON record_trigger_subscriptions (connection_id, seq)`.execute(db)

    await sql`CREATE TABLE external_event_log_records (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      external_event_subscription_id TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      payload TEXT,
      status TEXT NOT NULL,
      error TEXT,
      launched_flow_run_ids TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX external_event_log_records_subscription ON external_event_log_records (external_event_subscription_id, seq)`.execute(db)

    await sql`CREATE TABLE external_event_pulls (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      external_event_subscription_id TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      status TEXT NOT NULL,
      start_datetime TEXT NOT NULL,
      end_datetime TEXT NOT NULL,
      collected_event_ids TEXT NOT NULL,
      error TEXT,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
  }
}
