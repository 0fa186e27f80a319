import type { NamedMigration } from './named-migration'
import { m0001Foundation } from './migrations/0001-foundation'
import { m0020Flows } from './migrations/0020-flows'
import { m0021SandboxApps } from './migrations/0021-sandbox-apps'
import { m0022Integrations } from './migrations/0022-integrations'
import { m0023Connections } from './migrations/0023-connections'
import { m0024ConnectionInstances } from './migrations/0024-connection-instances'
import { m0050AppEvents } from './migrations/0050-app-events'
import { m0051ExternalEvents } from './migrations/0051-external-events'
import { m0052DataLinks } from './migrations/0052-data-links'

/**
 * Every migration, in order. Append only: a landed migration is never edited or removed
 * (test/engine/db/migrations.test.ts compares names and file hashes with a committed manifest).
 */
export const MIGRATIONS: readonly NamedMigration[] = [
  m0001Foundation,
  m0020Flows,
  m0021SandboxApps,
  m0022Integrations,
  m0023Connections,
  m0024ConnectionInstances,
  m0050AppEvents,
  m0051ExternalEvents,
  m0052DataLinks
]
