import type { Generated } from 'kysely'
import type { CollectionSpecDto } from '../../contract/data-sources'
import type { ElementError } from '../../contract/flows'
import type { JsonColumn } from '../common/json-column'
import type { TemplateTable } from '../templates/template.table'

/** Row of `data_sources`: a data source element (universal or one integration's). */
export interface DataSourceTable extends TemplateTable {
  udm: string | null
  collection_key: string | null
  collection_parameters: JsonColumn<Record<string, unknown>> | null
}

/** Row of `data_source_instances`: a data source on a customer's connection; NULL columns follow the element. */
export interface DataSourceInstanceTable {
  seq: Generated<number>
  id: string
  customer_id: string
  data_source_id: string
  integration_key: string
  connection_id: string
  instance_key: string | null
  /** The customer's own collection (a customisation), or NULL for the data source's. */
  collection_key: string | null
  collection_parameters: JsonColumn<Record<string, unknown>> | null
  state: string
  /** Why setup failed (state SETUP_FAILED). */
  errors: JsonColumn<ElementError[]> | null
  /** The collection fetched through the connection at setup. */
  collection_spec: JsonColumn<CollectionSpecDto> | null
  setup_at: string | null
  created_at: string
  updated_at: string
  archived_at: string | null
}
