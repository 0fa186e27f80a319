import type { TemplateTable } from '../../templates/template.table'

/** Row of `flows`: a flow template, universal (no integration key) or for one integration. */
export interface FlowTable extends TemplateTable {
  /** JSON object of node key → node. */
  nodes: string
  parameters_schema: string | null
  concurrency: number | null
  auto_create_instances: number
}
