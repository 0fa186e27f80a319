import type { Generated } from 'kysely'

/**
 * Columns every instance table (`flow_instances`, `action_instances`, `data_source_instances`,
 * `field_mapping_instances`) has: whose it is, where it lives and how its setup went. Each table
 * adds the column naming its template (`flow_id`, …) and the customer's own settings.
 */
export interface InstanceTable {
  seq: Generated<number>
  id: string
  customer_id: string
  integration_key: string | null
  /** NULL only for flow and action instances that need no connection. */
  connection_id: string | null
  instance_key: string | null
  state: string
  /** JSON array of the setup's errors. */
  errors: string | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
