import type { Generated } from 'kysely'
import type { JsonColumn, SqliteBool } from '../common/json-column'
import type { SealedJsonColumn } from '../common/secret-box'

/** Row of `customers`. `seq` orders listings and backs the cursor. */
export interface CustomerTable {
  seq: Generated<number>
  id: string
  internal_id: string
  name: string
  /** JSON object of field values. */
  fields: JsonColumn<Record<string, unknown>>
  /** Customer credentials for your app's API, sealed by the secret port. */
  credentials_sealed: SealedJsonColumn<unknown> | null
  meta: JsonColumn<Record<string, unknown>> | null
  is_test: SqliteBool
  last_active_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
