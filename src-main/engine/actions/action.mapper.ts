import type { ActionDto, ActionRunDto } from '../../contract/actions'
import { fromJsonColumn } from '../common/json-column'
import { optionalJson, toTemplateDto } from '../templates/template.mapper'
import type { ActionRow, ActionRunRow } from './action.repository'

/** Row → DTO. */
export function toActionDto(row: ActionRow): ActionDto {
  return toTemplateDto(row, {
    definition: { type: row.type, config: fromJsonColumn(row.config, {}) },
    parentAlias: 'universalParentId',
    optional: {
      inputSchema: optionalJson(row.input_schema, {}),
      outputMapping: optionalJson(row.output_mapping, null),
      customOutputSchema: optionalJson(row.custom_output_schema, {})
    }
  }) as unknown as ActionDto
}

/** Run row → DTO. */
export function toActionRunDto(row: ActionRunRow): ActionRunDto {
  const dto: ActionRunDto = {
    id: row.id,
    actionId: row.action_id,
    actionKey: row.action_key,
    userId: row.customer_id,
    state: row.state as ActionRunDto['state'],
    logs: fromJsonColumn(row.logs, []),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms
  }
  if (row.input !== null) dto.input = fromJsonColumn(row.input, null)
  if (row.output !== null) dto.output = fromJsonColumn(row.output, null)
  if (row.errors !== null) dto.errors = fromJsonColumn(row.errors, [])
  if (row.connection_id !== null) dto.connectionId = row.connection_id
  if (row.action_instance_id !== null) dto.actionInstanceId = row.action_instance_id
  return dto
}
