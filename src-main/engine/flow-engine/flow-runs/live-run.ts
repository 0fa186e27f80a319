import type {
  FlowRunDto,
  FlowRunLaunchType,
  FlowRunNodeSummary,
  FlowRunState,
  RunError
} from '../../../contract/flow-runs'
import type { RunCustomer } from '../flow-nodes/node-handler'
import type { InstanceRuntime } from '../flow-instances/instance-runtime.cache'
import type { FlowRunWrite } from './flow-run.repository'
import { toJsonColumn } from '../../common/json-column'

/** What a new run is made from. */
export interface LiveRunInit {
  id: string
  runtime: InstanceRuntime
  customer: RunCustomer
  startNodeKey: string
  input: unknown
  launchedBy: { type: FlowRunLaunchType; ids?: string[] }
  repeatOf?: string
  meta?: Record<string, unknown>
  createdAt: string
}

/**
 * A run while the engine holds it (queued or running, and until its final state is written).
 * It is the source of truth for its own row: the writer turns it into an insert or an update.
 */
export class LiveRun {
  readonly id: string
  readonly runtime: InstanceRuntime
  readonly customer: RunCustomer
  readonly startNodeKey: string
  readonly input: unknown
  readonly launchedBy: { type: FlowRunLaunchType; ids?: string[] }
  readonly repeatOf?: string
  readonly meta?: Record<string, unknown>
  readonly createdAt: string
  readonly abort = new AbortController()
  state: FlowRunState = 'queued'
  startedAt?: string
  endedAt?: string
  output?: unknown
  errors: RunError[] = []
  nodes: Record<string, FlowRunNodeSummary> = {}
  /** Node runs started so far (their start order). */
  nodeRunCount = 0
  /** The row exists in the database. */
  persisted = false
  /** States reached since the last write, for events after the commit. */
  transitions: FlowRunState[] = ['queued']
  private readonly settled: Promise<void>
  private settle!: () => void

  constructor(init: LiveRunInit) {
    this.id = init.id
    this.runtime = init.runtime
    this.customer = init.customer
    this.startNodeKey = init.startNodeKey
    this.input = init.input
    this.launchedBy = init.launchedBy
    this.repeatOf = init.repeatOf
    this.meta = init.meta
    this.createdAt = init.createdAt
    this.settled = new Promise((resolve) => (this.settle = resolve))
  }

  /** Resolves once the run reached a final state. */
  whenFinal(): Promise<void> {
    return this.settled
  }

  /** Moves to a new state and remembers it for the event that follows the write. */
  moveTo(state: FlowRunState, at: string): void {
    this.state = state
    if (state === 'running') this.startedAt = at
    if (state === 'completed' || state === 'failed' || state === 'stopped') {
      this.endedAt = at
      this.settle()
    }
    this.transitions.push(state)
  }

  /** The node's summary entry, created on first use. */
  nodeSummary(nodeKey: string): FlowRunNodeSummary {
    let summary = this.nodes[nodeKey]
    if (!summary) {
      summary = { state: 'running', runs: 0, erroredRuns: 0, outputs: 0 }
      this.nodes[nodeKey] = summary
    }
    return summary
  }

  /** The full row, for the first write. */
  toRow(): FlowRunWrite {
    return {
      id: this.id,
      flow_instance_id: this.runtime.id,
      customer_id: this.customer.id,
      flow_id: this.runtime.flowId,
      universal_flow_id: this.runtime.flowId,
      integration_key: this.runtime.integrationKey,
      connection_id: this.runtime.connectionId,
      name: this.runtime.name,
      start_node_key: this.startNodeKey,
      state: this.state,
      input: this.input === undefined ? null : toJsonColumn(this.input),
      output: this.output === undefined ? null : toJsonColumn(this.output),
      errors: this.errors.length ? toJsonColumn(this.errors) : null,
      nodes: toJsonColumn(this.nodes),
      launched_by: toJsonColumn(this.launchedBy),
      repeat_of: this.repeatOf ?? null,
      meta: this.meta ? toJsonColumn(this.meta) : null,
      created_at: this.createdAt,
      started_at: this.startedAt ?? null,
      ended_at: this.endedAt ?? null
    }
  }

  /** What changed since the first write. */
  toUpdate(): Pick<FlowRunWrite, 'id' | 'state' | 'output' | 'errors' | 'nodes' | 'started_at' | 'ended_at'> {
    return {
      id: this.id,
      state: this.state,
      output: this.output === undefined ? null : toJsonColumn(this.output),
      errors: this.errors.length ? toJsonColumn(this.errors) : null,
      nodes: toJsonColumn(this.nodes),
      started_at: this.startedAt ?? null,
      ended_at: this.endedAt ?? null
    }
  }

  /** The run as the API shows it, straight from memory. */
  toDto(): FlowRunDto {
    const dto: FlowRunDto = {
      id: this.id,
      userId: this.customer.id,
      tenantId: this.customer.id,
      connectionFlowId: this.runtime.id,
      flowInstanceId: this.runtime.id,
      name: this.runtime.name,
      startNodeKey: this.startNodeKey,
      state: this.state,
      startTime: this.createdAt,
      nodes: copyNodes(this.nodes),
      launchedBy: this.launchedBy
    }
    if (this.runtime.flowId) {
      dto.flowId = this.runtime.flowId
      dto.universalFlowId = this.runtime.flowId
    }
    if (this.runtime.integrationKey) dto.integrationKey = this.runtime.integrationKey
    if (this.runtime.connectionId) dto.connectionId = this.runtime.connectionId
    if (this.input !== undefined) dto.input = this.input
    if (this.endedAt) dto.endTime = this.endedAt
    if (this.errors.length) dto.errors = this.errors
    if (this.repeatOf) dto.repeatOf = this.repeatOf
    if (this.meta) dto.meta = this.meta
    return dto
  }
}

/** A copy of the node summaries (they keep changing while the run goes on). */
function copyNodes(nodes: Record<string, FlowRunNodeSummary>): Record<string, FlowRunNodeSummary> {
  const copy: Record<string, FlowRunNodeSummary> = {}
  for (const key in nodes) copy[key] = { ...nodes[key] }
  return copy
}
