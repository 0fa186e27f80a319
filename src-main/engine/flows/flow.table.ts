import type { Generated } from 'kysely'

/** Row of `flows`: a flow template, universal (no integration key) or for one integration. */
export interface FlowTable {
  seq: Generated<number>
  id: string
  key: string
  integration_key: string | null
  /** The universal flow this integration-level flow was derived from. */
  parent_id: string | null
  name: string
  description: string | null
  /** JSON object of node key → node. */
  nodes: string
  parameters_schema: string | null
  concurrency: number | null
  auto_create_instances: number
  is_customized: number
  revision: number
  meta: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
