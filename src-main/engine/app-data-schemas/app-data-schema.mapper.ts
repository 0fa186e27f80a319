import type { AppDataSchemaDto } from '../../contract/app-data-schemas'
import { fromJsonColumn } from '../common/json-column'
import type { AppDataSchemaRow } from './app-data-schema.repository'

/** Row → DTO. */
export function toAppDataSchemaDto(row: AppDataSchemaRow): AppDataSchemaDto {
  const dto: AppDataSchemaDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    schema: fromJsonColumn(row.schema, {}),
    revision: String(row.revision),
    state: 'READY',
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.code !== null) dto.code = row.code
  if (row.meta !== null) dto.meta = fromJsonColumn(row.meta, {})
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
