import type { Generated } from 'kysely'
import type { ElementError } from '../../contract/flows'
import type { JsonColumn } from '../common/json-column'
import type { TemplateTable } from '../templates/template.table'

/** Row of `field_mappings`: a field mapping element (universal or one integration's). */
export interface FieldMappingTable extends TemplateTable {
  data_source_key: string | null
  /** JSON Schema of your app's records. */
  app_schema: JsonColumn<Record<string, unknown>> | null
  direction: string
  /** Mappings in the flows' expression language. */
  default_import_value: JsonColumn<Record<string, unknown>> | null
  default_export_value: JsonColumn<Record<string, unknown>> | null
  /** Field names the customer may not change. */
  frozen_import_fields: JsonColumn<string[]> | null
  frozen_export_fields: JsonColumn<string[]> | null
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
  /** The customer's own mappings, or NULL for the defaults. */
  import_value: JsonColumn<Record<string, unknown>> | null
  export_value: JsonColumn<Record<string, unknown>> | null
  data_source_instance_id: string | null
  /** Field schema of the app's collection, fetched at setup. */
  data_source_schema: JsonColumn<Record<string, unknown>> | null
  state: string
  /** Why setup failed (state SETUP_FAILED). */
  errors: JsonColumn<ElementError[]> | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
