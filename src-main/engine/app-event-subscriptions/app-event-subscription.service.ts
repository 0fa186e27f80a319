import type {
  AppEventLogRecordDto,
  AppEventRequestSpec,
  AppEventSubscriptionDto,
  AppEventTypeDto,
  AppEventUserDto
} from '../../contract/app-event-types'
import type { ElementError } from '../../contract/flows'
import type { Page, PageQuery } from '../../contract/pagination'
import type { AppEventTypeService } from '../app-event-types/app-event-type.service'
import { maySee, type Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { accessDenied, badRequest, EngineError, notFound } from '../common/engine-error'
import { sha256Hex } from '../common/hash'
import { newId, randomSecret } from '../common/ids'
import { fromBool, fromJsonColumn, toBool, toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import type { CustomerService } from '../customers/customer.service'
import { compileMapping } from '../expressions/formula.compiler'
import type { RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import type { HttpResponse, RequestLog } from '../requests/http.requester'
import {
  AppEventSubscriptionRepository,
  type AppEventLogRecordRow,
  type AppEventSubscriptionRow
} from './app-event-subscription.repository'

/** The path of a subscription's webhook under the engine's URL; the subscription's token follows. */
export const APP_EVENT_SUBSCRIPTION_WEBHOOK_PATH = '/webhooks/app-event-subscriptions'

/** How the engine reaches your app's API (relative URIs join the workspace `apiBaseUri`, signed for the customer). */
export type YourAppSender = (
  customer: RunCustomer,
  spec: { method: string; uri: string; headers?: unknown; query?: unknown; body?: unknown; timeoutMs: number },
  log: RequestLog
) => Promise<HttpResponse>

/** The SDK's subscription selector (`appEventSubscription({...})`), as the query carries it. */
export interface AppEventSubscriptionSelector {
  id?: string
  appEventTypeId?: string
  appEventTypeKey?: string
  userId?: string
  instanceKey?: string
  autoCreate?: boolean
}

/** Filters of `GET /app-event-subscriptions`. */
export interface AppEventSubscriptionQuery extends PageQuery {
  userId?: string
  appEventTypeId?: string
  instanceKey?: string
  isSubscribed?: boolean
  includeArchived?: boolean
}

/** Filters of `GET /app-events`. */
export interface AppEventLogQuery extends PageQuery {
  userId?: string
  appEventTypeId?: string
  appEventSubscriptionId?: string
  from?: string
  to?: string
}

const SUBSCRIBE_TIMEOUT_MS = 15_000

/**
 * Per-customer app event subscriptions: created when a flow with an app-event trigger is deployed
 * for the customer (or through the SDK), each with its own webhook URL (a sealed random token),
 * and subscribed by sending the type's `subscribeRequest` to your app (formulas see
 * `{webhookUri, user, appEventType}`). Archiving sends `unsubscribeRequest`. Also keeps and lists
 * the log of received events.
 */
export class AppEventSubscriptionService {
  readonly repo: AppEventSubscriptionRepository
  private readonly pending = new Map<string, Promise<AppEventSubscriptionRow>>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly types: AppEventTypeService,
    private readonly customers: CustomerService,
    private readonly yourApp: YourAppSender,
    private readonly apiUrl: () => string | undefined
  ) {
    this.repo = new AppEventSubscriptionRepository(ctx.db)
  }

  // ---- reading ----

  dto(row: AppEventSubscriptionRow, options: { expand?: boolean } = {}): AppEventSubscriptionDto {
    const type = this.types.byId(row.app_event_type_id)
    const error = fromJsonColumn(row.error, null)
    const dto: AppEventSubscriptionDto = {
      id: row.id,
      name: type?.name ?? row.app_event_type_id,
      appEventTypeId: row.app_event_type_id,
      userId: row.customer_id,
      isSubscribed: toBool(row.is_subscribed),
      webhookUri: this.webhookUri(row),
      subscriptionRequest: fromJsonColumn(row.subscription_request, { uri: '' }),
      state: error ? 'SETUP_FAILED' : 'READY',
      revision: row.revision,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
    if (row.instance_key !== null) dto.instanceKey = row.instance_key
    if (type?.schema) dto.schema = type.schema
    if (row.subscription_response !== null) dto.subscriptionResponse = fromJsonColumn(row.subscription_response)
    if (error) dto.errors = [error]
    if (row.archived_at !== null) dto.archivedAt = row.archived_at
    if (options.expand) {
      if (type) dto.appEventType = type
      const user = this.user(row.customer_id)
      if (user) dto.user = user
    }
    return dto
  }

  list(actor: Actor, query: AppEventSubscriptionQuery = {}): Page<AppEventSubscriptionDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.list({
      customerId: this.customerFilter(actor, query.userId),
      appEventTypeId: query.appEventTypeId ? this.types.get(query.appEventTypeId).id : undefined,
      instanceKey: query.instanceKey,
      isSubscribed: query.isSubscribed,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.dto(row)))
  }

  /** The subscription a selector names (creating it with `autoCreate`); 404 otherwise. */
  async find(actor: Actor, selector: AppEventSubscriptionSelector): Promise<AppEventSubscriptionRow> {
    if (selector.id) {
      const row = this.repo.byId(selector.id)
      if (!row || !maySee(actor, row.customer_id))
        throw notFound(`App event subscription ${selector.id} does not exist (or belongs to another customer).`)
      return row
    }
    const { type, customerId, instanceKey } = this.target(actor, selector)
    const row = this.repo.live(type.id, customerId, instanceKey)
    if (row) return row
    if (!selector.autoCreate)
      throw notFound(
        `Customer ${customerId} has no subscription to app event type "${type.key}": add autoCreate=true, call create(), or deploy a flow with an app-event trigger on "${type.key}".`
      )
    return this.ensure(type, customerId, instanceKey)
  }

  async get(actor: Actor, selector: AppEventSubscriptionSelector): Promise<AppEventSubscriptionDto> {
    return this.dto(await this.find(actor, selector), { expand: true })
  }

  /** `POST /app-event-subscription?…`: creates the subscription (and subscribes); 409 when it exists. */
  async create(actor: Actor, selector: AppEventSubscriptionSelector): Promise<AppEventSubscriptionDto> {
    const { type, customerId, instanceKey } = this.target(actor, selector)
    if (this.repo.live(type.id, customerId, instanceKey))
      throw new EngineError({
        type: 'bad_request',
        key: 'already_exists',
        message: `Customer ${customerId} already subscribes to "${type.key}"; use put() to create or replace, or subscribe() to send the subscribe request again.`
      })
    return this.dto(await this.ensure(type, customerId, instanceKey), { expand: true })
  }

  /** `PUT`: creates the subscription or subscribes the existing one again. */
  async put(actor: Actor, selector: AppEventSubscriptionSelector): Promise<AppEventSubscriptionDto> {
    const { type, customerId, instanceKey } = this.target(actor, selector)
    const row = this.repo.live(type.id, customerId, instanceKey)
    if (!row) return this.dto(await this.ensure(type, customerId, instanceKey), { expand: true })
    return this.dto(await this.subscribe(row), { expand: true })
  }

  /** `subscribe()`: sends the type's subscribe request again (or marks it subscribed when it has none). */
  async resubscribe(actor: Actor, selector: AppEventSubscriptionSelector): Promise<AppEventSubscriptionDto> {
    const row = await this.find(actor, { ...selector, autoCreate: true })
    return this.dto(await this.subscribe(row), { expand: true })
  }

  /** Archives the subscription, sending the type's unsubscribe request first (best effort). */
  async archive(actor: Actor, selector: AppEventSubscriptionSelector): Promise<void> {
    const row = await this.find(actor, selector)
    if (row.archived_at) return
    const type = this.types.byId(row.app_event_type_id)
    if (type?.unsubscribeRequest && toBool(row.is_subscribed)) {
      try {
        await this.send(type, row, type.unsubscribeRequest)
      } catch (error) {
        this.ctx.logger.warn('the unsubscribe request of an app event subscription failed', {
          subscriptionId: row.id,
          error: (error as Error).message
        })
      }
    }
    const now = this.ctx.nowIso()
    this.repo.update(row.id, {
      archived_at: now,
      is_subscribed: fromBool(false),
      updated_at: now,
      revision: newId(this.ctx.clock.now())
    })
  }

  // ---- deploy ----

  /**
   * What deploying an instance with app-event triggers does: the customer gets a subscription to
   * each type (an undeclared key is declared with just its key) and the subscribe request goes to
   * your app once. Returns a setup error per type whose subscribe request failed.
   */
  async ensureForTriggers(customerId: string, eventKeys: string[]): Promise<ElementError[]> {
    const errors: ElementError[] = []
    for (const key of [...new Set(eventKeys)]) {
      const type = this.types.declared(key)
      const row = await this.ensure(type, customerId, null)
      const error = fromJsonColumn(row.error, null)
      if (error) errors.push({ ...error, message: `App event "${key}": ${error.message}` })
    }
    return errors
  }

  /** The live subscription (created and subscribed when missing); one at a time per customer and type. */
  async ensure(
    type: AppEventTypeDto,
    customerId: string,
    instanceKey: string | null
  ): Promise<AppEventSubscriptionRow> {
    const existing = this.repo.live(type.id, customerId, instanceKey)
    if (existing) return existing
    const lock = `${type.id}/${customerId}/${instanceKey ?? ''}`
    const inFlight = this.pending.get(lock)
    if (inFlight) return inFlight
    const work = (async () => {
      const again = this.repo.live(type.id, customerId, instanceKey)
      if (again) return again
      const token = randomSecret(24)
      const now = this.ctx.nowIso()
      const id = newId(this.ctx.clock.now())
      this.repo.insert({
        id,
        app_event_type_id: type.id,
        customer_id: customerId,
        instance_key: instanceKey,
        is_subscribed: fromBool(false),
        token_hash: sha256Hex(token),
        token_sealed: this.ctx.secrets.encrypt(token),
        revision: newId(this.ctx.clock.now()),
        created_at: now,
        updated_at: now
      })
      return this.subscribe(this.repo.byId(id)!)
    })()
    this.pending.set(lock, work)
    try {
      return await work
    } finally {
      this.pending.delete(lock)
    }
  }

  /** Sends the subscribe request (when the type has one) and records the outcome on the row. */
  private async subscribe(row: AppEventSubscriptionRow): Promise<AppEventSubscriptionRow> {
    const type = this.types.byId(row.app_event_type_id)!
    const now = () => this.ctx.nowIso()
    if (!type.subscribeRequest) {
      this.repo.update(row.id, { is_subscribed: fromBool(true), error: null, updated_at: now() })
      return this.repo.byId(row.id)!
    }
    try {
      const { request, response } = await this.send(type, row, type.subscribeRequest)
      this.repo.update(row.id, {
        is_subscribed: fromBool(true),
        error: null,
        subscription_request: toJsonColumn(request),
        subscription_response: toJsonColumnOrNull(response.data),
        revision: newId(this.ctx.clock.now()),
        updated_at: now()
      })
    } catch (error) {
      const e = error as Error & { request?: AppEventRequestSpec }
      this.repo.update(row.id, {
        is_subscribed: fromBool(false),
        error: toJsonColumn<ElementError>({
          type: 'dependency_error',
          message: `the subscribe request to your app failed: ${e.message}`
        }),
        subscription_request: toJsonColumnOrNull(e.request),
        updated_at: now()
      })
    }
    return this.repo.byId(row.id)!
  }

  private async send(
    type: AppEventTypeDto,
    row: AppEventSubscriptionRow,
    spec: AppEventRequestSpec
  ): Promise<{ request: AppEventRequestSpec; response: HttpResponse }> {
    const customer = this.runCustomer(row.customer_id)
    const scope = { webhookUri: this.webhookUri(row), user: customer, appEventType: type }
    const evaluated = (await compileMapping(spec, 'subscribeRequest')(scope)) as AppEventRequestSpec
    const method = String(evaluated.method ?? 'POST').toUpperCase()
    const request: AppEventRequestSpec = { ...evaluated, method }
    if (typeof evaluated.uri !== 'string' || !evaluated.uri)
      throw Object.assign(new Error('its uri must give a non-empty string'), { request })
    let response: HttpResponse
    try {
      response = await this.yourApp(
        customer,
        {
          method,
          uri: evaluated.uri,
          headers: evaluated.headers,
          query: evaluated.query,
          body: evaluated.body,
          timeoutMs: SUBSCRIBE_TIMEOUT_MS
        },
        (level, message, data) => this.ctx.logger[level](`app event subscription ${row.id}: ${message}`, { data })
      )
    } catch (error) {
      throw Object.assign(error as Error, { request })
    }
    if (response.status < 200 || response.status >= 300)
      throw Object.assign(new Error(`${method} ${evaluated.uri} answered ${response.status}`), { request })
    return { request, response }
  }

  // ---- delivery and log ----

  /** The live subscription whose webhook token this is. */
  byToken(token: string): AppEventSubscriptionRow | undefined {
    const row = this.repo.byTokenHash(sha256Hex(token))
    return row && !row.archived_at ? row : undefined
  }

  /** Records one received event and the runs it started. */
  log(row: AppEventSubscriptionRow, payload: unknown, launched: string[], id: string): void {
    this.repo.insertLog({
      id,
      app_event_type_id: row.app_event_type_id,
      app_event_subscription_id: row.id,
      customer_id: row.customer_id,
      event: toJsonColumn(payload ?? null),
      launched_flow_run_ids: toJsonColumn(launched),
      datetime: this.ctx.nowIso()
    })
  }

  logs(actor: Actor, query: AppEventLogQuery = {}): Page<AppEventLogRecordDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.logs({
      customerId: this.customerFilter(actor, query.userId),
      appEventTypeId: query.appEventTypeId ? this.types.get(query.appEventTypeId).id : undefined,
      appEventSubscriptionId: query.appEventSubscriptionId,
      from: query.from,
      to: query.to,
      afterSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.logDto(row)))
  }

  logRecord(actor: Actor, id: string): AppEventLogRecordDto {
    const row = this.repo.logById(id)
    if (!row || !maySee(actor, row.customer_id))
      throw notFound(`App event ${id} does not exist (or belongs to another customer).`)
    return this.logDto(row, true)
  }

  private logDto(row: AppEventLogRecordRow, expand = false): AppEventLogRecordDto {
    const type = this.types.byId(row.app_event_type_id)
    const dto: AppEventLogRecordDto = {
      id: row.id,
      name: type?.name ?? row.app_event_type_id,
      userId: row.customer_id,
      appEventTypeId: row.app_event_type_id,
      appEventSubscriptionId: row.app_event_subscription_id,
      event: fromJsonColumn(row.event),
      datetime: row.datetime,
      launchedFlowRunIds: fromJsonColumn(row.launched_flow_run_ids)
    }
    if (expand) {
      if (type) dto.appEventType = type
      const user = this.user(row.customer_id)
      if (user) dto.user = user
    }
    return dto
  }

  // ---- helpers ----

  webhookUri(row: AppEventSubscriptionRow): string {
    return `${this.apiUrl() ?? ''}${APP_EVENT_SUBSCRIPTION_WEBHOOK_PATH}/${this.ctx.secrets.decrypt(row.token_sealed)}`
  }

  private target(
    actor: Actor,
    selector: AppEventSubscriptionSelector
  ): { type: AppEventTypeDto; customerId: string; instanceKey: string | null } {
    const typeSelector = selector.appEventTypeId ?? selector.appEventTypeKey
    if (!typeSelector)
      throw badRequest(
        'Name the app event type: appEventSubscription({appEventTypeId}) or ({appEventTypeKey}), or select the subscription by id.'
      )
    const type = this.types.get(typeSelector)
    if (type.archivedAt) throw badRequest(`App event type "${type.key}" is archived; restore it first.`)
    return { type, customerId: this.customerOf(actor, selector.userId), instanceKey: selector.instanceKey ?? null }
  }

  private customerOf(actor: Actor, userId: string | undefined): string {
    if (actor.kind === 'customer') {
      if (userId && userId !== actor.customer.id && userId !== actor.customer.internalId)
        throw accessDenied(
          `This token is for customer "${actor.customer.internalId}"; another customer's subscriptions need an admin token.`
        )
      return actor.customer.id
    }
    if (userId) return this.customers.rowOf(userId).id
    if (actor.customer) return actor.customer.id
    throw badRequest('With an admin token, say whose subscription this is: add userId=<customer id or internal id>.')
  }

  private customerFilter(actor: Actor, userId: string | undefined): string | undefined {
    if (actor.kind === 'customer') return this.customerOf(actor, userId)
    return userId ? this.customers.rowOf(userId).id : actor.customer?.id
  }

  private runCustomer(customerId: string): RunCustomer {
    return this.customers.runCustomer(customerId)
  }

  private user(customerId: string): AppEventUserDto | undefined {
    return this.customers.findRunCustomer(customerId)
  }
}
