import type { FlowNodeRunDto, FlowNodeRunStatus, FlowRunDto, FlowRunState } from '../../../contract/flow-runs'
import { fromJsonColumn } from '../../common/json-column'
import type { FlowNodeRunRow, FlowRunRow } from './flow-run.repository'

/** Row → DTO. */
export function toFlowRunDto(row: FlowRunRow): FlowRunDto {
  const dto: FlowRunDto = {
    id: row.id,
    userId: row.customer_id,
    tenantId: row.customer_id,
    connectionFlowId: row.flow_instance_id,
    flowInstanceId: row.flow_instance_id,
    startNodeKey: row.start_node_key,
    state: row.state as FlowRunState,
    startTime: row.created_at,
    nodes: fromJsonColumn(row.nodes, {}),
    launchedBy: fromJsonColumn(row.launched_by, { type: 'api-trigger' })
  }
  if (row.name !== null) dto.name = row.name
  if (row.flow_id !== null) dto.flowId = row.flow_id
  if (row.universal_flow_id !== null) dto.universalFlowId = row.universal_flow_id
  if (row.integration_key !== null) dto.integrationKey = row.integration_key
  if (row.connection_id !== null) dto.connectionId = row.connection_id
  if (row.input !== null) dto.input = fromJsonColumn(row.input)
  if (row.ended_at !== null) dto.endTime = row.ended_at
  if (row.errors !== null) dto.errors = fromJsonColumn(row.errors)
  if (row.repeat_of !== null) dto.repeatOf = row.repeat_of
  if (row.meta !== null) dto.meta = fromJsonColumn(row.meta)
  return dto
}

/** Node run row → DTO; `downstream` lists the node runs each output led to. */
export function toFlowNodeRunDto(
  row: FlowNodeRunRow,
  downstream: Map<string, Array<{ runId: string; nodeKey: string }>>
): FlowNodeRunDto {
  const outputs = fromJsonColumn(row.outputs, [])
  const dto: FlowNodeRunDto = {
    id: row.id,
    runId: row.run_id,
    nodeKey: row.node_key,
    nodeType: row.node_type,
    status: row.status as FlowNodeRunStatus,
    input: fromJsonColumn(row.input, null),
    upstreamRuns: fromJsonColumn(row.upstream, []),
    outputs: outputs.map((data, i) => {
      const id = outputId(row.id, i)
      return { id, data: JSON.stringify(data) ?? 'null', downstreamRuns: downstream.get(id) ?? [] }
    }),
    logs: fromJsonColumn(row.logs, []),
    errors: fromJsonColumn(row.errors, []),
    startedAt: row.started_at,
    durationMs: row.duration_ms
  }
  if (row.iteration !== null) dto.iteration = fromJsonColumn(row.iteration)
  return dto
}

/** Id of a node run's n-th output. */
export function outputId(nodeRunId: string, index: number): string {
  return `${nodeRunId}-${index}`
}
