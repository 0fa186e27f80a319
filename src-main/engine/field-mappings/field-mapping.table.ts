import type { Generated } from 'kysely'
import type { TemplateTable } from '../templates/template.table'

/** Row of `field_mappings`: a field mapping element (universal or one integration's). */
export interface FieldMappingTable extends TemplateTable {
  data_source_key: string | null
  /** JSON Schema of your app's records. */
  app_schema: string | null
  direction: string
  /** JSON mappings. */
  default_import_value: string | null
  default_export_value: string | null
  /** JSON arrays of field names. */
  frozen_import_fields: string | null
  frozen_export_fields: string | null
}

/** Row of `field_mapping_instances`: a field mapping on a customer's connection; NULL values follow the defaults. */
export interface FieldMappingInstanceTable {
  seq: Generated<number>
  id: string
  customer_id: string
  field_mapping_id: string
  integration_key: string
  connection_id: string
  instance_key: string | null
  /** The customer's own mappings (JSON), or NULL for the defaults. */
  import_value: string | null
  export_value: string | null
  data_source_instance_id: string | null
  /** JSON field schema of the app's collection, fetched at setup. */
  data_source_schema: string | null
  state: string
  errors: string | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
