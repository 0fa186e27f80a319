import type { Generated } from 'kysely'
import type { ElementError } from '../../../contract/flows'
import type { RecordTriggerSetupDto } from '../../../contract/flow-instances'
import type { JsonColumn } from '../../common/json-column'

/** A record event, one of the three a trigger listens to. */
export type RecordEvent = 'created' | 'updated' | 'deleted'

/** Where a trigger stands: deploy time at first, then the last event seen and the last pull. */
export type RecordTriggerCursor = RecordTriggerSetupDto['cursor'] & { lastPullAt?: string }

/** Row of `record_trigger_subscriptions`: one data-record trigger node subscribed to its app's webhooks. */
export interface RecordTriggerSubscriptionTable {
  seq: Generated<number>
  id: string
  flow_instance_id: string
  node_key: string
  connection_id: string
  collection_key: string
  /** JSON array of `created` / `updated` / `deleted`. */
  events: JsonColumn<RecordEvent[]>
  callback_url: string
  /** The app's id of the webhook. */
  external_id: string
  /** The secret the app signs deliveries with, sealed by the secret port. */
  secret_sealed: string
  /** JSON `{since, lastEventId?, lastRecordId?, lastEventAt?, lastPullAt?}`. */
  cursor: JsonColumn<RecordTriggerCursor>
  events_received: number
  created_at: string
  updated_at: string
  /** `subscribed` | `unsubscribed` | `error` (external event subscription status). */
  status: Generated<string>
  /** JSON error of the last subscribe attempt, or null. */
  error: JsonColumn<ElementError> | null
}
