import type { FlowNodes } from '../../../contract/flows'
import type { JsonColumn, SqliteBool } from '../../common/json-column'
import type { TemplateTable } from '../../templates/template.table'

/** Row of `flows`: a flow template, universal (no integration key) or for one integration. */
export interface FlowTable extends TemplateTable {
  /** JSON object of node key → node. */
  nodes: JsonColumn<FlowNodes>
  /** JSON Schema of the instances' parameters. */
  parameters_schema: JsonColumn<Record<string, unknown>> | null
  concurrency: number | null
  auto_create_instances: SqliteBool
}
