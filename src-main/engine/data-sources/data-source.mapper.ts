import type { DataSourceDto } from '../../contract/data-sources'
import { optionalJson, toTemplateDto } from '../templates/template.mapper'
import type { DataSourceRow } from './data-source.repository'

/** Row → DTO; `integrationId` is the engine id of the row's integration, if it has one. */
export function toDataSourceDto(row: DataSourceRow, integrationId: string | undefined): DataSourceDto {
  return toTemplateDto(row, {
    definition: {},
    parentAlias: 'universalDataSourceId',
    integrationId,
    optional: {
      udm: row.udm ?? undefined,
      collectionKey: row.collection_key ?? undefined,
      collectionParameters: optionalJson(row.collection_parameters, {})
    }
  }) as unknown as DataSourceDto
}
