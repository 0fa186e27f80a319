import type { ActionInstanceDto, ActionInstanceState } from '../../contract/action-instances'
import { fromJsonColumn } from '../common/json-column'
import type { ActionRow } from '../actions/action.repository'
import type { ActionInstanceRow } from './action-instance.repository'

/** Row (with its template) → DTO: the effective definition and what the customer changed. */
export function toActionInstanceDto(row: ActionInstanceRow, action: ActionRow): ActionInstanceDto {
  const customized = {
    name: row.name !== null,
    config: row.config !== null,
    inputSchema: row.input_schema !== null,
    outputMapping: row.output_mapping !== null
  }
  const dto: ActionInstanceDto = {
    id: row.id,
    userId: row.customer_id,
    tenantId: row.customer_id,
    actionId: action.id,
    parentId: action.id,
    actionKey: action.key,
    name: row.name ?? action.name,
    type: action.type,
    config: fromJsonColumn(row.config ?? action.config, {}),
    customized,
    isCustomized: Object.values(customized).some(Boolean),
    state: row.state as ActionInstanceState,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  const inputSchema = row.input_schema ?? action.input_schema
  const outputMapping = row.output_mapping ?? action.output_mapping
  if (inputSchema !== null) dto.inputSchema = fromJsonColumn(inputSchema)
  if (outputMapping !== null) dto.outputMapping = fromJsonColumn(outputMapping)
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (row.connection_id !== null) dto.connectionId = row.connection_id
  if (row.instance_key !== null) dto.instanceKey = row.instance_key
  if (row.errors !== null) dto.errors = fromJsonColumn(row.errors, [])
  if (row.fields_schema !== null) dto.fieldsSchema = fromJsonColumn(row.fields_schema)
  if (row.setup_at !== null) dto.setupAt = row.setup_at
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
