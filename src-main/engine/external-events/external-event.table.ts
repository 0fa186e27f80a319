import type { Generated } from 'kysely'
import type { ElementError } from '../../contract/flows'
import type { JsonColumn } from '../common/json-column'

/** Row of `external_event_log_records`: one event an app delivered to a subscription. */
export interface ExternalEventLogRecordTable {
  seq: Generated<number>
  id: string
  external_event_subscription_id: string
  connection_id: string
  customer_id: string
  /** JSON of the delivered (or pulled) event. */
  payload: JsonColumn<unknown> | null
  /** `created` | `success` | `error`. */
  status: string
  error: JsonColumn<ElementError> | null
  launched_flow_run_ids: JsonColumn<string[]>
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
  /** Ids of the log records the pull delivered. */
  collected_event_ids: JsonColumn<string[]>
  error: JsonColumn<ElementError> | null
  created_at: string
}
