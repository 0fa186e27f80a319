import type { Generated } from 'kysely'

/** Row of `actions`: an action template. */
export interface ActionTable {
  seq: Generated<number>
  id: string
  key: string
  integration_key: string | null
  parent_id: string | null
  name: string
  description: string | null
  type: string
  /** JSON object. */
  config: string
  input_schema: string | null
  output_mapping: string | null
  custom_output_schema: string | null
  is_customized: number
  revision: number
  meta: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
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
