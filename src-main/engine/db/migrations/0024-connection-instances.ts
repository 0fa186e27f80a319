import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * Instances on connections: what deploying a flow did (field schemas), the app webhooks its
 * data-record triggers subscribed to (secrets sealed), action instances, and which connection
 * and action instance an action run went through.
 */
export const m0024ConnectionInstances: NamedMigration = {
  name: '0024-connection-instances',
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE flow_instances ADD COLUMN setup TEXT`.execute(db)
    await sql`CREATE INDEX flow_instances_connection ON flow_instances (connection_id) WHERE connection_id IS NOT NULL`.execute(db)

    await sql`CREATE TABLE record_trigger_subscriptions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      flow_instance_id TEXT NOT NULL,
      node_key TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      collection_key TEXT NOT NULL,
      events TEXT NOT NULL,
      callback_url TEXT NOT NULL,
      external_id TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      cursor TEXT NOT NULL,
      events_received INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX record_trigger_subscriptions_instance ON record_trigger_subscriptions (flow_instance_id)`.execute(db)

    await sql`CREATE TABLE action_instances (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers (id),
      action_id TEXT NOT NULL REFERENCES actions (id),
      integration_key TEXT,
      connection_id TEXT,
      instance_key TEXT,
      name TEXT,
      config TEXT,
      input_schema TEXT,
      output_mapping TEXT,
      state TEXT NOT NULL DEFAULT 'READY',
      errors TEXT,
      fields_schema TEXT,
      setup_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX action_instances_customer ON action_instances (customer_id, seq)`.execute(db)
    await sql`CREATE UNIQUE INDEX action_instances_one_per_action ON action_instances (customer_id, action_id, ifnull(connection_id, ''), ifnull(instance_key, ''))
      WHERE archived_at IS NULL`.execute(db)

    await sql`ALTER TABLE action_runs ADD COLUMN connection_id TEXT`.execute(db)
    await sql`ALTER TABLE action_runs ADD COLUMN action_instance_id TEXT`.execute(db)
  }
}
