import { timingSafeEqual } from 'node:crypto'
import type { ElementError } from '../../../contract/flows'
import type { RecordTriggerSetupDto } from '../../../contract/flow-instances'
import { signSandboxBody } from '../../apps/sandbox/sandbox-webhook.sender'
import type { Actor } from '../../auth/actor'
import type { EngineContext } from '../../common/engine-context'
import { EngineError, invalidData, notAuthenticated, notFound } from '../../common/engine-error'
import { newId } from '../../common/ids'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import { assertJsonTextDepth } from '../../common/json-depth'
import type { ConnectionDataService } from '../../connections/connection-data.service'
import type { InstanceRuntime } from '../flow-instances/instance-runtime.cache'
import { recordEventPasses, type PreparedRecordTrigger } from '../flow-nodes/connection-nodes'
import type { RunCustomer } from '../flow-nodes/node-handler'
import type { StartRunRequest } from '../flow-runs/start-run-request'
import type { ExternalEventLog } from '../../external-events/external-event.log'
import { RecordTriggerRepository, type RecordTriggerSubscriptionRow } from './record-trigger.repository'
import type { RecordEvent, RecordTriggerCursor } from './record-trigger.table'

export type { RecordEvent, RecordTriggerCursor } from './record-trigger.table'

/** A trigger's app webhook as other nouns see it (external events list them): no secret, columns parsed. */
export interface RecordTriggerSubscription {
  seq: number
  id: string
  flowInstanceId: string
  nodeKey: string
  connectionId: string
  collectionKey: string
  events: RecordEvent[]
  callbackUrl: string
  /** `subscribed` | `unsubscribed` | `error`. */
  status: string
  error: ElementError | null
  cursor: RecordTriggerCursor
  eventsReceived: number
  createdAt: string
  updatedAt: string
}

/** Filters of a subscription listing (by seq). */
export interface RecordTriggerSubscriptionFilter {
  connectionIds?: string[]
  status?: string
  afterSeq: number
  limit: number
}

/** One trigger node an instance wants subscribed. */
export interface WantedTrigger {
  nodeKey: string
  collectionKey: string
  events: RecordEvent[]
}

/** The instance a reconcile works for: whose connection, and for which customer. */
export interface TriggerOwner {
  instanceId: string
  connectionId: string
  customer: { id: string; internalId: string }
}

/** What the ingress answers the app. */
export interface IngressAnswer {
  status: number
  body: { flowRunId?: string; started: boolean; reason?: string }
}

/** What starting a triggered run needs from the flow runner (given by `setupRecordTriggerRuns`: the runner is built after this service). */
export interface TriggerRunner {
  runtime(instanceId: string): Promise<InstanceRuntime | undefined>
  customer(customerId: string): RunCustomer
  start(runtime: InstanceRuntime, request: StartRunRequest): { id: string }
}

/** The path of the ingress under the engine's URL; the subscription id follows. */
export const RECORD_EVENT_INGRESS_PATH = '/webhooks/record-events'

const SIGNATURE = /^sha256=[0-9a-f]{64}$/
const RECENT_EVENTS = 200

/**
 * Data-record triggers: subscribes trigger nodes to their app's record-event webhooks through
 * the instance's connection (one webhook per node, its signing secret sealed), keeps them in
 * step with the instance, and receives the signed deliveries: each verified event starts a run
 * at its trigger node. The cursor says where a trigger stands (deploy time, then the last event).
 */
export class RecordTriggerService {
  private readonly repo: RecordTriggerRepository
  private readonly recent = new Map<string, string[]>()
  private runner: TriggerRunner | undefined

  constructor(
    private readonly ctx: EngineContext,
    private readonly data: ConnectionDataService,
    private readonly apiUrl: () => string,
    /** The log of deliveries and pulls (external event log records). */
    private readonly log: ExternalEventLog
  ) {
    this.repo = new RecordTriggerRepository(ctx.db)
  }

