import type { FlowDto, FlowNodes } from '../../../contract/flows'
import { parseJsonColumn } from '../../common/json-column'
import type { FlowRow } from './flow.repository'

/** Row → DTO. */
export function toFlowDto(row: FlowRow): FlowDto {
  const dto: FlowDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    isUniversal: row.integration_key === null,
    isCustomized: row.is_customized === 1,
    nodes: parseJsonColumn<FlowNodes>(row.nodes, {}),
    autoCreateInstances: row.auto_create_instances === 1,
    revision: String(row.revision),
    state: 'READY',
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (row.parent_id !== null) {
    dto.parentId = row.parent_id
    dto.universalFlowId = row.parent_id
  }
  if (row.parameters_schema !== null) dto.parametersSchema = parseJsonColumn(row.parameters_schema, {})
  if (row.concurrency !== null) dto.concurrency = row.concurrency
  if (row.meta !== null) dto.meta = parseJsonColumn(row.meta, {})
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
