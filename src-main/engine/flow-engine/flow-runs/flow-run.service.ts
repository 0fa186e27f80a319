import type {
  FlowNodeRunDto,
  FlowRunDto,
  FlowRunLaunchType,
  FlowRunQuery,
  FlowRunState,
  RunError
} from '../../../contract/flow-runs'
import { FINAL_FLOW_RUN_STATES, FLOW_RUN_STATES, FlowRunCreate } from '../../../contract/flow-runs'
import type { Page } from '../../../contract/pagination'
import { maySee, type Actor } from '../../auth/actor'
import type { EngineContext } from '../../common/engine-context'
import { badRequest, EngineError, invalidData, notFound } from '../../common/engine-error'
import { newId } from '../../common/ids'
import { pageLimit, seqPage, decodeSeqCursor } from '../../common/listing'
import { inputParser } from '../../common/input-parser'
import type { CustomerService } from '../../customers/customer.service'
import type { FlowInstanceService } from '../flow-instances/flow-instance.service'
import type { InstanceRuntime } from '../flow-instances/instance-runtime.cache'
import type { NodeServices, RunCustomer } from '../flow-nodes/node-handler'
import type { FlowService } from '../flows/flow.service'
import { toFlowNodeRunDto, toFlowRunDto } from './flow-run.mapper'
import { FlowRunRepository, type FlowRunRow } from './flow-run.repository'
import { FlowRunWriter } from './flow-run.writer'
import { FlowRunner } from './flow-runner'
import { LiveRun } from './live-run'
import type { StartRunRequest } from './start-run-request'

export type { StartRunRequest } from './start-run-request'
import { listProblems } from '../../common/problem-list'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'

const parseCreate = inputParser(FlowRunCreate, '', 'flow run')

/** Options of {@link FlowRunService}. */
export interface FlowRunServiceOptions {
  /** Runs of one instance allowed at once when neither the instance nor its flow says (default 10). */
  defaultConcurrency?: number
  /** How long `close()` lets running runs finish before marking them failed (default 5 s). */
  closeGraceMs?: number
}

/** How a run is started from inside the engine (scheduler, app events, repeat). */
const EVENT_OF: Record<
  FlowRunState,
  'flowRun.queued' | 'flowRun.started' | 'flowRun.completed' | 'flowRun.failed' | 'flowRun.stopped'
> = {
  queued: 'flowRun.queued',
  running: 'flowRun.started',
  completed: 'flowRun.completed',
  failed: 'flowRun.failed',
  stopped: 'flowRun.stopped'
}

interface InstanceSlots {
  active: number
  queue: LiveRun[]
}

/**
 * Flow runs: starting them (API, scheduler, app events, repeat), a concurrency limit per
 * instance with a FIFO queue, stopping, and reading runs and node runs. Runs are persisted as
 * they progress (one transaction per event-loop turn for all runs); runs a crash left
 * unfinished are marked failed at start. Every state change emits `flowRun.*` after commit.
 */
export class FlowRunService {
  readonly repo: FlowRunRepository
  private readonly writer: FlowRunWriter
  private readonly runner: FlowRunner
  private readonly live = new Map<string, LiveRun>()
  private readonly slots = new Map<string, InstanceSlots>()
  private readonly customerCache = new Map<string, RunCustomer>()
  private readonly defaultConcurrency: number
  private readonly closeGraceMs: number
  private closing = false

  constructor(
    private readonly ctx: EngineContext,
    private readonly flows: FlowService,
    private readonly instances: FlowInstanceService,
    private readonly customers: CustomerService,
    services: NodeServices,
    options: FlowRunServiceOptions = {}
  ) {
    this.repo = new FlowRunRepository(ctx.db)
    this.writer = new FlowRunWriter(ctx.db, this.repo, ctx.logger, (run, states) => this.announce(run, states))
    this.runner = new FlowRunner(services, this.writer, ctx.nowIso)
    this.defaultConcurrency = options.defaultConcurrency ?? 10
    this.closeGraceMs = options.closeGraceMs ?? 5000
    for (const event of ['customer.updated', 'customer.archived', 'customer.restored'] as const) {
      ctx.events.on(event, ({ customer }) => this.customerCache.delete(customer.id))
    }
  }

