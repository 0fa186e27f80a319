import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** State of the sandbox apps (CRM, helpdesk): accounts, records, OAuth, API keys, webhooks, settings. */
export const m0021SandboxApps: NamedMigration = {
  name: '0021-sandbox-apps',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE sandbox_accounts (
      id TEXT PRIMARY KEY,
      app TEXT NOT NULL,
      name TEXT NOT NULL,
      custom_fields TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX sandbox_accounts_name ON sandbox_accounts (app, name COLLATE NOCASE)`.execute(db)
    await sql`CREATE TABLE sandbox_records (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      app TEXT NOT NULL,
      account_id TEXT NOT NULL REFERENCES sandbox_accounts(id),
      collection TEXT NOT NULL,
      id TEXT NOT NULL,
      data TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE UNIQUE INDEX sandbox_records_id ON sandbox_records (account_id, collection, id)`.execute(db)
    await sql`CREATE INDEX sandbox_records_page ON sandbox_records (account_id, collection, seq)`.execute(db)
    await sql`CREATE TABLE sandbox_oauth_clients (
      id TEXT PRIMARY KEY,
      app TEXT NOT NULL,
      name TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      redirect_uris TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE TABLE sandbox_oauth_codes (
      code_hash TEXT PRIMARY KEY,
      app TEXT NOT NULL,
      client_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      redirect_uri TEXT NOT NULL,
      scope TEXT NOT NULL,
      code_challenge TEXT,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE TABLE sandbox_oauth_tokens (
      token_hash TEXT PRIMARY KEY,
      app TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
      client_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      scope TEXT NOT NULL,
      family_id TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT,
      revoked_reason TEXT,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX sandbox_oauth_tokens_family ON sandbox_oauth_tokens (family_id)`.execute(db)
    await sql`CREATE TABLE sandbox_api_keys (
      id TEXT PRIMARY KEY,
      app TEXT NOT NULL,
      account_id TEXT NOT NULL REFERENCES sandbox_accounts(id),
      name TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE TABLE sandbox_webhooks (
      id TEXT PRIMARY KEY,
      app TEXT NOT NULL,
      account_id TEXT NOT NULL REFERENCES sandbox_accounts(id),
      collection TEXT NOT NULL,
      events TEXT NOT NULL,
      url TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX sandbox_webhooks_account ON sandbox_webhooks (account_id, collection)`.execute(db)
    await sql`CREATE TABLE sandbox_settings (
      app TEXT PRIMARY KEY,
      settings TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
  }
}
