import type { Generated } from 'kysely'
import type { ElementError } from '../../contract/flows'
import type { JsonColumn } from '../common/json-column'
import type { ActionDefinitionColumns } from '../actions/action.table'

/** Row of `action_instances`: an action for one customer (usually on a connection); NULL columns follow the template. */
export interface ActionInstanceTable {
  seq: Generated<number>
  id: string
  customer_id: string
  action_id: string
  integration_key: string | null
  connection_id: string | null
  instance_key: string | null
  /** The customer's name, config, input schema and output mapping (JSON), or NULL for the template's. */
  name: string | null
  config: ActionDefinitionColumns['config'] | null
  input_schema: ActionDefinitionColumns['input_schema']
  output_mapping: ActionDefinitionColumns['output_mapping']
  state: string
  errors: JsonColumn<ElementError[]> | null
  /** JSON field schema of the action's collection, fetched through the connection at setup. */
  fields_schema: JsonColumn<Record<string, unknown>> | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
