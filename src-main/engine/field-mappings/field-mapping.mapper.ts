import type { FieldMappingDirection, FieldMappingDto } from '../../contract/field-mappings'
import { parseJsonColumn } from '../common/json-column'
import type { FieldMappingRow } from './field-mapping.repository'

/** Row → DTO; `integrationId` and `dataSourceId` are looked up by the service. */
export function toFieldMappingDto(
  row: FieldMappingRow,
  integrationId: string | undefined,
  dataSourceId: string | undefined
): FieldMappingDto {
  const dto: FieldMappingDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    isUniversal: row.integration_key === null,
    isCustomized: row.is_customized === 1,
    direction: row.direction as FieldMappingDirection,
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
    dto.universalFieldMappingId = row.parent_id
  }
  if (row.data_source_key !== null) dto.dataSourceKey = row.data_source_key
  if (dataSourceId !== undefined) dto.dataSourceId = dataSourceId
  if (row.app_schema !== null) dto.appSchema = parseJsonColumn(row.app_schema, {})
  if (row.default_import_value !== null) dto.defaultImportValue = parseJsonColumn(row.default_import_value, {})
  if (row.default_export_value !== null) dto.defaultExportValue = parseJsonColumn(row.default_export_value, {})
  if (row.frozen_import_fields !== null) dto.frozenImportFields = parseJsonColumn(row.frozen_import_fields, [])
  if (row.frozen_export_fields !== null) dto.frozenExportFields = parseJsonColumn(row.frozen_export_fields, [])
  if (row.meta !== null) dto.meta = parseJsonColumn(row.meta, {})
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
