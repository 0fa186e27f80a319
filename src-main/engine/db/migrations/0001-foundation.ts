import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** Workspace and customers. */
export const m0001Foundation: NamedMigration = {
  name: '0001-foundation',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE workspace (
      id TEXT PRIMARY KEY,
      key TEXT NOT NULL,
      name TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      secret_rotated_at TEXT NOT NULL,
      user_fields_schema TEXT,
      webhook_uri TEXT,
      default_token_ttl INTEGER NOT NULL DEFAULT 7200,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE TABLE customers (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      internal_id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      fields TEXT NOT NULL DEFAULT '{}',
      credentials_sealed TEXT,
      meta TEXT,
      is_test INTEGER NOT NULL DEFAULT 0,
      last_active_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX customers_one_test ON customers (is_test) WHERE is_test = 1`.execute(db)
  }
}
