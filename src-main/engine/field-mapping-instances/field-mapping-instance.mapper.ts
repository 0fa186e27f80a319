import type { ElementInstanceState } from '../../contract/data-sources'
import type { FieldMappingDirection, FieldMappingInstanceDto } from '../../contract/field-mappings'
import { fromJsonColumn, type JsonText } from '../common/json-column'
import type { FieldMappingRow } from '../field-mappings/field-mapping.repository'
import type { FieldMappingInstanceRow } from './field-mapping-instance.repository'

/** The mapping in effect: the customer's, with frozen fields kept at their defaults; else the default. */
export function effectiveValue(
  custom: JsonText<Record<string, unknown>> | null,
  defaults: JsonText<Record<string, unknown>> | null,
  frozen: JsonText<string[]> | null
): Record<string, unknown> | undefined {
  const base = fromJsonColumn(defaults, undefined)
  if (custom === null) return base
  const own = { ...fromJsonColumn(custom, {}) }
  for (const field of fromJsonColumn(frozen, [])) {
    if (base && field in base) own[field] = base[field]
  }
  return own
}

/** Row (with its field mapping) → DTO: the defaults, the customer's mapping, and the one in effect. */
export function toFieldMappingInstanceDto(
  row: FieldMappingInstanceRow,
  fieldMapping: FieldMappingRow,
  integrationId: string
): FieldMappingInstanceDto {
  const customized = { importValue: row.import_value !== null, exportValue: row.export_value !== null }
  const dto: FieldMappingInstanceDto = {
    id: row.id,
    key: fieldMapping.key,
    name: fieldMapping.name,
    userId: row.customer_id,
    tenantId: row.customer_id,
    fieldMappingId: fieldMapping.id,
    fieldMappingRevision: String(fieldMapping.revision),
    integrationId,
    integrationKey: row.integration_key,
    connectionId: row.connection_id,
    direction: fieldMapping.direction as FieldMappingDirection,
    customized,
    isCustomized: customized.importValue || customized.exportValue,
    state: row.state as ElementInstanceState,
    revision: `${fieldMapping.revision}.${row.updated_at}`,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (fieldMapping.parent_id !== null) dto.universalFieldMappingId = fieldMapping.parent_id
  else if (fieldMapping.integration_key === null) dto.universalFieldMappingId = fieldMapping.id
  if (row.instance_key !== null) dto.instanceKey = row.instance_key
  if (fieldMapping.data_source_key !== null) dto.dataSourceKey = fieldMapping.data_source_key
  if (row.data_source_instance_id !== null) dto.dataSourceInstanceId = row.data_source_instance_id
  if (row.data_source_schema !== null) dto.dataSourceSchema = fromJsonColumn(row.data_source_schema, {})
  if (fieldMapping.app_schema !== null) dto.appSchema = fromJsonColumn(fieldMapping.app_schema, {})
  if (fieldMapping.default_import_value !== null)
    dto.defaultImportValue = fromJsonColumn(fieldMapping.default_import_value, {})
  if (fieldMapping.default_export_value !== null)
    dto.defaultExportValue = fromJsonColumn(fieldMapping.default_export_value, {})
  const importValue = effectiveValue(
    row.import_value,
    fieldMapping.default_import_value,
    fieldMapping.frozen_import_fields
  )
  const exportValue = effectiveValue(
    row.export_value,
    fieldMapping.default_export_value,
    fieldMapping.frozen_export_fields
  )
  if (importValue !== undefined) dto.importValue = importValue
  if (exportValue !== undefined) dto.exportValue = exportValue
  if (fieldMapping.frozen_import_fields !== null)
    dto.frozenImportFields = fromJsonColumn(fieldMapping.frozen_import_fields, [])
  if (fieldMapping.frozen_export_fields !== null)
    dto.frozenExportFields = fromJsonColumn(fieldMapping.frozen_export_fields, [])
  if (row.errors !== null) dto.errors = fromJsonColumn(row.errors, [])
  if (row.setup_at !== null) dto.setupAt = row.setup_at
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
