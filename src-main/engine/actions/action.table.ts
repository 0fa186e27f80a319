import type { Generated } from 'kysely'
import type { TemplateTable } from '../templates/template.table'

/** Row of `actions`: an action template. */
export interface ActionTable extends TemplateTable {
  type: string
  /** JSON object. */
  config: string
  input_schema: string | null
  output_mapping: string | null
  custom_output_schema: string | null
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
  input: string | null
  output: string | null
  errors: string | null
  logs: string | null
  started_at: string
  ended_at: string
  duration_ms: number
}