  /** The subscription with this id. */
  subscription(id: string): RecordTriggerSubscription | undefined {
    const row = this.repo.byId(id)
    return row && toSubscription(row)
  }

  /** Subscriptions by seq (one more than `limit` when there are more). */
  subscriptions(filter: RecordTriggerSubscriptionFilter): RecordTriggerSubscription[] {
    return this.repo.list(filter).map(toSubscription)
  }

  /** Lets verified deliveries start runs (the engine calls it once, when the runner exists). */
  startRunsWith(runner: TriggerRunner): void {
    this.runner = runner
  }

  /** The triggers of these instances as their DTOs show them. */
  setupOf(instanceIds: string[]): Map<string, RecordTriggerSetupDto[]> {
    const map = new Map<string, RecordTriggerSetupDto[]>()
    for (const row of this.repo.ofInstances(instanceIds)) {
      const list = map.get(row.flow_instance_id) ?? []
      list.push(toSetupDto(row))
      map.set(row.flow_instance_id, list)
    }
    return map
  }

  /**
   * Makes the instance's app webhooks match `wanted`: removes subscriptions no longer wanted (or
   * all of them with `force`, or those whose callback no longer reaches this engine) and
   * subscribes the missing ones. Returns one setup error per trigger that could not subscribe.
   */
  async reconcile(
    owner: TriggerOwner,
    wanted: WantedTrigger[],
    options: { force?: boolean } = {}
  ): Promise<ElementError[]> {
    const errors: ElementError[] = []
    let base: string | undefined
    try {
      base = this.apiUrl()
    } catch (error) {
      if (wanted.length) errors.push({ type: 'flow_instance_setup', message: (error as Error).message })
    }
    const kept = new Set<string>()
    // A trigger subscribed anew on the same connection and collection keeps where it stood.
    const carried = new Map<string, { cursor: RecordTriggerSubscriptionRow['cursor']; eventsReceived: number }>()
    for (const row of this.repo.ofInstance(owner.instanceId)) {
      const want = wanted.find((w) => w.nodeKey === row.node_key)
      const same =
        !options.force &&
        want &&
        base &&
        row.connection_id === owner.connectionId &&
        row.collection_key === want.collectionKey &&
        sameEvents(fromJsonColumn(row.events), want.events) &&
        row.callback_url === callbackUrl(base, row.id) &&
        row.status !== 'error'
      if (same) kept.add(row.node_key)
      else {
        if (want && row.connection_id === owner.connectionId && row.collection_key === want.collectionKey)
          carried.set(row.node_key, { cursor: row.cursor, eventsReceived: row.events_received })
        await this.remove(row, owner.customer)
      }
    }
    if (base === undefined) return errors
    if (options.force) await this.removeStrays(owner)
    for (const want of wanted) {
      if (kept.has(want.nodeKey)) continue
      const id = newId(this.ctx.clock.now())
      const url = callbackUrl(base, id)
      try {
        const created = await this.data.subscribe(actorOf(owner.customer), owner.connectionId, {
          collection: want.collectionKey,
          events: want.events,
          callbackUrl: url
        })
        const now = this.ctx.nowIso()
        this.repo.insert({
          id,
          flow_instance_id: owner.instanceId,
          node_key: want.nodeKey,
          connection_id: owner.connectionId,
          collection_key: want.collectionKey,
          events: toJsonColumn(want.events),
          callback_url: url,
          external_id: created.id,
          secret_sealed: this.ctx.secrets.encrypt(created.secret),
          cursor: carried.get(want.nodeKey)?.cursor ?? toJsonColumn<RecordTriggerCursor>({ since: now }),
          events_received: carried.get(want.nodeKey)?.eventsReceived ?? 0,
          created_at: now,
          updated_at: now
        })
      } catch (error) {
        errors.push({
          type: 'flow_instance_setup',
          message: `Node "${want.nodeKey}": subscribing to ${want.events.join('/')} events of ${want.collectionKey} failed: ${(error as Error).message}`,
          data: { nodeKey: want.nodeKey, ...(error instanceof EngineError ? { cause: error.toBody() } : {}) }
        })
      }
    }
    return errors
  }

