import type { FieldSchema } from '../../contract/workspace'
import type { JsonColumn } from '../common/json-column'
import type { SealedJsonColumn } from '../common/secret-box'

/** A replaced signing secret and when it was replaced. */
export interface PreviousSecret {
  secret: string
  replacedAt: string
}

/** Row of the single-row `workspace` table. */
export interface WorkspaceTable {
  id: string
  key: string
  name: string
  /** The signing secret, sealed by the secret port. */
  secret_sealed: string
  secret_rotated_at: string
  /** The last replaced secrets, newest first, as sealed JSON `[{secret, replacedAt}]` (rotation messages only). */
  previous_secrets_sealed: SealedJsonColumn<PreviousSecret[]> | null
  user_fields_schema: JsonColumn<FieldSchema> | null
  webhook_uri: string | null
  /** Base URL of your app's API, for api-request-to-your-app nodes and actions. */
  api_base_uri: string | null
  default_token_ttl: number
  /** Runs older than this many days are pruned; null keeps them. */
  run_retention_days: number | null
  /** Only this many newest runs per flow instance are kept; null keeps all. */
  run_retention_per_instance: number | null
  created_at: string
  updated_at: string
}
