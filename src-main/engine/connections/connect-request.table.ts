import type { ErrorBody } from '../../contract/errors'
import type { JsonColumn, SqliteBool } from '../common/json-column'

/** Row of `connect_requests`: one run of the connect UI (popup, iframe or redirect). */
export interface ConnectRequestTable {
  id: string
  /** The SDK's requestId (postMessage / SSE channel). */
  request_id: string
  customer_id: string
  integration_id: string
  /** The connection being reconnected, if any. */
  connection_id: string | null
  auth_option_key: string | null
  name: string | null
  allow_multiple: SqliteBool
  /** sha256 of the `state` (OAuth) / form token; the value itself is never stored. */
  state_hash: string
  /** PKCE code verifier, sealed by the secret port. */
  secret_sealed: string | null
  /** Origin of the page that opened the connect window (postMessage target). */
  opener_origin: string | null
  /** Where to send the browser at the end (SDK `redirectUri` with `sameWindow`). */
  redirect_uri: string | null
  /** `true` when the SDK uses a hidden iframe: no form can be shown. */
  headless: SqliteBool
  status: 'pending' | 'exchanging' | 'success' | 'error'
  result_connection_id: string | null
  result_error: JsonColumn<ErrorBody> | null
  created_at: string
  expires_at: string
  completed_at: string | null
}
