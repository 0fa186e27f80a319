import { checkJsonSchema } from '../../common/json-schema'
import type { ExportContext, SnapshotSection } from './snapshot-section'
import { ARCHIVED, templateSection } from './template-section'
import { createTableSection, type ColumnSpec } from './table-section'

/** Where an instance of a data source or field mapping lives: customer, element, integration, connection, instance key. */
function placement(element: ColumnSpec): ColumnSpec[] {
  return [
    { column: 'customer_id', field: 'customerRef', kind: { ref: 'customers' } },
    element,
    { column: 'integration_key', field: 'integrationKey', kind: 'text' },
    { column: 'connection_id', field: 'connectionRef', kind: { ref: 'connections' } },
    { column: 'instance_key', field: 'instanceKey', kind: 'text', optional: true }
  ]
}

/** Ids of the exported customers' instances in a table. */
function instanceIds(x: ExportContext, table: 'data_source_instances' | 'field_mapping_instances'): string[] {
  const { db } = x.ctx
  let query = db.q.selectFrom(table).select('id')
  if (x.scope.kind !== 'workspace') query = query.where('customer_id', 'in', [...x.customerIds])
  return db.all(query).map((r) => r.id)
}

/**
 * Data sources and field mappings (elements) and their instances on customers' connections,
 * with the customer's collection choice and own mappings (customisations). What setup fetched
 * (collection specs, field schemas) is not exported: the engine sets imported instances up again.
 */
export function createDataSourceSections(): SnapshotSection[] {
  const dataSources = templateSection(
    'data_sources',
    [
      { column: 'udm', field: 'udm', kind: 'text', optional: true },
      { column: 'collection_key', field: 'collectionKey', kind: 'text', optional: true },
      { column: 'collection_parameters', field: 'collectionParameters', kind: 'json', optional: true }
    ],
    () => [],
    'dataSources'
  )
  const fieldMappings = templateSection(
    'field_mappings',
    [
      { column: 'data_source_key', field: 'dataSourceKey', kind: 'text', optional: true },
      { column: 'app_schema', field: 'appSchema', kind: 'json', optional: true },
      { column: 'direction', field: 'direction', kind: 'text' },
      { column: 'default_import_value', field: 'defaultImportValue', kind: 'json', optional: true },
      { column: 'default_export_value', field: 'defaultExportValue', kind: 'json', optional: true },
      { column: 'frozen_import_fields', field: 'frozenImportFields', kind: 'json', optional: true },
      { column: 'frozen_export_fields', field: 'frozenExportFields', kind: 'json', optional: true }
    ],
    // An appSchema must be a JSON Schema here as on the API; mappings are checked when instances are set up.
    (item, at) => (item.appSchema === undefined ? [] : checkJsonSchema(item.appSchema, `${at}.appSchema`)),
    'fieldMappings'
  )
  const dataSourceInstances = createTableSection({
    key: 'dataSourceInstances',
    table: 'data_source_instances',
    customerColumn: 'customer_id',
    columns: [
      ...placement({ column: 'data_source_id', field: 'dataSourceRef', kind: { ref: 'dataSources' } }),
      { column: 'collection_key', field: 'collectionKey', kind: 'text', optional: true },
      { column: 'collection_parameters', field: 'collectionParameters', kind: 'json', optional: true },
      ARCHIVED
    ],
    select: (x) => instanceIds(x, 'data_source_instances'),
    extraValues: () => ({ state: 'READY', errors: null, collection_spec: null, setup_at: null }),
    label: (item) => `data source instance ${String(item.ref)}`
  })
  const fieldMappingInstances = createTableSection({
    key: 'fieldMappingInstances',
    table: 'field_mapping_instances',
    customerColumn: 'customer_id',
    columns: [
      ...placement({ column: 'field_mapping_id', field: 'fieldMappingRef', kind: { ref: 'fieldMappings' } }),
      { column: 'import_value', field: 'importValue', kind: 'json', optional: true },
      { column: 'export_value', field: 'exportValue', kind: 'json', optional: true },
      ARCHIVED
    ],
    select: (x) => instanceIds(x, 'field_mapping_instances'),
    extraValues: () => ({
      state: 'READY',
      errors: null,
      data_source_instance_id: null,
      data_source_schema: null,
      setup_at: null
    }),
    label: (item) => `field mapping instance ${String(item.ref)}`
  })
  return [dataSources, fieldMappings, dataSourceInstances, fieldMappingInstances]
}
