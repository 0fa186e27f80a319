import type { FlowInstanceDto, FlowInstanceState, RecordTriggerSetupDto } from '../../../contract/flow-instances'
import { fromJsonColumn } from '../../common/json-column'
import type { FlowInstanceRow } from './flow-instance.repository'

/** Row → DTO; `flow` is the template's current revision and key, when there is a template; `triggers` its subscribed record triggers. */
export function toFlowInstanceDto(
  row: FlowInstanceRow,
  flow?: { revision: number; key: string },
  triggers: RecordTriggerSetupDto[] = []
): FlowInstanceDto {
  const nodes = fromJsonColumn(row.nodes, {})
  const nodesCustomized = row.flow_id !== null && Object.values(nodes).some((n) => n.isCustomized)
  const dto: FlowInstanceDto = {
    id: row.id,
    userId: row.customer_id,
    tenantId: row.customer_id,
    name: row.name,
    isAdHoc: row.flow_id === null,
    enabled: row.enabled === 1,
    nodes,
    customized: { name: row.customized_name === 1, nodes: nodesCustomized },
    isCustomized: row.customized_name === 1 || nodesCustomized,
    isOutdated: !!flow && row.flow_revision !== null && flow.revision > row.flow_revision,
    state: row.state as FlowInstanceState,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.flow_id !== null) {
    dto.flowId = row.flow_id
    dto.universalFlowId = row.flow_id
  }
  if (flow) dto.flowKey = flow.key
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (row.connection_id !== null) dto.connectionId = row.connection_id
  if (row.instance_key !== null) dto.instanceKey = row.instance_key
  if (row.parameters !== null) dto.parameters = fromJsonColumn(row.parameters, {})
  if (row.flow_revision !== null) dto.flowRevision = String(row.flow_revision)
  if (row.concurrency !== null) dto.concurrency = row.concurrency
  if (row.errors !== null) dto.errors = fromJsonColumn(row.errors, [])
  if (row.setup !== null || triggers.length) {
    const setup = fromJsonColumn(row.setup, { fieldSchemas: {} })
    dto.setup = { ...setup, triggers }
  }
  if (row.setup_at !== null) dto.setupAt = row.setup_at
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}
