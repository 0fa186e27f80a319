import type { Generated } from 'kysely'
import type { RunError, RunLogEntry } from '../../contract/flow-runs'
import type { JsonColumn } from '../common/json-column'
import type { TemplateTable } from '../templates/template.table'

/** The definition columns an action and its instances share (an instance's NULL follows the action's). */
export interface ActionDefinitionColumns {
  /** JSON object. */
  config: JsonColumn<Record<string, unknown>>
  /** JSON Schema the run input must satisfy. */
  input_schema: JsonColumn<Record<string, unknown>> | null
  /** JSON mapping applied to the raw output. */
  output_mapping: JsonColumn<unknown> | null
}

/** Row of `actions`: an action template. */
export interface ActionTable extends TemplateTable, ActionDefinitionColumns {
  type: string
  custom_output_schema: JsonColumn<Record<string, unknown>> | null
}

/** Row of `action_runs`: one stored action run. */
export interface ActionRunTable {
  seq: Generated<number>
  id: string
  action_id: string
  action_key: string
  customer_id: string
  connection_id: string | null
  action_instance_id: string | null
  state: string
  input: JsonColumn<unknown> | null
  output: JsonColumn<unknown> | null
  errors: JsonColumn<RunError[]> | null
  logs: JsonColumn<RunLogEntry[]> | null
  started_at: string
  ended_at: string
  duration_ms: number
}
