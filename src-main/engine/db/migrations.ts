import type { NamedMigration } from './named-migration'
import { m0001Foundation } from './migrations/0001-foundation'
import { m0010SandboxApps } from './migrations/0010-sandbox-apps'
import { m0011Integrations } from './migrations/0011-integrations'
import { m0012Connections } from './migrations/0012-connections'
import { m0020Flows } from './migrations/0020-flows'

/**
 * Every migration, in order. Append only: a landed migration is never edited or removed
 * (test/engine/db/migrations.test.ts compares names and file hashes with a committed manifest).
 */
export const MIGRATIONS: readonly NamedMigration[] = [
  m0001Foundation,
  m0010SandboxApps,
  m0011Integrations,
  m0012Connections,
  m0020Flows
]
