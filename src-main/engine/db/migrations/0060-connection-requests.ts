import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/** Membrane's connection requests: a link a person opens to connect a customer's app. */
export const m0060ConnectionRequests: NamedMigration = {
  name: '0060-connection-requests',
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE connection_requests (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers (id),
      integration_id TEXT NOT NULL,
      connection_id TEXT,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT`.execute(db)
    await sql`CREATE INDEX connection_requests_customer ON connection_requests (customer_id, seq)`.execute(db)
  }
}
