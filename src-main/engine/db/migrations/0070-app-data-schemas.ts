import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** App data schemas: named JSON Schemas of your app's data, universal workspace elements keyed like flows. */
export const m0070AppDataSchemas: NamedMigration = {
  name: '0070-app-data-schemas',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE app_data_schemas (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      schema TEXT NOT NULL,
      code TEXT,
      meta TEXT,
      revision INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX app_data_schemas_live_key ON app_data_schemas (key) WHERE archived_at IS NULL`.execute(db)
  }
}
