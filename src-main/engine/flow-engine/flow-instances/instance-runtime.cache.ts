import type { FlowNodes } from '../../../contract/flows'
import { parseJsonColumn } from '../../common/json-column'
import type { CompiledGraph, FlowGraphValidator } from '../flow-graph/flow-graph'
import type { FlowInstanceRow } from './flow-instance.repository'

/** What running an instance needs, compiled once and kept until the instance changes. */
export interface InstanceRuntime {
  id: string
  customerId: string
  flowId: string | null
  flowKey: string | null
  integrationKey: string | null
  connectionId: string | null
  name: string
  enabled: boolean
  archived: boolean
  /** Runs allowed at once; undefined uses the engine default. */
  concurrency: number | undefined
  graph: CompiledGraph
  /** `flowInstance` as formulas see it. */
  scope: {
    id: string
    name: string
    flowId?: string
    flowKey?: string
    instanceKey?: string
    parameters: Record<string, unknown>
  }
  parameters: Record<string, unknown>
}

const LIMIT = 5000

/**
 * Compiled instances by id. Loading parses the nodes and compiles every formula once, so a
 * run does no parsing; any change to an instance (or its template's concurrency) drops it.
 */
export class InstanceRuntimeCache {
  private readonly entries = new Map<string, Promise<InstanceRuntime>>()

  constructor(
    private readonly graph: FlowGraphValidator,
    private readonly load: (
      id: string
    ) => { row: FlowInstanceRow; flowKey: string | null; flowConcurrency: number | null } | undefined
  ) {}

  /** The runtime of an instance, or undefined when there is no such instance. */
  async get(id: string): Promise<InstanceRuntime | undefined> {
    let entry = this.entries.get(id)
    if (!entry) {
      const found = this.load(id)
      if (!found) return undefined
      entry = this.compile(found.row, found.flowKey, found.flowConcurrency)
      if (this.entries.size >= LIMIT) this.entries.clear()
      this.entries.set(id, entry)
      entry.catch(() => this.entries.delete(id))
    }
    return entry
  }

  /** Forgets every instance (after an import rewrote them). */
  clear(): void {
    this.entries.clear()
  }

  /** Forgets one instance (after it changed). */
  drop(id: string): void {
    this.entries.delete(id)
  }

  private async compile(
    row: FlowInstanceRow,
    flowKey: string | null,
    flowConcurrency: number | null
  ): Promise<InstanceRuntime> {
    const graph = await this.graph.compile(parseJsonColumn<FlowNodes>(row.nodes, {}))
    const parameters = parseJsonColumn<Record<string, unknown>>(row.parameters, {})
    const scope: InstanceRuntime['scope'] = { id: row.id, name: row.name, parameters }
    if (row.flow_id) scope.flowId = row.flow_id
    if (flowKey) scope.flowKey = flowKey
    if (row.instance_key) scope.instanceKey = row.instance_key
    return {
      id: row.id,
      customerId: row.customer_id,
      flowId: row.flow_id,
      flowKey,
      integrationKey: row.integration_key,
      connectionId: row.connection_id,
      name: row.name,
      enabled: row.enabled === 1,
      archived: row.archived_at !== null,
      concurrency: row.concurrency ?? flowConcurrency ?? undefined,
      graph,
      scope,
      parameters
    }
  }
}