  /**
   * Removes record-event webhooks of the connection's account that no subscription here owns:
   * a snapshot brings an account's webhooks along, still pointing at the exporting workspace.
   */
  private async removeStrays(owner: TriggerOwner): Promise<void> {
    const actor = actorOf(owner.customer)
    let hooks: Array<{ id: string; url: string }>
    try {
      hooks = await this.data.subscriptions(actor, owner.connectionId)
    } catch (error) {
      this.ctx.logger.warn('could not list the webhooks of a connection', {
        connectionId: owner.connectionId,
        error: (error as Error).message
      })
      return
    }
    for (const hook of hooks) {
      let path: string
      try {
        path = new URL(hook.url).pathname
      } catch {
        continue
      }
      if (!path.startsWith(`${RECORD_EVENT_INGRESS_PATH}/`)) continue
      const mine = this.repo.byId(path.slice(RECORD_EVENT_INGRESS_PATH.length + 1))
      if (mine && mine.callback_url === hook.url && mine.external_id === hook.id) continue
      try {
        await this.data.unsubscribe(actor, owner.connectionId, hook.id)
        this.ctx.logger.info(
          'removed a record-event webhook no trigger here owns (from an imported snapshot or an earlier setup)',
          { connectionId: owner.connectionId, url: hook.url }
        )
      } catch (error) {
        this.ctx.logger.warn('could not remove a stray record-event webhook', {
          connectionId: owner.connectionId,
          url: hook.url,
          error: (error as Error).message
        })
      }
    }
  }

  /** Removes every subscription of an instance (disabled, archived, or moved off its connection). */
  async removeAll(instanceId: string, customer: { id: string; internalId: string }): Promise<void> {
    for (const row of this.repo.ofInstance(instanceId)) await this.remove(row, customer)
  }

  /** Instance ids whose subscriptions point at another URL than this engine's (it moved, or a snapshot brought them). */
  staleInstances(): string[] {
    let base: string
    try {
      base = this.apiUrl()
    } catch {
      return []
    }
    return [
      ...new Set(
        this.repo
          .all()
          .filter((row) => row.callback_url !== callbackUrl(base, row.id))
          .map((row) => row.flow_instance_id)
      )
    ]
  }

