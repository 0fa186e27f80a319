import type { FieldMappingDirection, FieldMappingDto } from '../../contract/field-mappings'
import { optionalJson, toTemplateDto } from '../templates/template.mapper'
import type { FieldMappingRow } from './field-mapping.repository'

/** Row → DTO; `integrationId` and `dataSourceId` are looked up by the service. */
export function toFieldMappingDto(
  row: FieldMappingRow,
  integrationId: string | undefined,
  dataSourceId: string | undefined
): FieldMappingDto {
  return toTemplateDto(row, {
    definition: { direction: row.direction as FieldMappingDirection },
    parentAlias: 'universalFieldMappingId',
    integrationId,
    optional: {
      dataSourceKey: row.data_source_key ?? undefined,
      dataSourceId,
      appSchema: optionalJson(row.app_schema, {}),
      defaultImportValue: optionalJson(row.default_import_value, {}),
      defaultExportValue: optionalJson(row.default_export_value, {}),
      frozenImportFields: optionalJson(row.frozen_import_fields, []),
      frozenExportFields: optionalJson(row.frozen_export_fields, [])
    }
  }) as unknown as FieldMappingDto
}
