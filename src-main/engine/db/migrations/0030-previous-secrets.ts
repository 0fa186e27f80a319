import { sql, type Kysely } from 'kysely'
import type { NamedMigration } from '../named-migration'

/**
 * The workspace's last replaced signing secrets (sealed), so a token signed with one is told
 * that the secret was rotated, whether or not it carries `iat`. They never verify a token.
 */
export const m0030PreviousSecrets: NamedMigration = {
  name: '0030-previous-secrets',
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE workspace ADD COLUMN previous_secrets_sealed TEXT`.execute(db)
  }
}