  /** Marks runs that a crash or kill left queued or running as failed ("interrupted"); returns how many. */
  recoverInterrupted(): number {
    const rows = this.repo.unfinished()
    if (!rows.length) return 0
    const now = this.ctx.nowIso()
    const fixed = this.ctx.db.transaction(() =>
      rows.map((row) => {
        const nodes = fromJsonColumn(row.nodes, {})
        for (const summary of Object.values(nodes)) if (summary.state === 'running') summary.state = 'failed'
        const errors: RunError[] = [
          ...fromJsonColumn(row.errors, []),
          {
            type: 'flow_run',
            message:
              row.state === 'queued'
                ? `Interrupted: the engine stopped (crash or kill) before this run started. Repeat it with POST /flow-runs/${row.id}/repeat.`
                : `Interrupted: the engine stopped (crash or kill) while this run was running; steps after the last recorded node run did not happen. Repeat it with POST /flow-runs/${row.id}/repeat.`,
            data: { interrupted: true, stateAtInterruption: row.state }
          }
        ]
        const update = {
          id: row.id,
          state: 'failed',
          output: row.output,
          errors: toJsonColumn(errors),
          nodes: toJsonColumn(nodes),
          started_at: row.started_at,
          ended_at: now
        }
        this.repo.updateRun(update)
        return { ...row, ...update }
      })
    )
    for (const row of fixed) this.ctx.events.emit('flowRun.failed', { flowRun: toFlowRunDto(row) })
    this.ctx.logger.warn('marked interrupted flow runs as failed', { count: fixed.length })
    return fixed.length
  }

  /** `POST /flow-runs`: starts a run of an instance the actor may see; answers once the run is written (often already finished). */
  async create(actor: Actor, input: unknown, launchType: FlowRunLaunchType = 'api-trigger'): Promise<FlowRunDto> {
    const body = parseCreate(input)
    const runtime = await this.instances.runtimeFor(actor, body.flowInstanceId)
    const run = this.start(runtime, {
      startNodeKey: body.startNodeKey ?? body.nodeKey,
      input: body.input,
      meta: body.meta,
      launchedBy: { type: launchType }
    })
    await this.writer.whenWritten()
    return run.toDto()
  }

  /** Starts a run of a compiled instance (no access check: callers did it). Throws 400s for a bad start node or input. */
  start(runtime: InstanceRuntime, request: StartRunRequest): LiveRun {
    if (this.closing)
      throw new EngineError(
        { type: 'flow_run', message: 'The engine is shutting down; start the run again after it restarts.' },
        503
      )
    if (runtime.archived)
      throw badRequest(
        `Flow instance "${runtime.name}" is archived; restore it (POST /flow-instance/restore?id=${runtime.id}) before running it.`
      )
    const start = this.startNode(runtime, request.startNodeKey)
    const problems = start.handler.checkInput?.(start.prepared, request.input, 'input') ?? []
    if (problems.length)
      throw invalidData(
        `Invalid input for trigger "${start.key}" of flow instance "${runtime.name}": ${listProblems(problems)}`,
        problems
      )
    const launchedBy =
      request.launchedBy.type === 'api-trigger' && start.type === 'manual-trigger'
        ? { ...request.launchedBy, type: 'manual' as const }
        : request.launchedBy
    const run = new LiveRun({
      id: newId(this.ctx.clock.now()),
      runtime,
      customer: this.customerOf(runtime.customerId),
      startNodeKey: start.key,
      input: request.input,
      launchedBy,
      repeatOf: request.repeatOf,
      meta: request.meta,
      createdAt: this.ctx.nowIso()
    })
    this.live.set(run.id, run)
    this.writer.touch(run)
    const slots = this.slotsOf(runtime.id)
    if (slots.active < (runtime.concurrency ?? this.defaultConcurrency)) this.begin(run, slots)
    else slots.queue.push(run)
    return run
  }

  /** Resolves when the run's current state has been written. */
  whenWritten(): Promise<void> {
    return this.writer.whenWritten()
  }

  /** A run; never fails for a run that exists (the SDK polls this every second). */
  get(actor: Actor, id: string): FlowRunDto {
    const live = this.live.get(id)
    this.tryFlush()
    const row = this.repo.byId(id)
    if (!row) {
      if (live && maySee(actor, live.customer.id)) return live.toDto()
      throw notFound(`No flow run with id "${id}".`)
    }
    if (!maySee(actor, row.customer_id)) throw notFound(`No flow run with id "${id}".`)
    return toFlowRunDto(row)
  }

