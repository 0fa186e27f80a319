import type { Generated } from 'kysely'

/** Row of `flow_instances`: a flow deployed for one customer (from a template, or ad hoc with no `flow_id`). */
export interface FlowInstanceTable {
  seq: Generated<number>
  id: string
  customer_id: string
  flow_id: string | null
  integration_key: string | null
  connection_id: string | null
  instance_key: string | null
  name: string
  customized_name: number
  /** JSON object of the effective nodes (customised ones carry isCustomized). */
  nodes: string
  parameters: string | null
  enabled: number
  /** Template revision the nodes were taken from. */
  flow_revision: number | null
  concurrency: number | null
  state: string
  errors: string | null
  /** JSON of what setup did on the connection (field schemas); triggers live in record_trigger_subscriptions. */
  setup: string | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
