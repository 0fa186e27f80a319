import type { Generated } from 'kysely'
import type { FlowNodeRunDto, FlowRunDto, RunError, RunLogEntry } from '../../../contract/flow-runs'
import type { JsonColumn } from '../../common/json-column'

/** Row of `flow_runs`. JSON columns hold the input, output, errors, node summary, launch and meta. */
export interface FlowRunTable {
  seq: Generated<number>
  id: string
  flow_instance_id: string
  customer_id: string
  flow_id: string | null
  universal_flow_id: string | null
  integration_key: string | null
  connection_id: string | null
  name: string | null
  start_node_key: string
  state: string
  input: JsonColumn<unknown> | null
  output: JsonColumn<unknown> | null
  errors: JsonColumn<RunError[]> | null
  nodes: JsonColumn<FlowRunDto['nodes']> | null
  launched_by: JsonColumn<FlowRunDto['launchedBy']>
  repeat_of: string | null
  meta: JsonColumn<Record<string, unknown>> | null
  created_at: string
  started_at: string | null
  ended_at: string | null
}

/** Row of `flow_node_runs`: one execution of one node, written when it finishes. */
export interface FlowNodeRunTable {
  seq: Generated<number>
  id: string
  run_id: string
  /** Start order inside the run. */
  idx: number
  node_key: string
  node_type: string
  status: string
  input: JsonColumn<unknown> | null
  /** JSON array of outputs. */
  outputs: JsonColumn<unknown[]>
  upstream: JsonColumn<FlowNodeRunDto['upstreamRuns']> | null
  iteration: JsonColumn<NonNullable<FlowNodeRunDto['iteration']>> | null
  logs: JsonColumn<RunLogEntry[]> | null
  errors: JsonColumn<RunError[]> | null
  started_at: string
  duration_ms: number
}
