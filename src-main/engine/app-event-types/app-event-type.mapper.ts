import type { AppEventTypeDto } from '../../contract/app-event-types'
import { fromJsonColumn } from '../common/json-column'
import type { AppEventTypeRow } from './app-event-type.repository'

/** The path of the global app event webhook under the engine's URL; the type's webhook key follows. */
export const APP_EVENT_GLOBAL_WEBHOOK_PATH = '/webhooks/app-events'

/** Row → DTO; `apiUrl` is the engine's URL (empty until the server listens). */
export function toAppEventTypeDto(row: AppEventTypeRow, apiUrl: string): AppEventTypeDto {
  const dto: AppEventTypeDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    webhookKey: row.webhook_key,
    globalWebhookUri: `${apiUrl}${APP_EVENT_GLOBAL_WEBHOOK_PATH}/${row.webhook_key}`,
    state: 'READY',
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.schema !== null) dto.schema = fromJsonColumn(row.schema, {})
  if (row.example !== null) dto.example = fromJsonColumn(row.example, null)
  if (row.user_id_formula !== null) dto.userIdFormula = fromJsonColumn(row.user_id_formula, null)
  if (row.subscribe_request !== null) dto.subscribeRequest = fromJsonColumn(row.subscribe_request, { uri: '' })
  if (row.unsubscribe_request !== null) dto.unsubscribeRequest = fromJsonColumn(row.unsubscribe_request, { uri: '' })
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
