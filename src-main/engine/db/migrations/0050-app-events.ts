import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * App events as Membrane has them: event types (workspace elements with a schema, a global
 * webhook and a formula that finds the customer), one subscription per customer and type
 * (its webhook token sealed, kept by hash for lookup), and the log of every event received.
 */
export const m0050AppEvents: NamedMigration = {
  name: '0050-app-events',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE app_event_types (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      schema TEXT,
      example TEXT,
      webhook_key TEXT NOT NULL UNIQUE,
      user_id_formula TEXT,
      subscribe_request TEXT,
      unsubscribe_request TEXT,
      revision TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX app_event_types_key ON app_event_types (key) WHERE archived_at IS NULL`.execute(db)

    await sql`CREATE TABLE app_event_subscriptions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      app_event_type_id TEXT NOT NULL REFERENCES app_event_types (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      instance_key TEXT,
      is_subscribed INTEGER NOT NULL DEFAULT 0,
      token_hash TEXT NOT NULL UNIQUE,
      token_sealed TEXT NOT NULL,
      subscription_request TEXT,
      subscription_response TEXT,
      error TEXT,
      revision TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX app_event_subscriptions_one ON app_event_subscriptions (app_event_type_id, customer_id, ifnull(instance_key, ''))
      WHERE archived_at IS NULL`.execute(db)
    await sql`CREATE INDEX app_event_subscriptions_customer ON app_event_subscriptions (customer_id, seq)`.execute(db)

    await sql`CREATE TABLE app_event_log_records (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      app_event_type_id TEXT NOT NULL,
      app_event_subscription_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      event TEXT NOT NULL,
      launched_flow_run_ids TEXT NOT NULL,
      datetime TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX app_event_log_records_customer ON app_event_log_records (customer_id, seq)`.execute(db)
  }
}
