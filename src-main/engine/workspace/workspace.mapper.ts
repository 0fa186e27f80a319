import type { WorkspaceDto } from '../../contract/workspace'
import { fromJsonColumn } from '../common/json-column'
import type { WorkspaceRow } from './workspace.repository'

/** Row → DTO; the sealed secret never leaves the engine this way. */
export function toWorkspaceDto(row: WorkspaceRow): WorkspaceDto {
  const dto: WorkspaceDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    secretRotatedAt: row.secret_rotated_at,
    defaultTokenTtlSeconds: row.default_token_ttl,
    runRetentionDays: row.run_retention_days,
    runRetentionPerInstance: row.run_retention_per_instance,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  const schema = fromJsonColumn(row.user_fields_schema, null)
  if (schema) dto.userFieldsSchema = schema
  if (row.webhook_uri) dto.webhookUri = row.webhook_uri
  if (row.api_base_uri) dto.apiBaseUri = row.api_base_uri
  return dto
}
