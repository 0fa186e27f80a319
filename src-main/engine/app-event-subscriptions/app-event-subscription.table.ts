import type { Generated } from 'kysely'
import type { AppEventRequestSpec } from '../../contract/app-event-types'
import type { ElementError } from '../../contract/flows'
import type { JsonColumn, SqliteBool } from '../common/json-column'

/** Row of `app_event_subscriptions`: one customer subscribed to one app event type. */
export interface AppEventSubscriptionTable {
  seq: Generated<number>
  id: string
  app_event_type_id: string
  customer_id: string
  instance_key: string | null
  is_subscribed: SqliteBool
  /** sha256 of the webhook token (lookup on delivery). */
  token_hash: string
  /** The webhook token, sealed by the secret port (it is part of `webhookUri`). */
  token_sealed: string
  /** JSON of the subscribe request as sent to your app, or null. */
  subscription_request: JsonColumn<AppEventRequestSpec> | null
  /** JSON of your app's answer, or null. */
  subscription_response: JsonColumn<unknown> | null
  /** JSON error of the last subscribe attempt, or null. */
  error: JsonColumn<ElementError> | null
  revision: string
  created_at: string
  updated_at: string
  archived_at: string | null
}

/** Row of `app_event_log_records`: one app event received, and the runs it started. */
export interface AppEventLogRecordTable {
  seq: Generated<number>
  id: string
  app_event_type_id: string
  app_event_subscription_id: string
  customer_id: string
  /** JSON of the event payload. */
  event: JsonColumn<unknown>
  /** JSON array of flow run ids. */
  launched_flow_run_ids: JsonColumn<string[]>
  datetime: string
}
