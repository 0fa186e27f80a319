import type { DataSourceDto } from '../../contract/data-sources'
import { parseJsonColumn } from '../common/json-column'
import type { DataSourceRow } from './data-source.repository'

/** Row → DTO; `integrationId` is the engine id of the row's integration, if it has one. */
export function toDataSourceDto(row: DataSourceRow, integrationId: string | undefined): DataSourceDto {
  const dto: DataSourceDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    isUniversal: row.integration_key === null,
    isCustomized: row.is_customized === 1,
    revision: String(row.revision),
    state: 'READY',
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (integrationId !== undefined) dto.integrationId = integrationId
  if (row.parent_id !== null) {
    dto.parentId = row.parent_id
    dto.universalDataSourceId = row.parent_id
  }
  if (row.udm !== null) dto.udm = row.udm
  if (row.collection_key !== null) dto.collectionKey = row.collection_key
  if (row.collection_parameters !== null) dto.collectionParameters = parseJsonColumn(row.collection_parameters, {})
  if (row.meta !== null) dto.meta = parseJsonColumn(row.meta, {})
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
