import type { Generated } from 'kysely'

/** Row of `record_trigger_subscriptions`: one data-record trigger node subscribed to its app's webhooks. */
export interface RecordTriggerSubscriptionTable {
  seq: Generated<number>
  id: string
  flow_instance_id: string
  node_key: string
  connection_id: string
  collection_key: string
  /** JSON array of `created` / `updated` / `deleted`. */
  events: string
  callback_url: string
  /** The app's id of the webhook. */
  external_id: string
  /** The secret the app signs deliveries with, sealed by the secret port. */
  secret_sealed: string
  /** JSON `{since, lastEventId?, lastRecordId?}`. */
  cursor: string
  events_received: number
  created_at: string
  updated_at: string
  /** `subscribed` | `unsubscribed` | `error` (external event subscription status). */
  status: Generated<string>
  /** JSON error of the last subscribe attempt, or null. */
  error: string | null
}
