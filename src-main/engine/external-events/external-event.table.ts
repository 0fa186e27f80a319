import type { Generated } from 'kysely'

/** Row of `external_event_log_records`: one event an app delivered to a subscription. */
export interface ExternalEventLogRecordTable {
  seq: Generated<number>
  id: string
  external_event_subscription_id: string
  connection_id: string
  customer_id: string
  payload: string | null
  /** `created` | `success` | `error`. */
  status: string
  error: string | null
  launched_flow_run_ids: string
  created_at: string
}

/** Row of `external_event_pulls`: one pull of a subscription's events from the app. */
export interface ExternalEventPullTable {
  seq: Generated<number>
  id: string
  external_event_subscription_id: string
  connection_id: string
  customer_id: string
  /** `running` | `success` | `error`. */
  status: string
  start_datetime: string
  end_datetime: string
  collected_event_ids: string
  error: string | null
  created_at: string
}
