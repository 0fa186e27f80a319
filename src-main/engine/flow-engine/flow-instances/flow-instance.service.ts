import {
  FlowInstanceCreate,
  FlowInstanceResetOptions,
  FlowInstanceUpdate,
  type FlowInstanceDto,
  type FlowInstanceQuery,
  type FlowInstanceSelector
} from '../../../contract/flow-instances'
import type { ElementError, FlowNode, FlowNodes } from '../../../contract/flows'
import type { Page } from '../../../contract/pagination'
import { maySee, type Actor } from '../../auth/actor'
import type { EngineContext } from '../../common/engine-context'
import { badRequest, EngineError, invalidData, notFound } from '../../common/engine-error'
import { inputParser } from '../../common/input-parser'
import { checkAgainstSchema } from '../../common/json-schema'
import { fromBool, fromJsonColumn, toJsonColumn, toJsonColumnOrNull } from '../../common/json-column'
import type { CustomerService } from '../../customers/customer.service'
import type { FlowGraphValidator } from '../flow-graph/flow-graph'
import type { FlowRow } from '../flows/flow.repository'
import type { FlowService } from '../flows/flow.service'
import { toFlowInstanceDto } from './flow-instance.mapper'
import { FlowInstanceRepository, type FlowInstanceFilter, type FlowInstanceRow } from './flow-instance.repository'
import { InstanceRuntimeCache, type InstanceRuntime } from './instance-runtime.cache'
import { scheduleTriggerNode, type PreparedSchedule } from '../flow-nodes/trigger-nodes'
import { listProblems } from '../../common/problem-list'
import type { ConnectionService } from '../../connections/connection.service'
import type { InstanceTarget } from '../../instance-targets/instance-target.resolver'
import type { IntegrationService } from '../../integrations/integration.service'
import { InstanceService } from '../../templates/instance.service'
import type { RecordTriggerService } from '../record-triggers/record-trigger.service'
import {
  appEventKeysOf,
  connectionNodes,
  needsConnection,
  ownConnectionNodes,
  type FlowInstanceSetup
} from './flow-instance.setup'

const parseCreate = inputParser(FlowInstanceCreate, '', 'flow instance')
const parseUpdate = inputParser(FlowInstanceUpdate, '', 'flow instance update')
const parseReset = inputParser(FlowInstanceResetOptions, '', 'reset options')

/** Deep equality of two JSON values (node comparison ignores `isCustomized`). */
function sameNode(a: FlowNode | undefined, b: FlowNode | undefined): boolean {
  if (!a || !b) return false
  const strip = ({ isCustomized: _c, ...rest }: FlowNode) => rest
  return canonical(strip(a)) === canonical(strip(b))
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]])
        )
      : v
  )
}

/**
 * Flow instances: a template deployed for one customer, or a customer's own ad-hoc flow.
 * A customer token reaches only its own instances (others answer 404). Instances of a
 * template follow it until the customer customises them; `reset` and
 * `update-to-latest-flow` reconcile. Every change is validated and recompiled.
 */
export class FlowInstanceService extends InstanceService<
  FlowInstanceRow,
  FlowInstanceDto,
  FlowInstanceSelector,
  FlowInstanceFilter,
  FlowInstanceRepository
