import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * Data sources and field mappings: workspace elements (universal, or one integration, with
 * copies of a universal one that follow it until customised) and their instances on
 * customers' connections, whose NULL columns follow the element.
 */
export const m0040DataSources: NamedMigration = {
  name: '0040-data-sources',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE data_sources (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      integration_key TEXT,
      parent_id TEXT,
      name TEXT NOT NULL,
      description TEXT,
      udm TEXT,
      collection_key TEXT,
      collection_parameters TEXT,
      is_customized INTEGER NOT NULL DEFAULT 0,
      revision INTEGER NOT NULL DEFAULT 1,
      meta TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX data_sources_key ON data_sources (key, ifnull(integration_key, '')) WHERE archived_at IS NULL`.execute(db)
    await sql`CREATE INDEX data_sources_parent ON data_sources (parent_id) WHERE parent_id IS NOT NULL`.execute(db)

    await sql`CREATE TABLE data_source_instances (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers (id),
      data_source_id TEXT NOT NULL REFERENCES data_sources (id),
      integration_key TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      instance_key TEXT,
      collection_key TEXT,
      collection_parameters TEXT,
      state TEXT NOT NULL DEFAULT 'READY',
      errors TEXT,
      collection_spec TEXT,
      setup_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX data_source_instances_customer ON data_source_instances (customer_id, seq)`.execute(db)
    await sql`CREATE UNIQUE INDEX data_source_instances_one ON data_source_instances (customer_id, data_source_id, connection_id, ifnull(instance_key, ''))
      WHERE archived_at IS NULL`.execute(db)

    await sql`CREATE TABLE field_mappings (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      integration_key TEXT,
      parent_id TEXT,
      name TEXT NOT NULL,
      description TEXT,
      data_source_key TEXT,
      app_schema TEXT,
      direction TEXT NOT NULL DEFAULT 'both',
      default_import_value TEXT,
      default_export_value TEXT,
      frozen_import_fields TEXT,
      frozen_export_fields TEXT,
      is_customized INTEGER NOT NULL DEFAULT 0,
      revision INTEGER NOT NULL DEFAULT 1,
      meta TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX field_mappings_key ON field_mappings (key, ifnull(integration_key, '')) WHERE archived_at IS NULL`.execute(db)
    await sql`CREATE INDEX field_mappings_parent ON field_mappings (parent_id) WHERE parent_id IS NOT NULL`.execute(db)

    await sql`CREATE TABLE field_mapping_instances (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers (id),
      field_mapping_id TEXT NOT NULL REFERENCES field_mappings (id),
      integration_key TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      instance_key TEXT,
      import_value TEXT,
      export_value TEXT,
      data_source_instance_id TEXT,
      data_source_schema TEXT,
      state TEXT NOT NULL DEFAULT 'READY',
      errors TEXT,
      setup_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX field_mapping_instances_customer ON field_mapping_instances (customer_id, seq)`.execute(db)
    await sql`CREATE UNIQUE INDEX field_mapping_instances_one ON field_mapping_instances (customer_id, field_mapping_id, connection_id, ifnull(instance_key, ''))
      WHERE archived_at IS NULL`.execute(db)
  }
}
