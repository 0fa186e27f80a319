import type { Generated } from 'kysely'

/** Row of `customers`. `seq` orders listings and backs the cursor. */
export interface CustomerTable {
  seq: Generated<number>
  id: string
  internal_id: string
  name: string
  /** JSON object of field values. */
  fields: string
  /** Customer credentials for your app's API, sealed by the secret port. */
  credentials_sealed: string | null
  meta: string | null
  is_test: number
  last_active_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
