import type { DataSourceInstanceDto, ElementInstanceState } from '../../contract/data-sources'
import { fromJsonColumn } from '../common/json-column'
import type { DataSourceRow } from '../data-sources/data-source.repository'
import type { DataSourceInstanceRow } from './data-source-instance.repository'

/** Row (with its data source) → DTO: the collection in use, the default, and what the customer chose. */
export function toDataSourceInstanceDto(
  row: DataSourceInstanceRow,
  dataSource: DataSourceRow,
  integrationId: string
): DataSourceInstanceDto {
  const spec = fromJsonColumn(row.collection_spec, null)
  const dto: DataSourceInstanceDto = {
    id: row.id,
    key: dataSource.key,
    name: dataSource.name,
    userId: row.customer_id,
    tenantId: row.customer_id,
    dataSourceId: dataSource.id,
    dataSourceRevision: String(dataSource.revision),
    integrationId,
    integrationKey: row.integration_key,
    connectionId: row.connection_id,
    isCustomized: row.collection_key !== null || row.collection_parameters !== null,
    state: row.state as ElementInstanceState,
    revision: `${dataSource.revision}.${row.updated_at}`,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (dataSource.parent_id !== null) dto.universalDataSourceId = dataSource.parent_id
  else if (dataSource.integration_key === null) dto.universalDataSourceId = dataSource.id
  if (row.instance_key !== null) dto.instanceKey = row.instance_key
  if (dataSource.udm !== null) dto.udm = dataSource.udm
  const collectionKey = row.collection_key ?? spec?.key ?? dataSource.collection_key
  if (collectionKey) dto.collectionKey = collectionKey
  const parameters = row.collection_parameters ?? dataSource.collection_parameters
  if (parameters !== null) dto.collectionParameters = fromJsonColumn(parameters, {})
  if (dataSource.collection_key !== null) dto.defaultCollectionKey = dataSource.collection_key
  if (dataSource.collection_parameters !== null)
    dto.defaultCollectionParameters = fromJsonColumn(dataSource.collection_parameters, {})
  if (spec) dto.collectionSpec = spec
  if (row.errors !== null) dto.errors = fromJsonColumn(row.errors, [])
  if (row.setup_at !== null) dto.setupAt = row.setup_at
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