> {
  readonly runtimes: InstanceRuntimeCache
  private readonly deploying = new Map<string, Promise<FlowInstanceRow>>()

  constructor(
    ctx: EngineContext,
    private readonly flows: FlowService,
    customers: CustomerService,
    private readonly graph: FlowGraphValidator,
    connections: ConnectionService,
    private readonly integrations: IntegrationService,
    private readonly deployer: FlowInstanceSetup,
    private readonly triggers: RecordTriggerService
  ) {
    super(ctx, new FlowInstanceRepository(ctx.db), { customers, connections, integrations }, 'flowInstance')
    this.runtimes = new InstanceRuntimeCache(graph, (id) => {
      const row = this.repo.byId(id)
      if (!row) return undefined
      const flow = row.flow_id ? this.flows.rowById(row.flow_id) : undefined
      return { row, flowKey: flow?.key ?? null, flowConcurrency: flow?.concurrency ?? null }
    })
    ctx.events.on('flow.updated', ({ flow, contentChanged }) => {
      if (contentChanged) this.followTemplate(this.flows.rowById(flow.id)!)
    })
    // Instances on a connection follow it: archived, they fail setup; reconnected, failed setups run again.
    connections.onArchiving((connectionId) => this.redeployOn(connectionId, () => true))
    ctx.events.on(
      'connection.reconnected',
      ({ connection }) => void this.redeployOn(connection.id, (row) => row.state === 'SETUP_FAILED')
    )
  }

  /** A page of instances; a customer sees only its own. */
  list(actor: Actor, query: FlowInstanceQuery = {}): Page<FlowInstanceDto> {
    return this.listPage(actor, query, () => {
      let flowId = query.flowId
      if (flowId === undefined && query.flowKey !== undefined)
        flowId = this.flows.rowOf({ key: query.flowKey, integrationKey: query.integrationKey }).id
      return {
        templateIds: flowId === undefined ? undefined : [flowId],
        enabled: query.enabled,
        integrationKey: query.flowKey !== undefined ? undefined : query.integrationKey,
        isAdHoc: query.isAdHoc
      }
    })
  }

  /**
   * The instance a selector names; with `autoCreate` it is made (and deployed) when missing. A
   * flow of an integration (or an integrationKey / connectionId in the selector) names the
   * instance on the customer's connection: the same one `/connections/{c}/flows/{f}` shows.
   */
  async get(actor: Actor, selector: FlowInstanceSelector): Promise<FlowInstanceDto> {
    const row = this.find(actor, selector)
    if (row) return this.dto(row)
    if (!selector.autoCreate) throw this.notFoundFor(selector)
    return this.create(actor, {
      flowId: selector.flowId,
      flowKey: selector.flowKey,
      integrationKey: selector.integrationKey,
      connectionId: selector.connectionId,
      instanceKey: selector.instanceKey,
      userId: selector.userId
    })
  }

  /** The row a selector names, isolation applied; undefined when a template selector finds none. */
  find(actor: Actor, selector: FlowInstanceSelector): FlowInstanceRow | undefined {
    if (selector.id) return this.rowFor(actor, selector.id)
    if (!selector.flowId && !selector.flowKey)
      throw badRequest(
        'Name the flow instance with ?id=<instance id>, or ?flowKey=<flow key> (or flowId) for the instance of a flow.'
      )
    const { flow, target } = this.templateTarget(actor, selector, 'Finding a flow instance by flow')
    return this.repo.liveFor(target.customerId, flow.id, target.connection?.id ?? null, selector.instanceKey ?? null)
  }

  /** The template a selector names and where its instance lives (customer, connection). */
  private templateTarget(
    actor: Actor,
    selector: {
      flowId?: string
      flowKey?: string
      integrationKey?: string
      integrationId?: string
      connectionId?: string
      userId?: string
    },
    what: string
  ): { flow: FlowRow; target: InstanceTarget } {
    const scope = this.targets.scope(actor, selector)
    const { connection, integrationKey } = scope
    let flow: FlowRow
    if (selector.flowId) flow = this.flows.rowOf(selector.flowId)
    else {
      // A path selector (`/connections/{c}/flows/{f}`) may be an id too; a key means the integration's flow first, then the universal one.
      const scoped =
        this.flows.rowById(selector.flowKey!) ??
        (integrationKey ? this.flows.liveRowByKey(selector.flowKey!, integrationKey) : undefined)
      flow = scoped ?? this.flows.rowOf({ key: selector.flowKey })
    }
    if (flow.integration_key !== null && integrationKey !== undefined && flow.integration_key !== integrationKey) {
      const where = connection
        ? `connection ${connection.id} is to "${integrationKey}"`
        : `the selector names integration "${integrationKey}"`
      throw badRequest(
        `Flow "${flow.key}" belongs to integration "${flow.integration_key}", but ${where}; deploy it to a connection of "${flow.integration_key}".`
      )
    }
    return {
      flow,
      target: this.targets.target(actor, scope, {
        integrationKey: flow.integration_key,
        userId: selector.userId,
        doing: what,
        what: `flow "${flow.key}"`
      })
    }
  }

  /** Ids of the live, enabled instances, oldest first (the scheduler registers their schedules). */
  liveEnabledIds(): string[] {
    return this.repo.liveEnabled().map((row) => row.id)
  }

  /**
   * Whether the instance is live, enabled and has a node of this trigger type; a cheap text check on
   * the stored nodes, so callers skip compiling instances that cannot fire.
   */
  mayFire(instanceId: string, triggerType: string): boolean {
    const row = this.repo.byId(instanceId)
    return !!row && !row.archived_at && !!row.enabled && row.nodes.includes(`"${triggerType}"`)
  }

  /**
   * The schedule triggers of a live, enabled instance, prepared from its stored nodes alone
   * (undefined when it is gone, archived or disabled; throws when a schedule is not valid). The
   * scheduler keeps only these and loads the compiled runtime when one fires, so thousands of
   * scheduled instances cost their schedules, not their compiled graphs.
   */
  scheduleTriggers(instanceId: string): Array<{ nodeKey: string; schedule: PreparedSchedule }> | undefined {
    const row = this.repo.byId(instanceId)
    if (!row || row.archived_at || !row.enabled) return undefined
    return Object.entries(fromJsonColumn(row.nodes, {}))
      .filter(([, node]) => node.type === 'schedule-trigger')
      .map(([key, node]) => ({
        nodeKey: key,
        schedule: scheduleTriggerNode.prepare(node.config ?? {}, `nodes.${key}.config`)
      }))
  }

  /** The customer's live, enabled instances with a node of this trigger type (at most 10,000). */
  idsWithTrigger(customerId: string, triggerType: string): string[] {
    return this.repo
      .list({ customerId, enabled: true, afterSeq: 0, limit: 10_000 })
      .filter((row) => row.nodes.includes(`"${triggerType}"`))
      .map((row) => row.id)
  }

  /** How run lists name an instance; undefined when it no longer exists. */
  findBrief(id: string): { name: string; isAdHoc: boolean } | undefined {
    const row = this.repo.byId(id)
    return row ? { name: row.name, isAdHoc: row.flow_id === null } : undefined
  }

  /** {@link findBrief} with the stored nodes and whether it is archived, for a run's page. */
  findOutline(id: string): { name: string; isAdHoc: boolean; nodes: FlowNodes; archived: boolean } | undefined {
    const row = this.repo.byId(id)
    return row
      ? {
          name: row.name,
          isAdHoc: row.flow_id === null,
          nodes: fromJsonColumn(row.nodes),
          archived: row.archived_at !== null
        }
      : undefined
  }

  /** Creates an instance of a universal flow, or an ad-hoc flow (own nodes, no template) for the customer. */
  async create(actor: Actor, input: unknown): Promise<FlowInstanceDto> {
    const body = parseCreate(input)
    const connectionSelector = body.connectionId ?? body.connectionKey
    const now = this.ctx.nowIso()
    let row: FlowInstanceRow
    if (body.flowId || body.flowKey) {
      const { flow, target } = this.templateTarget(
        actor,
        { ...body, connectionId: connectionSelector },
        'Creating a flow instance'
      )
      if (flow.archived_at)
        throw badRequest(
          `Flow "${flow.key}" is archived; restore it (POST /flows/${flow.id}/restore) before creating instances.`
        )
      const templateNodes = fromJsonColumn(flow.nodes, {})
      if (!Object.keys(templateNodes).length)
        throw badRequest(
          `Flow "${flow.key}" has no nodes yet: add a trigger and steps (PATCH /flows/${flow.id}) before deploying it.`
        )
      let nodes = templateNodes
      if (body.nodes !== undefined)
        nodes = this.markCustomized(
          await this.graph.validate(body.nodes, `flow instance of "${flow.key}"`),
          templateNodes
        )
      this.assertDeployable(nodes, target, `Flow "${flow.key}"`)
      this.checkParameters(flow, body.parameters)
      row = this.ctx.db.transaction(() => {
        const where = target.connection ? ` on connection ${target.connection.id}` : ''
        return this.insertNew(
          body,
          target,
          now,
          {
            flow_id: flow.id,
            name: body.name ?? flow.name,
            customized_name: fromBool(body.name !== undefined && body.name !== flow.name),
            nodes,
            flow_revision: flow.revision
          },
          (existing) =>
            `This customer already has an instance of flow "${flow.key}"${where}${body.instanceKey ? ` with instanceKey "${body.instanceKey}"` : ''} (id ${existing.id}); use another instanceKey to add one.`
        )
      })
    } else {
      const connection = connectionSelector
        ? this.targets.connectionFor(actor, connectionSelector, body.userId)
        : undefined
      const customerId = connection
        ? connection.customer_id
        : this.targets.customerFor(actor, body.userId, 'Creating a flow instance')
      const named = body.integrationKey ?? body.integrationId
      const integrationKey =
        connection?.integration_key ?? (named !== undefined ? this.integrations.keyOf(named) : null)
      const target: InstanceTarget = {
        customerId,
        integrationKey,
        connection:
          connection ??
          (integrationKey ? this.targets.latestConnection(customerId, integrationKey, 'the ad-hoc flow') : undefined)
      }
      if (body.nodes === undefined || !Object.keys(body.nodes).length) {
        throw invalidData(
          'An ad-hoc flow needs its own nodes (or give flowId / flowKey to deploy a template), e.g. {"nodes": {"trigger": {"type": "api-trigger", "links": [{"key": "step"}]}, "step": {...}}}.',
          [{ path: 'nodes', message: 'nodes are required without flowId' }]
        )
      }
      const nodes = await this.graph.validate(body.nodes, 'ad-hoc flow')
      for (const node of Object.values(nodes)) delete node.isCustomized
      this.assertDeployable(nodes, target, 'The ad-hoc flow')
      row = this.insertNew(body, target, now, {
        flow_id: null,
        name: body.name ?? body.instanceKey ?? 'Ad-hoc flow',
        customized_name: 0,
        nodes,
        flow_revision: null
      })
    }
    const created = fromJsonColumn(row.nodes, {})
    if (row.connection_id || connectionNodes(created).length || appEventKeysOf(created).length)
      row = await this.deploy(row.id)
    const flowInstance = this.dto(row)
    this.ctx.events.emit('flowInstance.created', { flowInstance })
    return flowInstance
  }

  /** Stores a new instance: where it lives and the create body's settings, with its template's (or its own) name, nodes and revision. */
  private insertNew(
    body: FlowInstanceCreate,
    target: InstanceTarget,
    now: string,
    own: Pick<FlowInstanceRow, 'flow_id' | 'name' | 'customized_name' | 'flow_revision'> & { nodes: FlowNodes },
    taken?: (existing: FlowInstanceRow) => string
  ): FlowInstanceRow {
    return this.insertAt(
      target,
      body.instanceKey,
      {
        flow_id: own.flow_id,
        name: own.name,
        customized_name: own.customized_name,
        nodes: toJsonColumn(own.nodes),
        parameters: toJsonColumnOrNull(body.parameters),
        enabled: body.enabled === false ? 0 : 1,
        flow_revision: own.flow_revision,
        concurrency: body.concurrency ?? null,
        setup: null,
        setup_at: now
      },
      taken
    )
  }

  /** 400 when nodes that need a connection would be deployed without one. */
  private assertDeployable(nodes: FlowNodes, target: InstanceTarget, what: string): void {
    const bound = ownConnectionNodes(nodes)
    if (!target.connection && bound.length)
      throw badRequest(`${what} cannot be deployed without a connection. ${needsConnection(bound).message}`)
  }

  /**
   * Runs the instance's setup on its connection and stores the outcome (state, errors, what it
   * fetched). Setups of one instance run one after another, each on the row as it is then.
   */
  private deploy(id: string, options: { force?: boolean } = {}): Promise<FlowInstanceRow> {
    const previous = this.deploying.get(id) ?? Promise.resolve(undefined)
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const row = this.repo.byId(id)!
        const outcome = await this.deployer.apply(row, options)
        const updated = this.repo.update(id, {
          state: outcome.state,
          errors: outcome.errors.length ? toJsonColumn(outcome.errors) : null,
          setup: outcome.setup,
          setup_at: this.ctx.nowIso()
        })
        this.runtimes.drop(id)
        return updated
      })
    this.deploying.set(id, next)
    void next
      .finally(() => {
        if (this.deploying.get(id) === next) this.deploying.delete(id)
      })
      .catch(() => undefined)
    return next
  }

  /** Sets up again the live instances on a connection that `which` picks (connection archived or reconnected). */
  private async redeployOn(connectionId: string, which: (row: FlowInstanceRow) => boolean): Promise<void> {
    for (const row of this.repo.list({ connectionId, afterSeq: 0, limit: 100_000 }).filter(which)) {
      try {
        const flowInstance = this.dto(await this.deploy(row.id))
        this.ctx.events.emit('flowInstance.updated', { flowInstance })
      } catch (error) {
        this.ctx.logger.error('setting up a flow instance again failed', {
          flowInstanceId: row.id,
          error: String(error)
        })
      }
    }
  }

  /**
   * Sets up again, subscribing triggers anew, the live instances on a connection that were never
   * set up here (a snapshot import brings them with webhooks that point at the exporting
   * workspace) or whose triggers point at another URL than this engine's. Returns how many.
   */
  async redeployAll(options: { only: 'stale' | 'never-set-up' }): Promise<number> {
    const stale = options.only === 'stale' ? new Set(this.triggers.staleInstances()) : undefined
    const wanted = (row: FlowInstanceRow) => (stale ? stale.has(row.id) : row.setup_at === null)
    const rows = this.repo
      .list({ afterSeq: 0, limit: 1_000_000 })
      .filter((row) => row.connection_id !== null && wanted(row))
    for (const row of rows) {
      try {
        const flowInstance = this.dto(await this.deploy(row.id, { force: true }))
        this.ctx.events.emit('flowInstance.updated', { flowInstance })
      } catch (error) {
        this.ctx.logger.error('setting up a flow instance again failed', {
          flowInstanceId: row.id,
          error: String(error)
        })
      }
    }
    return rows.length
  }

  /** PATCH: name, enabled, parameters, nodes (customising them), concurrency; `archivedAt` archives. */
  async patch(actor: Actor, selector: FlowInstanceSelector, input: unknown): Promise<FlowInstanceDto> {
    const body = parseUpdate(input)
    const row = this.require(actor, selector)
    if (body.archivedAt !== undefined) return await this.archive(actor, { id: row.id })
    return this.write(row, body, 'patch')
  }

  /**
   * PUT: replaces name, nodes, parameters and enabled (absent values go back to the template's /
   * defaults). Selected by flow (not id) and missing, it creates the instance, as Membrane's
   * `flowInstance({flowKey, …}).put()` does.
   */
  async replace(actor: Actor, selector: FlowInstanceSelector, input: unknown): Promise<FlowInstanceDto> {
    const body = parseUpdate(input)
    if (!selector.id && !this.find(actor, selector)) {
      const { flowId, flowKey, integrationKey, connectionId, instanceKey, userId } = selector
      const { name, nodes, enabled } = body
      const fields = { flowId, flowKey, integrationKey, connectionId, instanceKey, userId, name, nodes, enabled }
      return this.create(actor, {
        ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
        ...(body.parameters ? { parameters: body.parameters } : {}),
        ...(typeof body.concurrency === 'number' ? { concurrency: body.concurrency } : {})
      })
    }
    return this.write(this.require(actor, selector), body, 'put')
  }

  /** Archives the instance: it stops being triggered (its app webhooks are removed); its runs stay. */
  async archive(actor: Actor, selector: FlowInstanceSelector): Promise<FlowInstanceDto> {
    const row = this.require(actor, selector)
    if (row.archived_at) return this.dto(row)
    let updated = this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() })
    this.runtimes.drop(row.id)
    if (row.connection_id) updated = await this.deploy(row.id)
    const flowInstance = this.dto(updated)
    this.ctx.events.emit('flowInstance.archived', { flowInstance })
    return flowInstance
  }

  /** Brings an archived instance back (409 if the customer made another instance of the flow meanwhile) and sets it up again. */
  async restore(actor: Actor, selector: FlowInstanceSelector): Promise<FlowInstanceDto> {
    const row = this.require(actor, selector)
    if (!row.archived_at) return this.dto(row)
    let flowInstance = this.ctx.db.transaction(() => {
      this.assertRestorable(row)
      return this.dto(this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() }))
    })
    this.runtimes.drop(row.id)
    if (row.connection_id) flowInstance = this.dto(await this.deploy(row.id))
    this.ctx.events.emit('flowInstance.restored', { flowInstance })
    return flowInstance
  }

  /**
   * Re-runs setup: validates and compiles the nodes again and, on a connection, deploys anew
   * (field schemas fetched again, triggers subscribed anew); the outcome is in `state` / `errors`.
   */
  async setup(actor: Actor, id: string): Promise<FlowInstanceDto> {
    const row = this.rowFor(actor, id)
    let errors: ElementError[] = []
    try {
      await this.graph.validate(fromJsonColumn(row.nodes, {}), `flow instance "${row.name}"`)
      this.runtimes.drop(row.id)
      await this.runtimes.get(row.id)
    } catch (error) {
      const e =
        error instanceof EngineError
          ? error.toBody()
          : { type: 'flow_instance_setup' as const, message: (error as Error).message }
      errors = [{ type: 'flow_instance_setup', message: e.message, data: e.data }]
    }
    let updated = row
    if (!errors.length) {
      updated = await this.deploy(row.id, { force: true })
      errors = fromJsonColumn(updated.errors, [])
    }
    updated = this.repo.update(row.id, {
      state: errors.length ? 'SETUP_FAILED' : 'READY',
      errors: errors.length ? toJsonColumn(errors) : null,
      setup_at: this.ctx.nowIso(),
      updated_at: this.ctx.nowIso()
    })
    this.runtimes.drop(row.id)
    const flowInstance = this.dto(updated)
    this.ctx.events.emit('flowInstance.updated', { flowInstance })
    return flowInstance
  }

  /** Takes customisations back from the template: everything, or the name and the listed nodes. */
  async reset(actor: Actor, id: string, input: unknown): Promise<FlowInstanceDto> {
    const options = parseReset(input ?? {})
    const row = this.rowFor(actor, id)
    const flow = this.templateOf(row, 'reset')
    const templateNodes = fromJsonColumn(flow.nodes, {})
    const everything = options.name === undefined && options.nodes === undefined && options.allNodes === undefined
    const changes: Partial<FlowInstanceRow> = {}
    if (everything || options.name) {
      changes.name = flow.name
      changes.customized_name = 0
    }
    let nodes = fromJsonColumn(row.nodes, {})
    if (everything || options.allNodes) nodes = templateNodes
    else if (options.nodes) {
      nodes = { ...nodes }
      for (const [key, reset] of Object.entries(options.nodes)) {
        if (!reset) continue
        if (templateNodes[key]) nodes[key] = templateNodes[key]
        else delete nodes[key]
      }
      nodes = await this.graph.validate(nodes, `flow instance "${row.name}" after reset`)
    }
    changes.nodes = toJsonColumn(this.markCustomized(nodes, templateNodes))
    if (everything || options.allNodes) changes.flow_revision = flow.revision
    return await this.save(row, changes)
  }

  /** Takes the template's latest nodes, keeping the nodes this customer customised. */
  async updateToLatest(actor: Actor, id: string): Promise<FlowInstanceDto> {
    const row = this.rowFor(actor, id)
    const flow = this.templateOf(row, 'update to the latest flow')
    const templateNodes = fromJsonColumn(flow.nodes, {})
    const current = fromJsonColumn(row.nodes, {})
    const merged: FlowNodes = { ...templateNodes }
    for (const [key, node] of Object.entries(current)) if (node.isCustomized && templateNodes[key]) merged[key] = node
    const nodes = await this.graph.validate(merged, `flow instance "${row.name}" with the latest "${flow.key}"`)
    const changes: Partial<FlowInstanceRow> = {
      nodes: toJsonColumn(this.markCustomized(nodes, templateNodes)),
      flow_revision: flow.revision
    }
    if (!row.customized_name) changes.name = flow.name
    return await this.save(row, changes)
  }

  /** The compiled instance for running; 404 for other customers' instances. */
  async runtimeFor(actor: Actor, id: string): Promise<InstanceRuntime> {
    const runtime = await this.runtimes.get(id)
    if (!runtime || !maySee(actor, runtime.customerId)) throw notFound(`No flow instance with id "${id}".`)
    return runtime
  }

  /** Maps rows with their templates' current revisions. */
  override dtos(rows: FlowInstanceRow[]): FlowInstanceDto[] {
    const flows = this.repo.flowRevisions([
      ...new Set(rows.map((r) => r.flow_id).filter((id): id is string => id !== null))
    ])
    const triggers = this.triggers.setupOf(rows.filter((r) => r.connection_id !== null).map((r) => r.id))
    return rows.map((row) =>
      toFlowInstanceDto(row, row.flow_id ? flows.get(row.flow_id) : undefined, triggers.get(row.id) ?? [])
    )
  }

  dto(row: FlowInstanceRow): FlowInstanceDto {
    return this.dtos([row])[0]
  }

  private async write(row: FlowInstanceRow, body: FlowInstanceUpdate, mode: 'patch' | 'put'): Promise<FlowInstanceDto> {
    const flow = row.flow_id ? this.flows.rowById(row.flow_id) : undefined
    const templateNodes = flow ? fromJsonColumn(flow.nodes, {}) : undefined
    const changes: Partial<FlowInstanceRow> = {}
    if (body.name !== undefined || mode === 'put') {
      const name = body.name ?? flow?.name ?? row.name
      changes.name = name
      changes.customized_name = fromBool(!!flow && name !== flow.name)
    }
    if (body.enabled !== undefined || mode === 'put') changes.enabled = body.enabled === false ? 0 : 1
    if (body.parameters !== undefined || mode === 'put') {
      if (flow) this.checkParameters(flow, body.parameters ?? undefined)
      changes.parameters = toJsonColumnOrNull(body.parameters)
    }
    if (body.concurrency !== undefined || mode === 'put') changes.concurrency = body.concurrency ?? null
    if (body.nodes !== undefined) {
      const nodes = await this.graph.validate(body.nodes, `flow instance "${row.name}"`)
      if (!row.connection_id)
        this.assertDeployable(
          nodes,
          { customerId: row.customer_id, integrationKey: null },
          `Flow instance "${row.name}"`
        )
      if (templateNodes) changes.nodes = toJsonColumn(this.markCustomized(nodes, templateNodes))
      else {
        for (const node of Object.values(nodes)) delete node.isCustomized
        changes.nodes = toJsonColumn(nodes)
      }
    } else if (mode === 'put' && templateNodes) {
      changes.nodes = toJsonColumn(templateNodes)
      changes.flow_revision = flow!.revision
    }
    if (body.customized?.name === false && flow) {
      changes.name = flow.name
      changes.customized_name = 0
    }
    return await this.save(row, changes)
  }

  /** Writes changes; new nodes or a new enabled state deploy again (instances on a connection, or whose nodes need one). */
  private async save(row: FlowInstanceRow, changes: Partial<FlowInstanceRow>): Promise<FlowInstanceDto> {
    changes.updated_at = this.ctx.nowIso()
    const nodesChanged = changes.nodes !== undefined
    const enabledChanged = changes.enabled !== undefined && changes.enabled !== row.enabled
    if (nodesChanged) {
      changes.state = 'READY'
      changes.errors = null
      changes.setup_at = changes.updated_at
    }
    let updated = this.repo.update(row.id, changes)
    this.runtimes.drop(row.id)
    const nodes = fromJsonColumn(updated.nodes, {})
    const bound = connectionNodes(nodes).length > 0 || appEventKeysOf(nodes).length > 0
    if ((nodesChanged || enabledChanged) && (updated.connection_id || bound)) updated = await this.deploy(row.id)
    const flowInstance = this.dto(updated)
    this.ctx.events.emit('flowInstance.updated', { flowInstance })
    return flowInstance
  }

  /** Instances that the customer did not customise take the template's new definition. */
  private followTemplate(flow: FlowRow): void {
    const templateNodes = flow.nodes
    for (const row of this.repo.liveOf(flow.id)) {
      const nodes = fromJsonColumn(row.nodes, {})
      if (Object.values(nodes).some((n) => n.isCustomized)) {
        this.runtimes.drop(row.id)
        continue
      }
      this.save(row, {
        nodes: templateNodes,
        flow_revision: flow.revision,
        ...(row.customized_name ? {} : { name: flow.name })
      }).catch((error: unknown) =>
        this.ctx.logger.error('a flow instance could not follow its template', {
          flowInstanceId: row.id,
          error: String(error)
        })
      )
    }
  }

  /** Sets `isCustomized` on nodes that differ from the template's node of the same key. */
  private markCustomized(nodes: FlowNodes, templateNodes: FlowNodes): FlowNodes {
    const out: FlowNodes = {}
    for (const [key, node] of Object.entries(nodes)) {
      const { isCustomized: _c, ...rest } = node
      out[key] = sameNode(rest, templateNodes[key]) ? rest : { ...rest, isCustomized: true }
    }
    return out
  }

  private templateOf(row: FlowInstanceRow, what: string): FlowRow {
    if (!row.flow_id)
      throw badRequest(
        `Flow instance "${row.name}" is an ad-hoc flow with no template, so there is nothing to ${what} from; edit its nodes instead.`
      )
    const flow = this.flows.rowById(row.flow_id)
    if (!flow) throw notFound(`The template ${row.flow_id} of flow instance "${row.name}" no longer exists.`)
    return flow
  }

  protected notFoundFor(selector: FlowInstanceSelector): EngineError {
    if (selector.id) return notFound(`No flow instance with id "${selector.id}".`)
    const where = selector.connectionId
      ? ` on connection ${selector.connectionId}`
      : selector.integrationKey
        ? ` on its ${selector.integrationKey} connection`
        : ''
    return notFound(
      `This customer has no instance of flow "${selector.flowKey ?? selector.flowId}"${where}${selector.instanceKey ? ` with instanceKey "${selector.instanceKey}"` : ''}; add autoCreate=true to create it.`
    )
  }

  private checkParameters(flow: FlowRow, parameters: Record<string, unknown> | undefined): void {
    if (!flow.parameters_schema) return
    const problems = checkAgainstSchema(fromJsonColumn(flow.parameters_schema), parameters ?? {}, 'parameters')
    if (problems.length)
      throw invalidData(`Invalid parameters for flow "${flow.key}": ${listProblems(problems)}`, problems)
  }
}
