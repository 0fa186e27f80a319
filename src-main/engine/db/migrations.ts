import type { NamedMigration } from './named-migration'
import { m0001Foundation } from './migrations/0001-foundation'
import { m0020Flows } from './migrations/0020-flows'
import { m0021SandboxApps } from './migrations/0021-sandbox-apps'
import { m0022Integrations } from './migrations/0022-integrations'
import { m0023Connections } from './migrations/0023-connections'
import { m0024ConnectionInstances } from './migrations/0024-connection-instances'
import { m0030PreviousSecrets } from './migrations/0030-previous-secrets'
import { m0040DataSources } from './migrations/0040-data-sources'
import { m0100RunRetention } from './migrations/0100-run-retention'
import { m0090ActivityLog } from './migrations/0090-activity-log'
import { m0060ConnectionRequests } from './migrations/0060-connection-requests'
import { m0070AppDataSchemas } from './migrations/0070-app-data-schemas'
import { m0071CustomConnectors } from './migrations/0071-custom-connectors'
import { m0050AppEvents } from './migrations/0050-app-events'
import { m0051ExternalEvents } from './migrations/0051-external-events'
import { m0052DataLinks } from './migrations/0052-data-links'
import { m0110RunsListByTime } from './migrations/0110-runs-list-by-time'
import { m0111CustomerPositions } from './migrations/0111-customer-positions'

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
  m0030PreviousSecrets,
  m0040DataSources,
  m0050AppEvents,
  m0051ExternalEvents,
  m0052DataLinks,
  m0060ConnectionRequests,
  m0070AppDataSchemas,
  m0071CustomConnectors,
  m0090ActivityLog,
  m0100RunRetention,
  m0110RunsListByTime,
  m0111CustomerPositions
]
