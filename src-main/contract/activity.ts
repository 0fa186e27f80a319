/** What an activity entry records: a call to the local API, an engine event, or a webhook delivery. */
export type ActivityKind = 'api' | 'event' | 'webhook'

/** One line of the activity log. Never carries tokens, secrets or request bodies. */
export interface ActivityEntry {
  /** Increases by one per entry for the life of the process; the log's cursor. */
  seq: number
  at: string
  kind: ActivityKind
  /** `GET /customers` for calls, the event name (`customer.created`) for events, the event type for webhooks. */
  title: string
  /** One readable line: the customer an event is about, the query a call carried, a webhook's target. */
  summary: string
  /** Who acted: `admin`, `customer <internalId>`, `console`, `token`, `engine`, or `anonymous`. */
  actor?: string
  /** HTTP status of a call or of a webhook attempt. */
  status?: number
  durationMs?: number
  /** Why a call failed, as the API told the caller. */
  error?: string
  /** Flat details (secret-looking keys redacted), shown as a table. */
  details?: Record<string, string>
}

/** Query of the activity log: newest first, or only what came after `afterSeq` (live tail). */
export interface ActivityQuery {
  kind?: ActivityKind
  /** Case-insensitive text match on title, summary, actor and error. */
  search?: string
  /** Only entries newer than this seq (for polling). */
  afterSeq?: number
  /** Only entries older than this seq (for paging back). */
  beforeSeq?: number
  limit?: number
}

/** A page of the activity log, newest first. */
export interface ActivityPage {
  items: ActivityEntry[]
  /** The newest seq in the whole log (0 when empty), so a poller knows where to continue. */
  latestSeq: number
  /** How many entries the log holds now, and at most. */
  size: number
  capacity: number
}
