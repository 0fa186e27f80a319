import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * A workspace's own connectors as the Membrane CLI pushes them: the connector record and the
 * uploaded source zip, kept as is so `membrane pull` gives them back.
 */
export const m0071CustomConnectors: NamedMigration = {
  name: '0071-custom-connectors',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE custom_connectors (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      uuid TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL,
      name TEXT NOT NULL,
      spec TEXT NOT NULL,
      source_zip BLOB,
      source_size INTEGER NOT NULL DEFAULT 0,
      uploaded_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
  }
}
