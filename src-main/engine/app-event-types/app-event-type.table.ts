import type { Generated } from 'kysely'

/** Row of `app_event_types`: an event your app sends, with its schema and how to find the customer. */
export interface AppEventTypeTable {
  seq: Generated<number>
  id: string
  key: string
  name: string
  description: string | null
  /** JSON data schema of the payload, or null. */
  schema: string | null
  /** JSON example payload, or null. */
  example: string | null
  webhook_key: string
  /** JSON formula over the payload giving the customer's internal id (or id), or null. */
  user_id_formula: string | null
  /** JSON request spec sent to your app when a customer subscribes, or null. */
  subscribe_request: string | null
  /** JSON request spec sent to your app when a subscription ends, or null. */
  unsubscribe_request: string | null
  revision: string
  created_at: string
  updated_at: string
  archived_at: string | null
}
