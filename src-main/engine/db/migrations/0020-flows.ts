import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** Flow and action templates, flow instances, flow runs with their node runs, action runs, and your app's API base URL. */
export const m0020Flows: NamedMigration = {
  name: '0020-flows',
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE workspace ADD COLUMN api_base_uri TEXT`.execute(db)
    await sql`CREATE TABLE flows (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      integration_key TEXT,
      parent_id TEXT,
      name TEXT NOT NULL,
      description TEXT,
      nodes TEXT NOT NULL,
      parameters_schema TEXT,
      concurrency INTEGER,
      auto_create_instances INTEGER NOT NULL DEFAULT 0,
      is_customized INTEGER NOT NULL DEFAULT 0,
      revision INTEGER NOT NULL DEFAULT 1,
      meta TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX flows_key ON flows (key, ifnull(integration_key, '')) WHERE archived_at IS NULL`.execute(db)
    await sql`CREATE INDEX flows_parent ON flows (parent_id) WHERE parent_id IS NOT NULL`.execute(db)

    await sql`CREATE TABLE actions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      integration_key TEXT,
      parent_id TEXT,
      name TEXT NOT NULL,
      description TEXT,
      type TEXT NOT NULL,
      config TEXT NOT NULL,
      input_schema TEXT,
      output_mapping TEXT,
      custom_output_schema TEXT,
      is_customized INTEGER NOT NULL DEFAULT 0,
      revision INTEGER NOT NULL DEFAULT 1,
      meta TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX actions_key ON actions (key, ifnull(integration_key, '')) WHERE archived_at IS NULL`.execute(db)
    await sql`CREATE INDEX actions_parent ON actions (parent_id) WHERE parent_id IS NOT NULL`.execute(db)

    await sql`CREATE TABLE flow_instances (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers (id),
      flow_id TEXT REFERENCES flows (id),
      integration_key TEXT,
      connection_id TEXT,
      instance_key TEXT,
      name TEXT NOT NULL,
      customized_name INTEGER NOT NULL DEFAULT 0,
      nodes TEXT NOT NULL,
      parameters TEXT,
      enabled INTEGER NOT NULL DEFAULT 1,
      flow_revision INTEGER,
      concurrency INTEGER,
      state TEXT NOT NULL DEFAULT 'READY',
      errors TEXT,
      setup_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX flow_instances_customer ON flow_instances (customer_id, seq)`.execute(db)
    await sql`CREATE INDEX flow_instances_flow ON flow_instances (flow_id) WHERE flow_id IS NOT NULL`.execute(db)
    await sql`CREATE UNIQUE INDEX flow_instances_one_per_flow ON flow_instances (customer_id, flow_id, ifnull(connection_id, ''), ifnull(instance_key, ''))
      WHERE flow_id IS NOT NULL AND archived_at IS NULL`.execute(db)

    await sql`CREATE TABLE flow_runs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      flow_instance_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      flow_id TEXT,
      universal_flow_id TEXT,
      integration_key TEXT,
      connection_id TEXT,
      name TEXT,
      start_node_key TEXT NOT NULL,
      state TEXT NOT NULL,
      input TEXT,
      output TEXT,
      errors TEXT,
      nodes TEXT,
      launched_by TEXT NOT NULL,
      repeat_of TEXT,
      meta TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      ended_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX flow_runs_customer ON flow_runs (customer_id, seq)`.execute(db)
    await sql`CREATE INDEX flow_runs_instance ON flow_runs (flow_instance_id, seq)`.execute(db)
    await sql`CREATE INDEX flow_runs_flow ON flow_runs (flow_id, seq) WHERE flow_id IS NOT NULL`.execute(db)
    await sql`CREATE INDEX flow_runs_unfinished ON flow_runs (state) WHERE state IN ('queued', 'running')`.execute(db)

    await sql`CREATE TABLE flow_node_runs (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL,
      run_id TEXT NOT NULL,
      idx INTEGER NOT NULL,
      node_key TEXT NOT NULL,
      node_type TEXT NOT NULL,
      status TEXT NOT NULL,
      input TEXT,
      outputs TEXT NOT NULL,
      upstream TEXT,
      iteration TEXT,
      logs TEXT,
      errors TEXT,
      started_at TEXT NOT NULL,
      duration_ms REAL NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX flow_node_runs_run ON flow_node_runs (run_id, idx)`.execute(db)

    await sql`CREATE TABLE action_runs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      action_id TEXT NOT NULL,
      action_key TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      state TEXT NOT NULL,
      input TEXT,
      output TEXT,
      errors TEXT,
      logs TEXT,
      started_at TEXT NOT NULL,
      ended_at TEXT NOT NULL,
      duration_ms REAL NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX action_runs_action ON action_runs (action_id, seq)`.execute(db)
    await sql`CREATE INDEX action_runs_customer ON action_runs (customer_id, seq)`.execute(db)
  }
}
