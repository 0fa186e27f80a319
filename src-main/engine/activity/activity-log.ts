import type {
  ActivityEntry,
  ActivityEntryDetail,
  ActivityExchange,
  ActivityKind,
  ActivityLinks,
  ActivityPage,
  ActivityQuery
} from '../../contract/activity'
import type { Statement } from 'better-sqlite3'
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Database } from '../db/database'
import type { ActivityEntryTable } from './activity.table'
import type { EventBus } from '../events/event-bus'
import { notFound } from '../common/engine-error'
import { fromJsonColumn, toJsonColumn } from '../common/json-column'
import type { LoggerPort } from '../ports'
import type { WebhookDelivery } from '../webhooks/webhook.dispatcher'
import { buildExchange, linksOfCall, linksOfEvent, type RawMessage } from './activity-exchange'
import { flatDetails, loggableTarget, summarizeEvent } from './activity-summary'

/** How many entries the log keeps by default (its retention limit): the oldest go first. */
export const ACTIVITY_CAPACITY = 10_000
/** Entries written per transaction: small enough that a flush never holds the event loop for long. */
export const ACTIVITY_BATCH = 100
/**
 * How long a recorded entry may wait to be written. A commit costs far more than a row (on a
 * busy API it was one commit per one to three calls when the log wrote on every event-loop
 * turn), so the queue is written at most this often, or at once when a batch is full.
 */
export const ACTIVITY_FLUSH_MS = 50
const LIST_LIMIT_MAX = 500

/** One finished call to the local API, as the HTTP adapter reports it (raw: parsed and redacted off the request path). */
export interface ApiCallRecord {
  method: string
  /** The request URL (path and query); secret-looking query values are dropped before storing. */
  url: string
  status: number
  durationMs: number
  /** `admin`, `customer <internalId>` or `anonymous`. */
  actor: string
  /** The id of the customer the caller acted as, for the entry's link. */
  customerId?: string
  /** The error message the caller received, if any. */
  error?: string
  /** The request's headers and parsed body, and the answer's headers and payload, as they were. */
  request?: RawMessage
  response?: RawMessage
}

/** Options of {@link ActivityLog}. */
export interface ActivityLogOptions {
  /** The retention limit (default {@link ACTIVITY_CAPACITY}). */
  capacity?: number
  logger?: LoggerPort
}

/** An entry waiting to be written, with the raw parts that are turned into stored text only at write time. */
interface Pending {
  entry: ActivityEntry
  payload?: { event: string; value: unknown }
  call?: ApiCallRecord
}

/**
 * API calls, engine events and webhook deliveries, newest last, kept in the database up to a
 * retention limit. Recording only queues the entry: the queue is written in small transactions
 * at most {@link ACTIVITY_FLUSH_MS} later (redaction, JSON and the insert happen there), so the
 * API's answers never wait for the log and many entries share one commit. Reads write the queue first, so they see everything recorded.
 * Tokens and secrets are redacted before anything is stored.
 */
