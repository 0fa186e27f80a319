import type { Generated } from 'kysely'
import type { ErrorBody } from '../../contract/errors'
import type { JsonColumn } from '../common/json-column'
import type { SealedJsonColumn } from '../common/secret-box'

/** The account in the external app a connection reaches. */
export interface ExternalAccount {
  id: string
  name: string
}

/** Row of `connections`: one customer's authenticated link to one integration. */
export interface ConnectionTable {
  seq: Generated<number>
  id: string
  customer_id: string
  integration_id: string
  name: string
  key: string | null
  auth_option_key: string
  /** `connected`, `disconnected` (needs the person to reconnect) or `error` (the app is failing). */
  status: string
  /** JSON error body explaining a disconnected or failing connection. */
  error: JsonColumn<ErrorBody> | null
  /** What the person provided (API key ...), sealed by the secret port. */
  input_sealed: SealedJsonColumn<Record<string, unknown>> | null
  /** Tokens derived from the input or the OAuth grant, sealed by the secret port. */
  credentials_sealed: SealedJsonColumn<Record<string, unknown>> | null
  /** When the access token expires (not a secret: drives refresh-ahead). */
  access_expires_at: string | null
  /** JSON `{id, name}` of the account in the external app. */
  external_account: JsonColumn<ExternalAccount> | null
  meta: JsonColumn<Record<string, unknown>> | null
  /** Fault simulation: the next N calls answer `fault_fail_status` without reaching the app. */
  fault_fail_count: number
  fault_fail_status: number | null
  fault_latency_ms: number
  credentials_refreshed_at: string | null
  last_active_at: string | null
  disconnected_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