  /**
   * A delivery from the app: verifies the signature over the raw body with the subscription's
   * secret, then starts a run at the trigger node (unless the instance is disabled, the event is
   * a repeat, or the trigger's filter says no). Answers 202 with the run id.
   */
  async receive(subscriptionId: string, rawBody: string, signature: string | undefined): Promise<IngressAnswer> {
    const row = this.repo.byId(subscriptionId)
    if (!row)
      throw notFound(
        `No record-event subscription "${subscriptionId}" here (its flow instance was disabled, archived or set up again); the app may remove this webhook.`
      )
    const secret = this.ctx.secrets.decrypt(row.secret_sealed)
    if (
      !signature ||
      !SIGNATURE.test(signature) ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(signSandboxBody(secret, rawBody)))
    ) {
      throw notAuthenticated(
        "The delivery is not signed with this subscription's secret: send X-Sandbox-Signature: sha256=<HMAC-SHA256 of the raw body>."
      )
    }
    let payload: {
      id?: unknown
      type?: unknown
      collection?: unknown
      recordId?: unknown
      record?: unknown
      occurredAt?: unknown
    }
    assertJsonTextDepth(rawBody, 'The delivery body')
    try {
      payload = JSON.parse(rawBody)
    } catch {
      throw invalidData('The delivery body is not JSON.', [{ path: 'body', message: 'not JSON' }])
    }
    const event = typeof payload.type === 'string' ? payload.type.split('.').pop() : undefined
    if (
      !payload ||
      typeof payload.recordId !== 'string' ||
      (event !== 'created' && event !== 'updated' && event !== 'deleted')
    ) {
      throw invalidData(
        'The delivery is not a record event: expected {id, type: "<collection>.created|updated|deleted", collection, recordId, record}.',
        [{ path: 'type', message: 'not a record event' }]
      )
    }
    if (row.status !== 'subscribed')
      return {
        status: 200,
        body: { started: false, reason: `This subscription is ${row.status}; resubscribe it to receive events.` }
      }
    const outcome = await this.deliver(row, {
      event,
      collection: payload.collection,
      recordId: payload.recordId,
      record: payload.record ?? null,
      occurredAt: typeof payload.occurredAt === 'string' ? payload.occurredAt : undefined,
      eventId: typeof payload.id === 'string' ? payload.id : undefined,
      raw: payload
    })
    return outcome.started
      ? { status: 202, body: { started: true, flowRunId: outcome.flowRunId } }
      : { status: 200, body: { started: false, reason: outcome.reason } }
  }

  /**
   * One record event for a subscription, from a webhook delivery or a pull: checks it is one the
   * subscription listens to and not a repeat, moves the cursor, starts a run at the trigger node
   * (unless the instance is off or the filter says no) and logs it as an external event.
   */
  private async deliver(
    row: RecordTriggerSubscriptionRow,
    incoming: {
      event: RecordEvent
      collection: unknown
      recordId: string
      record: unknown
      occurredAt?: string
      eventId?: string
      raw: unknown
    }
  ): Promise<{ started: boolean; flowRunId?: string; reason?: string; logId?: string }> {
    const { event, eventId } = incoming
    const events = fromJsonColumn(row.events)
    if (incoming.collection !== row.collection_key || !events.includes(event)) {
      return {
        started: false,
        reason: `This subscription listens to ${row.collection_key} ${events.join('/')} events, not ${String(incoming.collection)}.${event}.`
      }
    }
    if (eventId && this.seen(row.id, eventId))
      return { started: false, reason: `Event ${eventId} was already received.` }
    const logId = newId(this.ctx.clock.now())
    const finish = (outcome: { started: boolean; flowRunId?: string; reason?: string }, customerId: string) => {
      this.log.recordDelivery({
        id: logId,
        subscriptionId: row.id,
        connectionId: row.connection_id,
        customerId,
        payload: incoming.raw,
        launchedFlowRunIds: outcome.flowRunId ? [outcome.flowRunId] : [],
        at: this.ctx.nowIso()
      })
      return { ...outcome, logId }
    }
    const runner = this.runner
    if (!runner) throw new EngineError({ type: 'configuration', message: 'Record triggers cannot start runs yet.' })
    const runtime = await runner.runtime(row.flow_instance_id)
    const owner = runtime?.customerId ?? ''
    if (!runtime || runtime.archived) return finish({ started: false, reason: 'The flow instance is archived.' }, owner)
    if (!runtime.enabled) return finish({ started: false, reason: 'The flow instance is disabled.' }, owner)
    const node = runtime.graph.nodes.get(row.node_key)
    if (!node || node.type !== `data-record-${event}-trigger`)
      return finish({ started: false, reason: `Node "${row.node_key}" no longer listens to ${event} events.` }, owner)
    const input = {
      event,
      collectionKey: row.collection_key,
      recordId: incoming.recordId,
      record: incoming.record ?? null,
      occurredAt: incoming.occurredAt ?? this.ctx.nowIso(),
      ...(eventId ? { eventId } : {})
    }
    const now = this.ctx.nowIso()
    const cursor: RecordTriggerCursor = {
      ...fromJsonColumn(row.cursor),
      lastEventId: eventId,
      lastRecordId: incoming.recordId,
      lastEventAt: input.occurredAt
    }
    this.repo.noteEvent(row.id, toJsonColumn(cursor), now)
    const customer = runner.customer(runtime.customerId)
    if (!(await recordEventPasses(node.prepared as PreparedRecordTrigger, input, customer)))
      return finish({ started: false, reason: `The filter of trigger "${node.key}" is false for this record.` }, owner)
    const run = runner.start(runtime, {
      startNodeKey: node.key,
      input,
      launchedBy: { type: 'data-source-trigger', ids: eventId ? [eventId] : [] }
    })
    return finish({ started: true, flowRunId: run.id }, owner)
  }

  /** Removes the app's webhook but keeps the subscription (status `unsubscribed`): deliveries stop starting runs. */
  async unsubscribe(id: string, customer: { id: string; internalId: string }): Promise<void> {
    const row = this.existing(id)
    if (row.status === 'subscribed') {
      try {
        await this.data.unsubscribe(actorOf(customer), row.connection_id, row.external_id)
      } catch (error) {
        this.ctx.logger.warn('could not remove a record-event webhook at the app', {
          subscriptionId: row.id,
          error: (error as Error).message
        })
      }
    }
    this.repo.update(row.id, { status: 'unsubscribed', error: null, updated_at: this.ctx.nowIso() })
  }

  /** Subscribes the app's webhook anew (new id and secret at the app, same callback here); `error` status when the app refuses. */
  async resubscribe(id: string, customer: { id: string; internalId: string }): Promise<void> {
    const row = this.existing(id)
    if (row.status === 'subscribed') {
      try {
        await this.data.unsubscribe(actorOf(customer), row.connection_id, row.external_id)
      } catch {
        // The old webhook may already be gone at the app; a new one replaces it either way.
      }
    }
    const url = callbackUrl(this.apiUrl(), row.id)
    try {
      const created = await this.data.subscribe(actorOf(customer), row.connection_id, {
        collection: row.collection_key,
        events: fromJsonColumn(row.events),
        callbackUrl: url
      })
      this.repo.update(row.id, {
        status: 'subscribed',
        error: null,
        external_id: created.id,
        secret_sealed: this.ctx.secrets.encrypt(created.secret),
        callback_url: url,
        updated_at: this.ctx.nowIso()
      })
    } catch (error) {
      this.repo.update(row.id, {
        status: 'error',
        error: toJsonColumn<ElementError>({
          type: 'connection',
          message: `Subscribing to ${row.collection_key} events failed: ${(error as Error).message}`,
          ...(error instanceof EngineError ? { data: { cause: error.toBody() } } : {})
        }),
        updated_at: this.ctx.nowIso()
      })
    }
  }

  /**
   * Asks the app for the records of the subscription's collection that changed since the cursor
   * (created or updated after it, as the trigger listens) and delivers each as an event, as a
   * webhook would. Deleted records cannot be pulled: only their webhook tells.
   */
  async pull(subscriptionId: string, customer: { id: string; internalId: string }): Promise<string> {
    const row = this.existing(subscriptionId)
    const id = newId(this.ctx.clock.now())
    const cursor = fromJsonColumn(row.cursor)
    // Changes up to the last delivered event came by webhook already (events arrive in order).
    const start = [cursor.since ?? row.created_at, cursor.lastPullAt, cursor.lastEventAt]
      .filter((t): t is string => typeof t === 'string')
      .sort()
      .pop()!
    const end = this.ctx.nowIso()
    this.log.startPull({
      id,
      subscriptionId: row.id,
      connectionId: row.connection_id,
      customerId: customer.id,
      start,
      end
    })
    const collected: string[] = []
    try {
      const events = fromJsonColumn(row.events)
      let pageCursor: string | undefined
      do {
        const page = await this.data.list(actorOf(customer), row.connection_id, row.collection_key, {
          ...(pageCursor ? { cursor: pageCursor } : {})
        })
        for (const record of page.records) {
          const created = record.createdTime ?? ''
          const updated = record.updatedTime ?? created
          let event: RecordEvent | undefined
          if (events.includes('created') && created > start && created <= end) event = 'created'
          else if (events.includes('updated') && updated > start && updated <= end && created <= start)
            event = 'updated'
          if (!event) continue
          const eventId = `pull:${record.id}:${event}:${event === 'created' ? created : updated}`
          const outcome = await this.deliver(this.repo.byId(row.id)!, {
            event,
            collection: row.collection_key,
            recordId: record.id,
            record: record.fields,
            occurredAt: event === 'created' ? created : updated,
            eventId,
            raw: { type: `${row.collection_key}.${event}`, recordId: record.id, record: record.fields, pulledBy: id }
          })
          if (outcome.logId) collected.push(outcome.logId)
        }
        pageCursor = page.cursor
      } while (pageCursor)
      const latest = fromJsonColumn(this.repo.byId(row.id)!.cursor)
      this.repo.update(row.id, { cursor: toJsonColumn({ ...latest, lastPullAt: end }), updated_at: end })
      this.log.finishPull(id, collected)
    } catch (error) {
      this.log.finishPull(id, collected, { type: 'connection', message: (error as Error).message })
    }
    return id
  }

  /** The row of a subscription the caller has just read (it must still be there). */
  private existing(id: string): RecordTriggerSubscriptionRow {
    const row = this.repo.byId(id)
    if (!row) throw notFound(`Record-event subscription ${id} does not exist (its flow instance was set up again).`)
    return row
  }

  private seen(subscriptionId: string, eventId: string): boolean {
    let list = this.recent.get(subscriptionId)
    if (!list) {
      list = []
      this.recent.set(subscriptionId, list)
    }
    if (list.includes(eventId)) return true
    list.push(eventId)
    if (list.length > RECENT_EVENTS) list.shift()
    return false
  }

  /** Deletes the webhook at the app (best effort: the app may be gone or the connection dead) and forgets the row. */
  private async remove(row: RecordTriggerSubscriptionRow, customer: { id: string; internalId: string }): Promise<void> {
    try {
      await this.data.unsubscribe(actorOf(customer), row.connection_id, row.external_id)
    } catch (error) {
      this.ctx.logger.warn('could not remove a record-event webhook at the app; it will answer 404 here', {
        subscriptionId: row.id,
        error: (error as Error).message
      })
    }
    this.repo.delete(row.id)
    this.recent.delete(row.id)
  }
}

