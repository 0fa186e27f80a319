import {
  ActionInstanceCreate,
  ActionInstanceUpdate,
  type ActionInstanceDto,
  type ActionInstanceQuery,
  type ActionInstanceSelector
} from '../../contract/action-instances'
import type { ActionRunResult } from '../../contract/actions'
import type { ElementError } from '../../contract/flows'
import type { RunLogEntry } from '../../contract/flow-runs'
import type { Page } from '../../contract/pagination'
import { actionNeedsConnection } from '../actions/action-types'
import type { ActionRow } from '../actions/action.repository'
import { templateAction, type ActionService, type EffectiveAction } from '../actions/action.service'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { badRequest, type EngineError, invalidData, notFound } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import { fromJsonColumn, toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import { listProblems } from '../common/problem-list'
import type { ConnectionDataService } from '../connections/connection-data.service'
import type { ConnectionService } from '../connections/connection.service'
import type { CustomerService } from '../customers/customer.service'
import { collectionOf } from '../flow-engine/flow-nodes/connection-nodes'
import type { RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import type { InstanceTarget } from '../instance-targets/instance-target.resolver'
import type { IntegrationService } from '../integrations/integration.service'
import { SetUpInstanceService } from '../templates/instance.service'
import { toActionInstanceDto } from './action-instance.mapper'
import { ActionInstanceRepository, type ActionInstanceRow } from './action-instance.repository'

const parseCreate = inputParser(ActionInstanceCreate, '', 'action instance')
const parseUpdate = inputParser(ActionInstanceUpdate, '', 'action instance update')

/**
 * Action instances: an action deployed for one customer, usually on one of its connections,
 * with the customer's own name, config, input schema or output mapping (NULL follows the
 * template; `reset` takes everything back). Setup checks the connection and fetches the field
 * schema of the action's collection. Runs go through the instance's connection and are stored
 * with it. Also runs templates on connections (`/connections/{c}/actions/{a}/run`, flows'
 * run-action nodes), through the customer's instance there when one exists.
 */
export class ActionInstanceService extends SetUpInstanceService<
  ActionInstanceRow,
  ActionInstanceDto,
  ActionInstanceSelector
> {
  constructor(
    ctx: EngineContext,
    private readonly actions: ActionService,
    private readonly customers: CustomerService,
    connections: ConnectionService,
    integrations: IntegrationService,
    private readonly data: ConnectionDataService
  ) {
    super(ctx, new ActionInstanceRepository(ctx.db), { customers, connections, integrations }, 'actionInstance')
    ctx.events.on('connection.reconnected', ({ connection }) => void this.setupFailedOn(connection.id))
  }

  /** A page of instances; a customer sees only its own. */
  list(actor: Actor, query: ActionInstanceQuery = {}): Page<ActionInstanceDto> {
    return this.listPage(actor, query, () => {
      const actionId = query.actionId
        ? this.actions.rowOf(query.actionId).id
        : query.actionKey
          ? this.actions.rowOf({ key: query.actionKey, integrationKey: query.integrationKey }).id
          : undefined
      return {
        templateIds: actionId === undefined ? undefined : [actionId],
        integrationKey: query.actionKey ? undefined : query.integrationKey
      }
    })
  }

  /** The row a selector names, isolation applied; undefined when a template selector finds none. */
  find(actor: Actor, selector: ActionInstanceSelector): ActionInstanceRow | undefined {
    if (selector.id) return this.rowFor(actor, selector.id)
    if (!selector.actionId && !selector.actionKey)
      throw badRequest(
        'Name the action instance with ?id=<instance id>, or ?actionKey=<action key> (or actionId) with integrationKey or connectionId.'
      )
    const target = this.target(actor, selector, 'Finding an action instance')
    return this.repo.liveFor(
      target.customerId,
      target.action.id,
      target.connection?.id ?? null,
      selector.instanceKey ?? null
    )
  }

  /** Stores an instance of an action for the customer (on its connection), with optional changes, and sets it up. */
  protected async insert(actor: Actor, input: unknown): Promise<ActionInstanceRow> {
    const body = parseCreate(input ?? {})
    if (!body.actionId && !body.actionKey)
      throw invalidData('Say which action to deploy: actionKey (or actionId).', [
        { path: 'actionKey', message: 'actionKey is required' }
      ])
    const target = this.target(
      actor,
      { ...body, connectionId: body.connectionId ?? body.connectionKey },
      'Creating an action instance'
    )
    const { action } = target
    if (action.archived_at)
      throw badRequest(
        `Action "${action.key}" is archived; restore it (POST /actions/${action.id}/restore) before deploying it.`
      )
    await this.checkChanges(action, body.config, body.inputSchema, body.outputMapping)
    const row = this.ctx.db.transaction(() => {
      return this.insertAt(
        target,
        body.instanceKey,
        {
          action_id: action.id,
          name: body.name !== undefined && body.name !== action.name ? body.name : null,
          config: toJsonColumnOrNull(body.config),
          input_schema: toJsonColumnOrNull(body.inputSchema),
          output_mapping: toJsonColumnOrNull(body.outputMapping),
          fields_schema: null
        },
        (existing) =>
          `This customer already has an instance of action "${action.key}"${target.connection ? ` on connection ${target.connection.id}` : ''} (id ${existing.id}); use another instanceKey to add one.`
      )
    })
    const set = await this.runSetup(row)
    this.announce('created', this.dto(set))
    return set
  }

  /** PATCH: changes name, config, input schema or output mapping (`null` takes one back from the template); `archivedAt` archives. */
  async patch(actor: Actor, selector: ActionInstanceSelector, input: unknown): Promise<ActionInstanceDto> {
    const body = parseUpdate(input ?? {})
    const row = this.require(actor, selector)
    if (body.archivedAt !== undefined) return this.archive(actor, { id: row.id })
    return this.write(row, body, 'patch')
  }

  /** PUT: replaces every customisation (absent ones follow the template again). */
  async replace(actor: Actor, selector: ActionInstanceSelector, input: unknown): Promise<ActionInstanceDto> {
    return this.write(this.require(actor, selector), parseUpdate(input ?? {}), 'put')
  }

  /** Runs the instance with `input` through its connection: `{output, actionRunId}`. */
  async run(actor: Actor, selector: ActionInstanceSelector, input: unknown): Promise<ActionRunResult> {
    const row = this.require(actor, selector)
    if (row.archived_at)
      throw badRequest(
        `Action instance ${row.id} is archived; restore it (POST /action-instance/restore?id=${row.id}) before running it.`
      )
    const action = this.actions.rowById(row.action_id)
    if (!action) throw notFound(`The action ${row.action_id} of instance ${row.id} no longer exists.`)
    return this.actions.runFor(this.effective(row, action), input, this.runCustomer(row.customer_id), {
      connectionId: row.connection_id ?? undefined,
      actionInstanceId: row.id
    })
  }

  /**
   * Runs an action template for the caller: on a connection when one is named (`connectionId`
   * or `/connections/{c}/actions/{a}/run`) or the action needs one (the customer's connection to
   * `integrationKey` or the action's integration), through the customer's instance there if it
   * exists. A customer token reaches only its own connections.
   */
  async runAction(
    actor: Actor,
    selector: string | { id?: string; key?: string; integrationKey?: string },
    input: unknown,
    options: { connectionId?: string; integrationKey?: string; testCustomerId: () => string }
  ): Promise<ActionRunResult> {
    let connection = options.connectionId ? this.connections.resolve(actor, options.connectionId) : undefined
    const scope =
      connection?.integration_key ??
      options.integrationKey ??
      (typeof selector === 'object' ? selector.integrationKey : undefined)
    const action = this.templateFor(selector, scope)
    const customerId = connection?.customer_id ?? actor.customer?.id ?? options.testCustomerId()
    if (!connection && actionNeedsConnection(action.type)) {
      const key = scope ?? action.integration_key
      if (!key) {
        throw badRequest(
          `Action "${action.key}" (${action.type}) works through a connection: run it on one with ?connectionId=<connection> or ?integrationKey=<integration> (or POST /connections/{c}/actions/${action.key}/run).`
        )
      }
      connection = this.targets.latestConnection(customerId, key, `action "${action.key}"`)
    }
    if (connection && action.integration_key && action.integration_key !== connection.integration_key) {
      throw badRequest(
        `Action "${action.key}" belongs to integration "${action.integration_key}", but connection ${connection.id} is to "${connection.integration_key}".`
      )
    }
    const instance = connection ? this.repo.liveFor(connection.customer_id, action.id, connection.id, null) : undefined
    const definition = instance ? this.effective(instance, action) : templateAction(action)
    return this.actions.runFor(definition, input, this.runCustomer(customerId), {
      connectionId: connection?.id,
      actionInstanceId: instance?.id
    })
  }

  /**
   * A flow's run-action node: the action on the flow instance's connection (or the customer's
   * connection to `integrationKey`), through the customer's instance there.
   */
  async runInFlow(
    selector: { key?: string; id?: string },
    input: unknown,
    customer: RunCustomer,
    signal: AbortSignal,
    where: { connectionId?: string; integrationKey?: string } = {}
  ): Promise<{ output: unknown; logs: RunLogEntry[]; actionRunId: string }> {
    const picked = where.integrationKey ?? where.connectionId
    const connection = picked
      ? this.connections.resolve(
          { kind: 'customer', customer: { id: customer.id, internalId: customer.internalId } },
          picked
        )
      : undefined
    const action = this.templateFor(selector.id ? selector.id : { key: selector.key }, connection?.integration_key)
    const instance = connection ? this.repo.liveFor(customer.id, action.id, connection.id, null) : undefined
    const definition = instance ? this.effective(instance, action) : templateAction(action)
    return this.actions.runInFlow(definition, input, customer, signal, {
      connectionId: connection?.id,
      actionInstanceId: instance?.id
    })
  }

  /** Sets up again the failed instances on a connection that was reconnected. */
  private async setupFailedOn(connectionId: string): Promise<void> {
    for (const row of this.repo
      .list({ connectionId, afterSeq: 0, limit: 100_000 })
      .filter((r) => r.state === 'SETUP_FAILED')) {
      try {
        this.ctx.events.emit('actionInstance.updated', { actionInstance: this.dto(await this.runSetup(row)) })
      } catch (error) {
        this.ctx.logger.error('setting up an action instance again failed', {
          actionInstanceId: row.id,
          error: String(error)
        })
      }
    }
  }

  /** Sets up the live instances that were never set up here (a snapshot import brings them). */
  async setupImported(): Promise<number> {
    const rows = this.repo.list({ afterSeq: 0, limit: 1_000_000 }).filter((row) => row.setup_at === null)
    for (const row of rows) {
      try {
        await this.runSetup(row)
      } catch (error) {
        this.ctx.logger.error('setting up an action instance again failed', {
          actionInstanceId: row.id,
          error: String(error)
        })
      }
    }
    return rows.length
  }

  dto(row: ActionInstanceRow): ActionInstanceDto {
    const action = this.actions.rowById(row.action_id)
    if (!action) throw notFound(`The action ${row.action_id} of instance ${row.id} no longer exists.`)
    return toActionInstanceDto(row, action)
  }

  private async write(
    row: ActionInstanceRow,
    body: ActionInstanceUpdate,
    mode: 'patch' | 'put'
  ): Promise<ActionInstanceDto> {
    const action = this.actions.rowById(row.action_id)!
    const changes: Partial<ActionInstanceRow> = { updated_at: this.ctx.nowIso() }
    if (body.name !== undefined || mode === 'put')
      changes.name = body.name && body.name !== action.name ? body.name : null
    if (body.config !== undefined || mode === 'put') changes.config = toJsonColumnOrNull(body.config)
    if (body.inputSchema !== undefined || mode === 'put') changes.input_schema = toJsonColumnOrNull(body.inputSchema)
    if (body.outputMapping !== undefined || mode === 'put')
      changes.output_mapping = toJsonColumnOrNull(body.outputMapping)
    const config = changes.config !== undefined ? changes.config : row.config
    const inputSchema = changes.input_schema !== undefined ? changes.input_schema : row.input_schema
    const outputMapping = changes.output_mapping !== undefined ? changes.output_mapping : row.output_mapping
    await this.checkChanges(
      action,
      fromJsonColumn(config, undefined),
      fromJsonColumn(inputSchema, undefined),
      fromJsonColumn(outputMapping, undefined)
    )
    const updated = this.repo.update(row.id, changes)
    const dto = this.dto(changes.config !== undefined ? await this.runSetup(updated) : updated)
    this.ctx.events.emit('actionInstance.updated', { actionInstance: dto })
    return dto
  }

  /** 400 when the customer's changes do not fit the action's type. */
  private async checkChanges(
    action: ActionRow,
    config: unknown,
    inputSchema: unknown,
    outputMapping: unknown
  ): Promise<void> {
    if (config === undefined && inputSchema === undefined && outputMapping === undefined) return
    const problems = await this.actions.definitionProblems(
      action.type,
      config ?? fromJsonColumn(action.config),
      inputSchema,
      outputMapping
    )
    if (problems.length)
      throw invalidData(
        `Invalid changes to action "${action.key}" (${action.type}): ${listProblems(problems)}`,
        problems
      )
  }

  /** Checks the connection and fetches the field schema of the action's collection; stores state and errors. */
  async runSetup(row: ActionInstanceRow): Promise<ActionInstanceRow> {
    const action = this.actions.rowById(row.action_id)!
    const errors: ElementError[] = []
    let fieldsSchema: ActionInstanceRow['fields_schema'] = null
    const needsConnection = actionNeedsConnection(action.type)
    if (!row.archived_at && row.connection_id) {
      const connection = this.connections.byId(row.connection_id)
      if (!connection || connection.archived_at)
        errors.push({
          type: 'action_instance_setup',
          message: `Connection ${row.connection_id} was archived; deploy the action to a live connection.`
        })
      else if (connection.status === 'disconnected') {
        errors.push({
          type: 'action_instance_setup',
          message: `Connection ${connection.id} to ${connection.integration_name} is disconnected; reconnect it (setup runs again by itself).`,
          data: { connectionId: connection.id }
        })
      } else {
        const collection = collectionOf(fromJsonColumn(row.config ?? action.config))
        if (collection) {
          const customer = this.customers.findRef(row.customer_id)!
          try {
            fieldsSchema = toJsonColumn(
              await this.data.fieldSchema({ kind: 'customer', customer }, connection.id, collection)
            )
          } catch (error) {
            errors.push({
              type: 'action_instance_setup',
              message: `Fetching the field schema of ${collection} through connection ${connection.id} failed: ${(error as Error).message}`,
              data: { collection }
            })
          }
        }
      }
    } else if (!row.archived_at && needsConnection) {
      errors.push({
        type: 'action_instance_setup',
        message: `Action "${action.key}" (${action.type}) works through a connection, and this instance has none; deploy it to a connection.`
      })
    }
    return this.repo.update(row.id, {
      state: errors.length ? 'SETUP_FAILED' : 'READY',
      errors: errors.length ? toJsonColumn(errors) : null,
      fields_schema: fieldsSchema,
      setup_at: this.ctx.nowIso()
    })
  }

  private effective(row: ActionInstanceRow, action: ActionRow): EffectiveAction {
    return {
      row: action,
      cacheKey: `${row.id}:${row.updated_at}:${action.revision}`,
      type: action.type,
      config: row.config ?? action.config,
      inputSchema: row.input_schema ?? action.input_schema,
      outputMapping: row.output_mapping ?? action.output_mapping
    }
  }

  /** An action by id or key; with an integration, its integration-level action first, then the universal one. */
  private templateFor(
    selector: string | { id?: string; key?: string; integrationKey?: string },
    integrationKey: string | undefined
  ): ActionRow {
    if (typeof selector === 'string') {
      const byId = this.actions.rowById(selector)
      if (byId) return byId
      const scoped = integrationKey ? this.actions.liveRowByKey(selector, integrationKey) : undefined
      return scoped ?? this.actions.rowOf(selector)
    }
    if (selector.id) return this.actions.rowOf({ id: selector.id })
    if (!selector.key) throw badRequest('Name the action with an id or a key.')
    const scoped = integrationKey ? this.actions.liveRowByKey(selector.key, integrationKey) : undefined
    return scoped ?? this.actions.rowOf({ key: selector.key })
  }

  private target(
    actor: Actor,
    selector: {
      actionId?: string
      actionKey?: string
      integrationKey?: string
      integrationId?: string
      connectionId?: string
      userId?: string
    },
    what: string
  ): InstanceTarget & { action: ActionRow } {
    const scope = this.targets.scope(actor, selector)
    const { connection, integrationKey } = scope
    const action = this.templateFor(selector.actionId ?? { key: selector.actionKey }, integrationKey)
    if (action.integration_key && integrationKey && action.integration_key !== integrationKey) {
      throw badRequest(
        `Action "${action.key}" belongs to integration "${action.integration_key}", but ${connection ? `connection ${connection.id} is to` : 'the selector names'} "${integrationKey}".`
      )
    }
    const target = this.targets.target(actor, scope, {
      integrationKey: action.integration_key,
      userId: selector.userId,
      doing: what,
      what: `action "${action.key}"`
    })
    if (!target.connection && actionNeedsConnection(action.type)) {
      throw badRequest(
        `Action "${action.key}" (${action.type}) works through a connection: name one with connectionId, or integrationKey for the customer's connection to it.`
      )
    }
    return { action, ...target }
  }

  private runCustomer(customerId: string): RunCustomer {
    return this.customers.runCustomer(customerId)
  }

  protected notFoundFor(selector: ActionInstanceSelector): EngineError {
    if (selector.id) return notFound(`No action instance with id "${selector.id}".`)
    return notFound(
      `This customer has no instance of action "${selector.actionKey ?? selector.actionId}"${selector.instanceKey ? ` with instanceKey "${selector.instanceKey}"` : ''}; add autoCreate=true to create it.`
    )
  }
}
