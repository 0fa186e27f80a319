import type { Generated } from 'kysely'
import type { AppEventRequestSpec } from '../../contract/app-event-types'
import type { JsonColumn } from '../common/json-column'

/** Row of `app_event_types`: an event your app sends, with its schema and how to find the customer. */
export interface AppEventTypeTable {
  seq: Generated<number>
  id: string
  key: string
  name: string
  description: string | null
  /** JSON data schema of the payload, or null. */
  schema: JsonColumn<Record<string, unknown>> | null
  /** JSON example payload, or null. */
  example: JsonColumn<unknown> | null
  webhook_key: string
  /** JSON formula over the payload giving the customer's internal id (or id), or null. */
  user_id_formula: JsonColumn<unknown> | null
  /** JSON request spec sent to your app when a customer subscribes, or null. */
  subscribe_request: JsonColumn<AppEventRequestSpec> | null
  /** JSON request spec sent to your app when a subscription ends, or null. */
  unsubscribe_request: JsonColumn<AppEventRequestSpec> | null
  revision: string
  created_at: string
  updated_at: string
  archived_at: string | null
}
