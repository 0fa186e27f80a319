import { fromJsonColumn } from '../../common/json-column'
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

/**
 * How many compiled instances are kept. A compiled graph with its formulas is ~150 KB, and every
 * deploy and setup compiles one: 5,000 of them held ~750 MB with 10,000 scheduled instances
 * (bench/scheduler.mjs), and a heap that size made each young-generation scavenge of an idle
 * server cost more than the scheduler itself. 500 recently used ones (~75 MB at most) keep the
 * instances that actually run compiled; any other compiles again (milliseconds) when it runs.
 */
export const RUNTIME_CACHE_LIMIT = 500

/**
 * Compiled instances by id, least recently used dropped first. Loading parses the nodes and
 * compiles every formula once, so a run does no parsing; any change to an instance (or its
 * template's concurrency) drops it.
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
    if (entry) {
      // a Map keeps insertion order: moving a hit to the end keeps the oldest first
      this.entries.delete(id)
      this.entries.set(id, entry)
      return entry
    }
    const found = this.load(id)
    if (!found) return undefined
    entry = this.compile(found.row, found.flowKey, found.flowConcurrency)
    if (this.entries.size >= RUNTIME_CACHE_LIMIT) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(id, entry)
    const compiled = entry
    compiled.catch(() => {
      if (this.entries.get(id) === compiled) this.entries.delete(id)
    })
    return entry
  }

  /** Forgets every instance (after an import rewrote them). */
  clear(): void {
    this.entries.clear()
  }

  /** How many compiled instances are held. */
  get size(): number {
    return this.entries.size
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
    const graph = await this.graph.compile(fromJsonColumn(row.nodes, {}))
    const parameters = fromJsonColumn(row.parameters, {})
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
