import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** Connections (sealed input and credentials, status, fault simulation) and connect-UI requests. */
export const m0023Connections: NamedMigration = {
  name: '0023-connections',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE connections (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      integration_id TEXT NOT NULL REFERENCES integrations(id),
      name TEXT NOT NULL,
      key TEXT,
      auth_option_key TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('connected', 'disconnected', 'error')),
      error TEXT,
      input_sealed TEXT,
      credentials_sealed TEXT,
      access_expires_at TEXT,
      external_account TEXT,
      meta TEXT,
      fault_fail_count INTEGER NOT NULL DEFAULT 0,
      fault_fail_status INTEGER,
      fault_latency_ms INTEGER NOT NULL DEFAULT 0,
      credentials_refreshed_at TEXT,
      last_active_at TEXT,
      disconnected_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX connections_customer ON connections (customer_id, integration_id, seq)`.execute(db)
    await sql`CREATE INDEX connections_integration ON connections (integration_id)`.execute(db)
    await sql`CREATE TABLE connect_requests (
      id TEXT PRIMARY KEY,
      request_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      integration_id TEXT NOT NULL,
      connection_id TEXT,
      auth_option_key TEXT,
      name TEXT,
      allow_multiple INTEGER NOT NULL DEFAULT 0,
      state_hash TEXT NOT NULL UNIQUE,
      secret_sealed TEXT,
      opener_origin TEXT,
      redirect_uri TEXT,
      headless INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL CHECK (status IN ('pending', 'exchanging', 'success', 'error')),
      result_connection_id TEXT,
      result_error TEXT,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      completed_at TEXT
    ) STRICT`.execute(db)
    await sql`CREATE INDEX connect_requests_request ON connect_requests (request_id, created_at)`.execute(db)
  }
}
