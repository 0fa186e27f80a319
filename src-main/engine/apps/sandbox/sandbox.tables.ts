import type { Generated } from 'kysely'
import type { JsonSchema } from '../../../contract/apps'
import type { SandboxSettings } from '../../../contract/sandbox'
import type { JsonColumn } from '../../common/json-column'

/** Row of `sandbox_accounts`: one tenant inside a sandbox app. */
export interface SandboxAccountTable {
  id: string
  app: string
  name: string
  /** JSON `{collection: {fieldKey: JSON Schema}}` of the account's custom fields. */
  custom_fields: JsonColumn<Record<string, Record<string, JsonSchema>>>
  created_at: string
}

/** Row of `sandbox_records`: one record of one collection of one account. */
export interface SandboxRecordTable {
  seq: Generated<number>
  app: string
  account_id: string
  collection: string
  id: string
  /** JSON object of the record's fields (without id and timestamps). */
  data: JsonColumn<Record<string, unknown>>
  created_at: string
  updated_at: string
}

/** Row of `sandbox_oauth_clients`: an OAuth client registered with a sandbox app. */
export interface SandboxOAuthClientTable {
  id: string
  app: string
  name: string
  /** sha256 of the client secret: the app never keeps it in clear. */
  secret_hash: string
  /** JSON array of allowed redirect URIs (loopback URIs match on any port, RFC 8252). */
  redirect_uris: JsonColumn<string[]>
  created_at: string
}

/** Row of `sandbox_oauth_codes`: a single-use authorization code. */
export interface SandboxOAuthCodeTable {
  code_hash: string
  app: string
  client_id: string
  account_id: string
  redirect_uri: string
  scope: string
  code_challenge: string | null
  expires_at: string
  used_at: string | null
  created_at: string
}

/** Row of `sandbox_oauth_tokens`: an access or refresh token, by hash. */
export interface SandboxOAuthTokenTable {
  token_hash: string
  app: string
  kind: 'access' | 'refresh'
  client_id: string
  account_id: string
  scope: string
  /** Tokens issued from one authorization share a family; reuse of a rotated refresh token revokes it. */
  family_id: string
  expires_at: string
  revoked_at: string | null
  /** `rotated` (refreshed), `revoked`, `reuse` (family revoked after reuse), `code-reuse`. */
  revoked_reason: string | null
  created_at: string
}

/** Row of `sandbox_api_keys`: an API key, by hash. */
export interface SandboxApiKeyTable {
  id: string
  app: string
  account_id: string
  name: string
  key_hash: string
  /** First characters, to tell keys apart in lists. */
  prefix: string
  created_at: string
  revoked_at: string | null
}

/** Row of `sandbox_webhooks`: a URL subscribed to one collection's record events. */
export interface SandboxWebhookTable {
  id: string
  app: string
  account_id: string
  collection: string
  /** JSON array of `created` / `updated` / `deleted`. */
  events: JsonColumn<string[]>
  url: string
  /** Signing secret, sealed by the secret port. */
  secret_sealed: string
  created_at: string
}

/** Row of `sandbox_settings`: per-app settings changed at run time. */
export interface SandboxSettingsTable {
  app: string
  /** JSON of the settings changed from the app's defaults. */
  settings: JsonColumn<Partial<SandboxSettings>>
  updated_at: string
}
