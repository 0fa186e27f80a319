import type { Generated } from 'kysely'

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
  input: string | null
  output: string | null
  errors: string | null
  nodes: string | null
  launched_by: string
  repeat_of: string | null
  meta: string | null
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
  input: string | null
  /** JSON array of outputs. */
  outputs: string
  upstream: string | null
  iteration: string | null
  logs: string | null
  errors: string | null
  started_at: string
  duration_ms: number
}