  /** A run as it stands this moment: a live run from memory (with the nodes running now), else as stored. */
  current(actor: Actor, id: string): FlowRunDto {
    const live = this.live.get(id)
    if (live && maySee(actor, live.customer.id)) return live.toDto()
    return this.get(actor, id)
  }

  /** The run's output: the output of the node where the flow ended (outputs by node key when it ended in several). */
  output(actor: Actor, id: string): unknown {
    this.tryFlush()
    const row = this.visibleRow(actor, id)
    return fromJsonColumn(row.output, null)
  }

  /** Runs, newest first; a customer sees only its own. */
  list(actor: Actor, query: FlowRunQuery = {}): Page<FlowRunDto> {
    const limit = pageLimit(query.limit)
    if (query.state !== undefined && !FLOW_RUN_STATES.includes(query.state)) {
      throw invalidData(`state must be one of ${FLOW_RUN_STATES.join(', ')}, got "${query.state}".`, [
        { path: 'state', message: 'unknown state' }
      ])
    }
    for (const [name, value] of [
      ['from', query.from],
      ['to', query.to]
    ] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        throw invalidData(`${name} must be an ISO date-time such as 2026-01-31T12:00:00Z, got "${value}".`, [
          { path: name, message: 'not a date-time' }
        ])
    }
    this.tryFlush()
    let customerId: string | undefined
    if (actor.kind === 'customer') customerId = actor.customer.id
    else if (query.userId ?? query.tenantId) customerId = this.customers.rowOf((query.userId ?? query.tenantId)!).id
    const flowSelector = query.flowId ?? query.integrationFlowId ?? query.universalFlowId
    const rows = this.repo.list({
      customerId,
      flowInstanceId: query.flowInstanceId ?? query.connectionFlowId,
      flowId: flowSelector ? this.flows.rowOf(flowSelector).id : undefined,
      state: query.state,
      integrationKey: query.integrationKey,
      connectionId: query.connectionId,
      from: query.from ? new Date(query.from).toISOString() : undefined,
      to: query.to ? new Date(query.to).toISOString() : undefined,
      beforeSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    return seqPage(rows, limit, (page) => page.map(toFlowRunDto))
  }

  /** Stops a run: a queued one at once, a running one at its next step (running requests and code are cancelled). */
  async stop(actor: Actor, id: string): Promise<FlowRunDto> {
    const run = this.live.get(id)
    if (!run || !maySee(actor, run.customer.id)) return this.get(actor, id)
    const slots = this.slotsOf(run.runtime.id)
    const queued = slots.queue.indexOf(run)
    if (queued >= 0) {
      slots.queue.splice(queued, 1)
      run.moveTo('stopped', this.ctx.nowIso())
      this.live.delete(run.id)
      this.writer.touch(run)
    } else {
      run.abort.abort()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([run.whenFinal(), new Promise((resolve) => (timer = setTimeout(resolve, 3000)))])
      clearTimeout(timer)
    }
    await this.writer.whenWritten()
    return this.get(actor, id)
  }

  /** Starts a new run of the same instance with the same start node and input. */
  async repeat(actor: Actor, id: string): Promise<FlowRunDto> {
    this.tryFlush()
    const row = this.visibleRow(actor, id)
    if (!FINAL_FLOW_RUN_STATES.includes(row.state as FlowRunState)) {
      throw new EngineError({
        type: 'bad_request',
        key: 'conflict',
        message: `Flow run ${id} is still ${row.state}; repeat it after it finished (or stop it first).`
      })
    }
    const runtime = await this.instances.runtimeFor(actor, row.flow_instance_id)
    const run = this.start(runtime, {
      startNodeKey: row.start_node_key,
      input: fromJsonColumn(row.input, undefined),
      meta: fromJsonColumn(row.meta, undefined),
      launchedBy: { type: 'api-trigger' },
      repeatOf: row.id
    })
    await this.writer.whenWritten()
    return run.toDto()
  }

  /** Node runs of a run in start order, optionally of one node; `cursor` pages through them. */
  nodeRuns(
    actor: Actor,
    id: string,
    options: { nodeKey?: string; limit?: number; cursor?: string } = {}
  ): Page<FlowNodeRunDto> {
    this.tryFlush()
    const run = this.visibleRow(actor, id)
    const limit = pageLimit(options.limit)
    const after =
      options.cursor === undefined || options.cursor === '0' || options.cursor === ''
        ? undefined
        : decodeSeqCursor(options.cursor) - 1
    const rows = this.repo.nodeRuns(run.id, { nodeKey: options.nodeKey, afterIdx: after, limit: limit + 1 })
    const page = rows.slice(0, limit)
    const downstream = this.downstreamOf(run.id)
    const result: Page<FlowNodeRunDto> = { items: page.map((r) => toFlowNodeRunDto(r, downstream)) }
    if (rows.length > limit) result.cursor = String(page[page.length - 1].idx + 1)
    return result
  }

  /** One node run of a run. */
  nodeRun(actor: Actor, id: string, nodeKey: string, nodeRunId: string): FlowNodeRunDto {
    this.tryFlush()
    const run = this.visibleRow(actor, id)
    const row = this.repo.nodeRuns(run.id, { nodeKey }).find((r) => r.id === nodeRunId)
    if (!row) throw notFound(`Flow run ${id} has no run "${nodeRunId}" of node "${nodeKey}".`)
    return toFlowNodeRunDto(row, this.downstreamOf(run.id))
  }

  /** Outputs of a node across the run (`{id, data}` each), paged like node runs. */
  nodeOutputs(
    actor: Actor,
    id: string,
    nodeKey: string,
    options: { limit?: number; cursor?: string } = {}
  ): Page<{ id: string; data: unknown }> {
    const page = this.nodeRuns(actor, id, { ...options, nodeKey })
    const result: Page<{ id: string; data: unknown }> = {
      items: page.items.flatMap((r) => r.outputs.map((o) => ({ id: o.id, data: JSON.parse(o.data) })))
    }
    if (page.cursor) result.cursor = page.cursor
    return result
  }

  /** One output of a node by its id. */
  nodeOutput(actor: Actor, id: string, nodeKey: string, outputId: string): { id: string; data: unknown } {
    const nodeRunId = outputId.replace(/-\d+$/, '')
    const output = this.nodeRun(actor, id, nodeKey, nodeRunId).outputs.find((o) => o.id === outputId)
    if (!output) throw notFound(`Node "${nodeKey}" of flow run ${id} has no output "${outputId}".`)
    return { id: output.id, data: JSON.parse(output.data) }
  }

  /** How many runs the engine holds (queued or running). */
  activeCount(): number {
    return this.live.size
  }

  /** Stops accepting runs, lets running ones finish for a while, then marks the rest failed and writes everything. */
  async close(): Promise<void> {
    this.closing = true
    for (const slots of this.slots.values()) {
      for (const run of slots.queue.splice(0)) {
        run.errors.push({
          type: 'flow_run',
          message: 'The engine stopped before this run started; repeat it after the restart.'
        })
        run.moveTo('failed', this.ctx.nowIso())
        this.live.delete(run.id)
        this.writer.touch(run)
      }
    }
    const running = [...this.live.values()]
    if (running.length) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.all(running.map((r) => r.whenFinal())),
        new Promise((resolve) => (timer = setTimeout(resolve, this.closeGraceMs)))
      ])
      clearTimeout(timer)
      for (const run of this.live.values()) {
        run.abort.abort()
        run.errors.push({
          type: 'flow_run',
          message: 'The engine stopped while this run was running; repeat it after the restart.'
        })
        run.moveTo('failed', this.ctx.nowIso())
        this.writer.touch(run)
      }
      this.live.clear()
    }
    try {
      this.writer.close()
    } catch {
      // logged by the writer
    }
  }

  private begin(run: LiveRun, slots: InstanceSlots): void {
    slots.active++
    run.moveTo('running', this.ctx.nowIso())
    this.writer.touch(run)
    this.runner.execute(run).then(
      (result) => this.finish(run, slots, result.output, result.failures),
      (error) =>
        this.finish(run, slots, undefined, [
          { type: 'internal', message: `The run failed inside the engine: ${(error as Error).message}` }
        ])
    )
  }

  private finish(run: LiveRun, slots: InstanceSlots, output: unknown, failures: RunError[]): void {
    slots.active--
    if (this.live.get(run.id) === run && !FINAL_FLOW_RUN_STATES.includes(run.state)) {
      const stopped = run.abort.signal.aborted
      run.output = output
      run.errors.push(...failures)
      if (stopped)
        for (const summary of Object.values(run.nodes)) if (summary.state === 'running') summary.state = 'stopped'
      run.moveTo(stopped ? 'stopped' : failures.length ? 'failed' : 'completed', this.ctx.nowIso())
      this.live.delete(run.id)
      this.writer.touch(run)
    }
    const next = slots.queue.shift()
    if (next) this.begin(next, slots)
    else if (slots.active === 0) this.slots.delete(run.runtime.id)
  }

  private startNode(runtime: InstanceRuntime, key: string | undefined) {
    const { graph } = runtime
    if (key !== undefined) {
      const node = graph.nodes.get(key)
      if (!node)
        throw invalidData(
          `Flow instance "${runtime.name}" has no node "${key}"; its triggers are ${graph.triggers.map((t) => `"${t.key}"`).join(', ') || 'none'}.`,
          [{ path: 'startNodeKey', message: 'no such node' }]
        )
      if (!node.isTrigger)
        throw invalidData(
          `Node "${key}" is a ${node.type} step, not a trigger: runs start at a trigger (${graph.triggers.map((t) => `"${t.key}"`).join(', ')}).`,
          [{ path: 'startNodeKey', message: 'not a trigger' }]
        )
      return node
    }
    if (graph.triggers.length === 1) return graph.triggers[0]
    if (!graph.triggers.length)
      throw badRequest(`Flow instance "${runtime.name}" has no trigger to start from; add one to its nodes.`)
    // Without a start node, the API starts at the flow's one api-trigger (or, failing that, its one manual-trigger).
    for (const type of ['api-trigger', 'manual-trigger']) {
      const candidates = graph.triggers.filter((t) => t.type === type)
      if (candidates.length === 1) return candidates[0]
      if (candidates.length > 1) break
    }
    throw invalidData(
      `Flow instance "${runtime.name}" has several triggers (${graph.triggers.map((t) => `"${t.key}"`).join(', ')}): say which one with startNodeKey.`,
      [{ path: 'startNodeKey', message: 'required when there are several triggers' }]
    )
  }

  private slotsOf(instanceId: string): InstanceSlots {
    let slots = this.slots.get(instanceId)
    if (!slots) {
      slots = { active: 0, queue: [] }
      this.slots.set(instanceId, slots)
    }
    return slots
  }

  private customerOf(customerId: string): RunCustomer {
    let customer = this.customerCache.get(customerId)
    if (!customer) {
      customer = this.customers.findRunCustomer(customerId)
      if (!customer) throw notFound(`The customer ${customerId} of this flow instance no longer exists.`)
      if (this.customerCache.size > 10_000) this.customerCache.clear()
      this.customerCache.set(customerId, customer)
    }
    return customer
  }

  private announce(run: LiveRun, states: FlowRunState[]): void {
    const flowRun = run.toDto()
    for (const state of states)
      this.ctx.events.emit(EVENT_OF[state], { flowRun: state === flowRun.state ? flowRun : { ...flowRun, state } })
  }

  private downstreamOf(runId: string): Map<string, Array<{ runId: string; nodeKey: string }>> {
    const map = new Map<string, Array<{ runId: string; nodeKey: string }>>()
    for (const link of this.repo.nodeRunLinks(runId)) {
      if (!link.upstream) continue
      for (const up of fromJsonColumn(link.upstream)) {
        const list = map.get(up.outputId) ?? []
        list.push({ runId: link.id, nodeKey: link.node_key })
        map.set(up.outputId, list)
      }
    }
    return map
  }

  private visibleRow(actor: Actor, id: string): FlowRunRow {
    const row = this.repo.byId(id)
    if (!row || !maySee(actor, row.customer_id)) throw notFound(`No flow run with id "${id}".`)
    return row
  }

  /** Writes what is buffered; a failed write is logged (and retried later) rather than failing a read. */
  private tryFlush(): void {
    try {
      this.writer.flush()
    } catch {
      // logged by the writer; readers fall back to what is in memory
    }
  }
}
