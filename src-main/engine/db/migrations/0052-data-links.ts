import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * Data links: tables of record-id pairs (your app's record ↔ the external app's record) that a
 * two-way sync keeps, defined once per workspace and held per connection.
 */
export const m0052DataLinks: NamedMigration = {
  name: '0052-data-links',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE data_link_tables (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      revision TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX data_link_tables_key ON data_link_tables (key) WHERE archived_at IS NULL`.execute(db)

    await sql`CREATE TABLE data_link_table_instances (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      data_link_table_id TEXT NOT NULL REFERENCES data_link_tables (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      connection_id TEXT NOT NULL,
      instance_key TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX data_link_table_instances_one ON data_link_table_instances (data_link_table_id, connection_id, ifnull(instance_key, ''))
      WHERE archived_at IS NULL`.execute(db)

    await sql`CREATE TABLE data_links (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      data_link_table_instance_id TEXT NOT NULL REFERENCES data_link_table_instances (id),
      app_record_id TEXT NOT NULL,
      external_record_id TEXT NOT NULL,
      direction TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX data_links_pair ON data_links (data_link_table_instance_id, app_record_id, external_record_id)`.execute(db)
    await sql`CREATE INDEX data_links_external ON data_links (data_link_table_instance_id, external_record_id)`.execute(db)
  }
}
