import type { Generated } from 'kysely'

/** Columns every template table (`flows`, `actions`) has: identity, layer, lineage and bookkeeping. */
export interface TemplateTable {
  seq: Generated<number>
  id: string
  key: string
  /** NULL for a universal template. */
  integration_key: string | null
  /** The universal template this integration-level one was derived from. */
  parent_id: string | null
  name: string
  description: string | null
  is_customized: number
  revision: number
  meta: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
