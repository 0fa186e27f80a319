import type { ActionDto, ActionRunDto } from '../../contract/actions'
import { parseJsonColumn } from '../common/json-column'
import type { ActionRow, ActionRunRow } from './action.repository'

/** Row → DTO. */
export function toActionDto(row: ActionRow): ActionDto {
  const dto: ActionDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    isUniversal: row.integration_key === null,
    isCustomized: row.is_customized === 1,
    type: row.type,
    config: parseJsonColumn(row.config, {}),
    revision: String(row.revision),
    state: 'READY',
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (row.parent_id !== null) {
    dto.parentId = row.parent_id
    dto.universalParentId = row.parent_id
  }
  if (row.input_schema !== null) dto.inputSchema = parseJsonColumn(row.input_schema, {})
  if (row.output_mapping !== null) dto.outputMapping = parseJsonColumn(row.output_mapping, null)
  if (row.custom_output_schema !== null) dto.customOutputSchema = parseJsonColumn(row.custom_output_schema, {})
  if (row.meta !== null) dto.meta = parseJsonColumn(row.meta, {})
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}

/** Run row → DTO. */
export function toActionRunDto(row: ActionRunRow): ActionRunDto {
  const dto: ActionRunDto = {
    id: row.id,
    actionId: row.action_id,
    actionKey: row.action_key,
    userId: row.customer_id,
    state: row.state as ActionRunDto['state'],
    logs: parseJsonColumn(row.logs, []),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms
  }
  if (row.input !== null) dto.input = parseJsonColumn(row.input, null)
  if (row.output !== null) dto.output = parseJsonColumn(row.output, null)
  if (row.errors !== null) dto.errors = parseJsonColumn(row.errors, [])
  if (row.connection_id !== null) dto.connectionId = row.connection_id
  if (row.action_instance_id !== null) dto.actionInstanceId = row.action_instance_id
  return dto
}