function actorOf(customer: { id: string; internalId: string }): Actor {
  return { kind: 'customer', customer }
}

function callbackUrl(base: string, id: string): string {
  return `${base}${RECORD_EVENT_INGRESS_PATH}/${id}`
}

function sameEvents(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((e) => b.includes(e))
}

function toSetupDto(row: RecordTriggerSubscriptionRow): RecordTriggerSetupDto {
  return {
    nodeKey: row.node_key,
    collectionKey: row.collection_key,
    events: fromJsonColumn(row.events),
    subscriptionId: row.external_id,
    callbackUrl: row.callback_url,
    subscribedAt: row.created_at,
    cursor: fromJsonColumn(row.cursor),
    eventsReceived: row.events_received
  }
}

function toSubscription(row: RecordTriggerSubscriptionRow): RecordTriggerSubscription {
  return {
    seq: row.seq,
    id: row.id,
    flowInstanceId: row.flow_instance_id,
    nodeKey: row.node_key,
    connectionId: row.connection_id,
    collectionKey: row.collection_key,
    events: fromJsonColumn(row.events),
    callbackUrl: row.callback_url,
    status: row.status,
    error: fromJsonColumn(row.error, null),
    cursor: fromJsonColumn(row.cursor),
    eventsReceived: row.events_received,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}