export class ActivityLog {
  readonly capacity: number
  private seq: number
  private queue: Pending[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private immediate: ReturnType<typeof setImmediate> | undefined
  private closed = false
  private readonly listeners = new Set<(entry: ActivityEntry) => void>()

  constructor(
    private readonly db: Database,
    private readonly nowIso: () => string,
    options: ActivityLogOptions = {}
  ) {
    this.capacity = Math.max(1, options.capacity ?? ACTIVITY_CAPACITY)
    this.logger = options.logger
    const last = db.first(db.q.selectFrom('activity_entries').select((eb) => eb.fn.max('seq').as('seq')))
    this.seq = Number(last?.seq ?? 0)
    // every entry is one insert: prepared once, not built and compiled by kysely per row
    this.insert = db.sqlite.prepare(
      `INSERT INTO activity_entries (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map((c) => '@' + c).join(', ')})`
    )
    this.trim = db.sqlite.prepare('DELETE FROM activity_entries WHERE seq <= ?')
  }

  private readonly logger: LoggerPort | undefined
  private readonly insert: Statement<[Insertable<ActivityEntryTable>]>
  private readonly trim: Statement<[number]>

  /** Records every event of `events` from now on; returns the unsubscribe function. */
  followEvents(events: EventBus): () => void {
    return events.onAny((name, payload) => {
      // A run's queued and started steps are its start, not news: the log shows how runs end.
      if (name === 'flowRun.queued' || name === 'flowRun.started') return
      const { summary, actor } = summarizeEvent(name, payload)
      this.add(
        { kind: 'event', title: name, summary, actor: actor ?? 'engine' },
        { payload: { event: name, value: payload } }
      )
    })
  }

  /** Records one webhook delivery attempt. */
  recordWebhook(delivery: WebhookDelivery): void {
    const entry: Omit<ActivityEntry, 'seq' | 'at'> = {
      kind: 'webhook',
      title: delivery.eventType,
      summary: `${delivery.delivered ? 'Delivered' : 'Failed'} to ${loggableTarget(delivery.uri).path} (attempt ${delivery.attempt})`,
      actor: 'engine'
    }
    if (delivery.status !== undefined) entry.status = delivery.status
    if (delivery.error) entry.error = delivery.error
    this.add(entry)
  }

  /** Records one call to the local API. */
  recordApiCall(call: ApiCallRecord): void {
    const { path, query } = loggableTarget(call.url)
    const entry: Omit<ActivityEntry, 'seq' | 'at'> = {
      kind: 'api',
      title: `${call.method} ${path}`,
      summary: query ? `?${query}` : '',
      actor: call.actor,
      status: call.status,
      durationMs: Math.round(call.durationMs * 10) / 10
    }
    if (call.error) entry.error = call.error
    this.add(entry, { call })
  }

  /** Newest first; `afterSeq` for a live tail, `beforeSeq` to page back; filters by kind, text, what it touched. */
  list(query: ActivityQuery = {}): ActivityPage {
    this.flush()
    const limit = Math.min(Math.max(1, query.limit ?? 200), LIST_LIMIT_MAX)
    let q = this.db.q.selectFrom('activity_entries').selectAll()
    if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq)
    if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq)
    if (query.kind) q = q.where('kind', '=', query.kind)
    if (query.customerId) q = q.where('customer_id', '=', query.customerId)
    if (query.connectionId) q = q.where('connection_id', '=', query.connectionId)
    if (query.flowRunId) q = q.where('flow_run_id', '=', query.flowRunId)
    if (query.failedOnly) q = q.where((eb) => eb.or([eb('status', '>=', 400), eb('error', 'is not', null)]))
    const search = query.search?.trim().toLowerCase()
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      q = q.where((eb) =>
        eb.or(
          (['title', 'summary', 'actor', 'error', 'customer_id', 'connection_id', 'flow_run_id'] as const).map(
            // SQLite's LIKE has no default escape character: name one, so % and _ in the search match themselves
            (column) => sql<boolean>`lower(${eb.ref(column)}) LIKE ${pattern} ESCAPE '\\'`
          )
        )
      )
    }
    const rows = this.db.all(q.orderBy('seq', 'desc').limit(limit))
    const size = Number(
      this.db.first(this.db.q.selectFrom('activity_entries').select((eb) => eb.fn.countAll().as('n')))?.n ?? 0
    )
    return { items: rows.map(toEntry), latestSeq: this.seq, size, capacity: this.capacity }
  }

  /** One entry with, for API calls, the whole request and answer (redacted). */
  get(seq: number): ActivityEntryDetail {
    this.flush()
    const row = this.db.first(this.db.q.selectFrom('activity_entries').selectAll().where('seq', '=', seq))
    if (!row)
      throw notFound(
        `Activity entry ${seq} is not in the log: it is older than the latest ${this.capacity} entries, or the log was cleared.`
      )
    const entry: ActivityEntryDetail = toEntry(row)
    if (row.exchange) entry.exchange = fromJsonColumn(row.exchange)
    return entry
  }

  /** Empties the log (the sequence keeps counting, so pollers never see a seq twice). */
  clear(): number {
    this.flush()
    return this.db.run(this.db.q.deleteFrom('activity_entries')).changes
  }

  /** Called with each new entry (after it is written). */
  onEntry(listener: (entry: ActivityEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Writes what is queued, in transactions of {@link ACTIVITY_BATCH} entries, then trims past the retention limit. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.immediate) {
      clearImmediate(this.immediate)
      this.immediate = undefined
    }
    while (this.queue.length) {
      const batch = this.queue.splice(0, ACTIVITY_BATCH)
      const rows = batch.map(toRow)
      try {
        this.db.transaction(() => {
          for (const row of rows) this.insert.run(row)
          this.trim.run(this.seq - this.capacity)
        })
      } catch (error) {
        // the log must never break what it records: drop the batch, say so once per batch
        this.logger?.warn('activity entries could not be stored', { error: String(error), count: rows.length })
        continue
      }
      if (this.listeners.size) {
        for (const { entry } of batch)
          for (const listener of this.listeners) {
            try {
              listener(entry)
            } catch {
              // a failing observer must not stop the log
            }
          }
      }
    }
  }

  /** Writes the queue and stops queueing (the engine closes the database next). */
  close(): void {
    this.flush()
    this.closed = true
  }

  private add(fields: Omit<ActivityEntry, 'seq' | 'at'>, raw: Omit<Pending, 'entry'> = {}): void {
    if (this.closed) return
    const entry = fields as ActivityEntry
    entry.seq = ++this.seq
    entry.at = this.nowIso()
    this.queue.push({ entry, ...raw })
    // always after the answer that caused this entry has been sent; a full batch on the next
    // turn, otherwise within ACTIVITY_FLUSH_MS, so one commit carries many entries
    if (this.queue.length >= ACTIVITY_BATCH) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined
        this.flush()
      })
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.flush()
      }, ACTIVITY_FLUSH_MS)
      // close() writes what is left: a pending write must not keep the process alive
      this.timer.unref()
    }
  }
}

