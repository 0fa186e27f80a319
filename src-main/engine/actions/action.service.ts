import {
  ActionCreate,
  ActionUpdate,
  type ActionDto,
  type ActionRunDto,
  type ActionRunQuery,
  type ActionRunResult
} from '../../contract/actions'
import type { RunError, RunLogEntry } from '../../contract/flow-runs'
import type { Page } from '../../contract/pagination'
import { maySee, type Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { badRequest, EngineError, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { fromJsonColumn, jsonOrNull, toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import { checkAgainstSchema } from '../common/json-schema'
import { compileMapping, type Evaluator } from '../expressions/formula.compiler'
import type { NodeServices, RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import type { CallLimits } from '../flow-engine/flow-nodes/connection-nodes'
import type { ErrorDetail } from '../../contract/errors'
import type { JavaScriptSandbox } from '../javascript/javascript.sandbox'
import { actionTypeHandler, checkActionConfig, definitionSchemaProblems, type ActionTypeHandler } from './action-types'
import { toActionDto, toActionRunDto } from './action.mapper'
import { ActionRepository, type ActionRow } from './action.repository'
import { listProblems } from '../common/problem-list'
import { assertElementKey } from '../common/element-keys'
import { pageLimit, seqPage, decodeSeqCursor } from '../common/listing'
import { templateKind } from '../templates/template-kinds'
import { TemplateService, type TemplateSelector } from '../templates/template.service'

const parseCreate = inputParser(ActionCreate, '', 'action')
const parseUpdate = inputParser(ActionUpdate, '', 'action update')

/** Which action a request names: a string selector (id, key or `integrationKey.key`) or an object selector. */
export type ActionSelector = TemplateSelector

interface PreparedAction {
  cacheKey: string
  handler: ActionTypeHandler<any>
  prepared: unknown
  outputMapping?: Evaluator
}

/** What runs: a template, or an action instance's definition (the template with the customer's changes). */
export interface EffectiveAction {
  row: ActionRow
  /** Changes whenever the definition does (prepared configs are cached by it). */
  cacheKey: string
  type: string
  /** JSON texts, as stored. */
  config: ActionRow['config']
  inputSchema: ActionRow['input_schema']
  outputMapping: ActionRow['output_mapping']
}

/** Where an action run happens: the connection it goes through and the action instance, if any. */
export interface ActionRunContext {
  connectionId?: string
  actionInstanceId?: string
}

/** A template as it runs when no instance changes it. */
export function templateAction(row: ActionRow): EffectiveAction {
  return {
    row,
    cacheKey: `${row.id}:${row.revision}`,
    type: row.type,
    config: row.config,
    inputSchema: row.input_schema,
    outputMapping: row.output_mapping
  }
}

/** Loads a customer as runs see it. */
export type CustomerLoader = (customerId: string) => RunCustomer

/**
 * Action templates (CRUD like flows) and running them. Actions that need no connection
 * (run-javascript, api-request-to-your-app, http-request) run for a customer: the input is
 * checked against `inputSchema`, the output passes through `outputMapping`, and every run is
 * stored with its input, output, logs and timing.
 */
export class ActionService extends TemplateService<ActionRow, ActionDto, ActionRepository> {
  private readonly prepared = new Map<string, PreparedAction>()

  constructor(
    ctx: EngineContext,
    private readonly sandbox: JavaScriptSandbox,
    private readonly services: () => Pick<NodeServices, 'sandbox' | 'requestYourApp' | 'connection'>,
    private readonly loadCustomer: CustomerLoader,
    integrationKeyOf: (selector: string, path: string) => string = (selector) => selector
  ) {
    super(ctx, new ActionRepository(ctx.db), templateKind(ctx.events, 'action', toActionDto), integrationKeyOf)
  }

  async create(input: unknown): Promise<ActionDto> {
    const body = parseCreate(input)

    if (body.connectionId !== undefined) {
      throw invalidData(
        'An action for one connection is an action instance: create it with POST /action-instances {actionKey, connectionId} (or PUT /connections/{c}/actions/{key}).',
        [{ path: 'connectionId', message: 'use action instances' }]
      )
    }
    const integrationKey = this.integrationKeyIn(body)
    const parent = this.parentFor(body.parentId ?? body.universalParentId, integrationKey)
    const type = body.type ?? parent?.type
    if (!type)
      throw invalidData('type is required: one of run-javascript, api-request-to-your-app, http-request.', [
        { path: 'type', message: 'type is required' }
      ])
    const config = body.config ?? (parent ? fromJsonColumn(parent.config) : {})
    await this.checkDefinition(type, config, body.inputSchema, body.outputMapping, body.customOutputSchema)
    const key = this.newKey(body.key, parent, body.name, integrationKey)
    const configText = toJsonColumn(config)
    return this.insert({
      ...this.newIdentity(key, integrationKey, parent, body),
      type,
      config: configText,
      input_schema: toJsonColumnOrNull(body.inputSchema) ?? parent?.input_schema ?? null,
      output_mapping: toJsonColumnOrNull(body.outputMapping) ?? parent?.output_mapping ?? null,
      custom_output_schema: toJsonColumnOrNull(body.customOutputSchema) ?? parent?.custom_output_schema ?? null,
      is_customized: parent
        ? Number(configText !== parent.config || type !== parent.type || body.name !== parent.name)
        : 0
    })
  }

  async patch(selector: ActionSelector, input: unknown): Promise<ActionDto> {
    return this.write(this.rowOf(selector), parseUpdate(input), 'patch')
  }

  async replace(selector: ActionSelector, input: unknown): Promise<ActionDto> {
    const body = parseUpdate(input)
    if (body.name === undefined || body.type === undefined) {
      throw invalidData(
        'name and type are required for PUT, which replaces the whole action; use PATCH to change only some values.',
        [{ path: body.name === undefined ? 'name' : 'type', message: 'required' }]
      )
    }
    return this.write(this.rowOf(selector), body, 'put')
  }

  /**
   * Runs an action for the caller's customer (an admin token naming no customer runs as the
   * test customer). Resolves with `{output, actionRunId}`; a failure is an `action_run` error
   * whose data carries the run id and the logs.
   */
  async run(
    selector: ActionSelector,
    input: unknown,
    actor: Actor,
    options: { testCustomerId: () => string }
  ): Promise<ActionRunResult> {
    const row = this.rowOf(selector)
    const customer = this.loadCustomer(actor.customer?.id ?? options.testCustomerId())
    return this.runFor(templateAction(row), input, customer, {})
  }

  /** Runs a definition for a customer and answers like the API: `{output, actionRunId}`, or an `action_run` error with the run id and logs. */
  async runFor(
    action: EffectiveAction,
    input: unknown,
    customer: RunCustomer,
    context: ActionRunContext
  ): Promise<ActionRunResult> {
    const result = await this.execute(action, input, customer, new AbortController().signal, context)
    if (result.error) {
      throw new EngineError({
        type: 'action_run',
        message: result.error.message,
        data: { actionRunId: result.actionRunId, logs: result.logs }
      })
    }
    return { output: result.output, actionRunId: result.actionRunId }
  }

  /** Runs a definition inside a flow; a failure throws an Error whose message is the action's. */
  async runInFlow(
    action: EffectiveAction,
    input: unknown,
    customer: RunCustomer,
    signal: AbortSignal,
    context: ActionRunContext
  ): Promise<{ output: unknown; logs: RunLogEntry[]; actionRunId: string }> {
    if (action.row.archived_at)
      throw new Error(`Action "${action.row.key}" is archived; restore it or pick another action.`)
    const result = await this.execute(action, input, customer, signal, context)
    if (result.error)
      throw Object.assign(new Error(`Action "${action.row.key}" failed: ${result.error.message}`), {
        logs: result.logs
      })
    return { output: result.output, logs: result.logs, actionRunId: result.actionRunId }
  }

  /** Stored runs, newest first; a customer sees only its own. */
  listRuns(actor: Actor, query: ActionRunQuery = {}): Page<ActionRunDto> {
    const limit = pageLimit(query.limit)
    const customerId = actor.kind === 'customer' ? actor.customer.id : query.userId
    const rows = this.repo.listRuns({
      actionId: query.actionId ? this.rowOf(query.actionId).id : undefined,
      customerId,
      state: query.state,
      beforeSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    return seqPage(rows, limit, (page) => page.map(toActionRunDto))
  }

  getRun(actor: Actor, id: string): ActionRunDto {
    const row = this.repo.runById(id)
    if (!row || !maySee(actor, row.customer_id)) throw notFound(`No action run with id "${id}".`)
    return toActionRunDto(row)
  }

  private async execute(
    definition: EffectiveAction,
    input: unknown,
    customer: RunCustomer,
    signal: AbortSignal,
    context: ActionRunContext
  ): Promise<{ output?: unknown; error?: RunError; logs: RunLogEntry[]; actionRunId: string }> {
    const { row } = definition
    const action = await this.prepare(definition)
    if (action.handler.spec.needsConnection && !context.connectionId) {
      throw badRequest(
        `Action "${row.key}" (${definition.type}) works through a connection: run it on one (POST /connections/{connection}/actions/${row.key}/run, or ?connectionId= / ?integrationKey=).`
      )
    }
    const value = input ?? {}
    if (definition.inputSchema) {
      const problems = checkAgainstSchema(fromJsonColumn(definition.inputSchema), value, 'input')
      if (problems.length)
        throw invalidData(`Invalid input for action "${row.key}": ${listProblems(problems)}`, problems)
    }
    const logs: RunLogEntry[] = []
    const log = (level: RunLogEntry['level'], message: string, data?: unknown) => {
      if (logs.length < 1000)
        logs.push(
          data === undefined
            ? { level, message, at: this.ctx.nowIso() }
            : { level, message, data, at: this.ctx.nowIso() }
        )
    }
    const user = { id: customer.id, internalId: customer.internalId, name: customer.name, fields: customer.fields }
    const startedAt = this.ctx.nowIso()
    const started = performance.now()
    let output: unknown
    let error: RunError | undefined
    try {
      const services = this.services()
      const connection = (limits: CallLimits) => {
        if (!context.connectionId) throw new Error(`Action "${row.key}" needs a connection.`)
        return services.connection({ selector: context.connectionId, customer }, { signal, log, ...limits })
      }
      const raw = await action.handler.run(action.prepared, {
        input: value,
        scope: { input: value, user },
        customer,
        signal,
        services,
        log,
        connection
      })
      output = action.outputMapping ? await action.outputMapping({ input: value, output: raw, user }) : raw
    } catch (e) {
      error = { type: 'action_run', message: (e as Error).message }
      log('error', (e as Error).message)
    }
    const id = newId(this.ctx.clock.now())
    this.repo.insertRun({
      id,
      action_id: row.id,
      action_key: row.key,
      customer_id: customer.id,
      connection_id: context.connectionId ?? null,
      action_instance_id: context.actionInstanceId ?? null,
      state: error ? 'failed' : 'completed',
      input: toJsonColumn(value),
      output: output === undefined ? null : toJsonColumn(output),
      errors: error ? toJsonColumn([error]) : null,
      logs: logs.length ? toJsonColumn(logs) : null,
      started_at: startedAt,
      ended_at: this.ctx.nowIso(),
      duration_ms: Math.round((performance.now() - started) * 1000) / 1000
    })
    return { output, error, logs, actionRunId: id }
  }

  private async prepare(definition: EffectiveAction): Promise<PreparedAction> {
    const cached = this.prepared.get(definition.cacheKey)
    if (cached) return cached
    const handler = actionTypeHandler(definition.type)
    if (!handler)
      throw badRequest(`Action "${definition.row.key}" has type "${definition.type}", which this engine does not run.`)
    const action: PreparedAction = {
      cacheKey: definition.cacheKey,
      handler,
      prepared: handler.prepare(fromJsonColumn(definition.config), 'config'),
      outputMapping: definition.outputMapping
        ? compileMapping(fromJsonColumn(definition.outputMapping), 'outputMapping')
        : undefined
    }
    if (this.prepared.size >= 5000) this.prepared.clear()
    this.prepared.set(definition.cacheKey, action)
    return action
  }

  /** Problems with a definition an instance would run (its type with a changed config, input schema or output mapping). */
  async definitionProblems(
    type: string,
    config: unknown,
    inputSchema: unknown,
    outputMapping: unknown
  ): Promise<ErrorDetail[]> {
    try {
      await this.checkDefinition(type, config, inputSchema, outputMapping, undefined)
      return []
    } catch (error) {
      if (error instanceof EngineError)
        return (error.data?.errors as ErrorDetail[] | undefined) ?? [{ path: '', message: error.message }]
      throw error
    }
  }

  /** Runs the checks `create` runs on a body (shape, key, type, config, schemas, mapping) without writing: imports check every element first. */
  async check(input: unknown): Promise<void> {
    const body = parseCreate(input)
    if (body.key !== undefined) assertElementKey(body.key, 'The action')
    if (!body.type)
      throw invalidData('type is required: one of run-javascript, api-request-to-your-app, http-request.', [
        { path: 'type', message: 'type is required' }
      ])
    await this.checkDefinition(
      body.type,
      body.config ?? {},
      body.inputSchema,
      body.outputMapping,
      body.customOutputSchema
    )
  }

  private async write(row: ActionRow, body: ActionUpdate, mode: 'patch' | 'put'): Promise<ActionDto> {
    const type = body.type ?? row.type
    const config = body.config ?? (mode === 'put' ? {} : fromJsonColumn(row.config))
    const inputSchema = body.inputSchema !== undefined || mode === 'put' ? body.inputSchema : undefined
    const outputMapping = body.outputMapping !== undefined || mode === 'put' ? body.outputMapping : undefined
    await this.checkDefinition(type, config, inputSchema, outputMapping, body.customOutputSchema)
    const changes: Partial<ActionRow> = { type, config: toJsonColumn(config) }
    const key = this.keyChange(row, body.key)
    if (key !== undefined) changes.key = key
    if (body.name !== undefined) changes.name = body.name
    if (body.description !== undefined || mode === 'put') changes.description = body.description ?? null
    if (body.inputSchema !== undefined || mode === 'put') changes.input_schema = toJsonColumnOrNull(body.inputSchema)
    if (body.outputMapping !== undefined || mode === 'put')
      changes.output_mapping = toJsonColumnOrNull(body.outputMapping)
    if (body.customOutputSchema !== undefined || mode === 'put')
      changes.custom_output_schema = toJsonColumnOrNull(body.customOutputSchema)
    if (body.meta !== undefined || mode === 'put') changes.meta = jsonOrNull(body.meta)
    return this.commit(row, changes)
  }

  private async checkDefinition(
    type: string,
    config: unknown,
    inputSchema: unknown,
    outputMapping: unknown,
    customOutputSchema: unknown
  ): Promise<void> {
    const problems = await checkActionConfig(type, config, this.sandbox)
    problems.push(...definitionSchemaProblems(inputSchema, outputMapping, customOutputSchema))
    if (problems.length) throw invalidData(`Invalid action: ${listProblems(problems)}`, problems)
  }
}
