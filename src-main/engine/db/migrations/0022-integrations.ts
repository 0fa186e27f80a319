import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** Integrations: the apps a workspace offers, with sealed parameters. */
export const m0022Integrations: NamedMigration = {
  name: '0022-integrations',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE integrations (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      key TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      connector_id TEXT NOT NULL,
      logo_uri TEXT,
      parameters_sealed TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
  }
}
