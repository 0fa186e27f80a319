import type { Generated } from 'kysely'
import type { FlowInstanceSetupDto } from '../../../contract/flow-instances'
import type { ElementError, FlowNodes } from '../../../contract/flows'
import type { JsonColumn, SqliteBool } from '../../common/json-column'

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
  customized_name: SqliteBool
  /** JSON object of the effective nodes (customised ones carry isCustomized). */
  nodes: JsonColumn<FlowNodes>
  parameters: JsonColumn<Record<string, unknown>> | null
  enabled: SqliteBool
  /** Template revision the nodes were taken from. */
  flow_revision: number | null
  concurrency: number | null
  state: string
  errors: JsonColumn<ElementError[]> | null
  /** JSON of what setup did on the connection (field schemas); triggers live in record_trigger_subscriptions. */
  setup: JsonColumn<Omit<FlowInstanceSetupDto, 'triggers'>> | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
