import type { ActivityExchange } from '../../contract/activity'
import type { JsonColumn } from '../common/json-column'

/** One row of `activity_entries`: an entry of the activity log as stored. */
export interface ActivityEntryTable {
  seq: number
  at: string
  kind: string
  title: string
  summary: string
  actor: string | null
  status: number | null
  duration_ms: number | null
  error: string | null
  /** JSON: flat `a.b → value` details (secret-looking keys redacted). */
  details: JsonColumn<Record<string, string>> | null
  /** JSON: the request and the answer of an API call, redacted. */
  exchange: JsonColumn<ActivityExchange> | null
  customer_id: string | null
  connection_id: string | null
  flow_run_id: string | null
}