const ROW_COLUMNS: readonly (keyof ActivityEntryTable)[] = [
  'seq',
  'at',
  'kind',
  'title',
  'summary',
  'actor',
  'status',
  'duration_ms',
  'error',
  'details',
  'exchange',
  'customer_id',
  'connection_id',
  'flow_run_id'
]

function toRow(pending: Pending): Insertable<ActivityEntryTable> {
  const { entry, payload, call } = pending
  let exchange: ActivityExchange | undefined
  let links: ActivityLinks = {}
  if (payload) {
    entry.details = flatDetails(payload.value)
    links = linksOfEvent(payload.event, payload.value)
  }
  if (call) {
    exchange = buildExchange(
      call.method,
      call.url,
      call.status,
      call.request ?? { headers: {} },
      call.response ?? { headers: {} }
    )
    links = linksOfCall(exchange, call.customerId)
  }
  if (Object.keys(links).length) entry.links = links
  return {
    seq: entry.seq,
    at: entry.at,
    kind: entry.kind,
    title: entry.title,
    summary: entry.summary,
    actor: entry.actor ?? null,
    status: entry.status ?? null,
    duration_ms: entry.durationMs ?? null,
    error: entry.error ?? null,
    details: entry.details && Object.keys(entry.details).length ? toJsonColumn(entry.details) : null,
    exchange: exchange ? toJsonColumn(exchange) : null,
    customer_id: links.customerId ?? null,
    connection_id: links.connectionId ?? null,
    flow_run_id: links.flowRunId ?? null
  }
}

function toEntry(row: Selectable<ActivityEntryTable>): ActivityEntry {
  const entry: ActivityEntry = {
    seq: row.seq,
    at: row.at,
    kind: row.kind as ActivityKind,
    title: row.title,
    summary: row.summary
  }
  if (row.actor !== null) entry.actor = row.actor
  if (row.status !== null) entry.status = row.status
  if (row.duration_ms !== null) entry.durationMs = row.duration_ms
  if (row.error !== null) entry.error = row.error
  if (row.details) entry.details = fromJsonColumn(row.details)
  const links: ActivityLinks = {}
  if (row.customer_id) links.customerId = row.customer_id
  if (row.connection_id) links.connectionId = row.connection_id
  if (row.flow_run_id) links.flowRunId = row.flow_run_id
  if (Object.keys(links).length) entry.links = links
  return entry
}
