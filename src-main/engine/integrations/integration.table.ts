import type { Generated } from 'kysely'
import type { SealedJsonColumn } from '../common/secret-box'

/** Row of `integrations`: an app made available in the workspace. */
export interface IntegrationTable {
  seq: Generated<number>
  id: string
  key: string
  name: string
  /** Connector (and app) id: `sandbox-crm`, `sandbox-helpdesk`, `http`. */
  connector_id: string
  logo_uri: string | null
  /** JSON parameters sealed by the secret port (they may hold an OAuth client secret). */
  parameters_sealed: SealedJsonColumn<Record<string, unknown>>
  created_at: string
  updated_at: string
  archived_at: string | null
}
