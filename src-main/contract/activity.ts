/** What an activity entry records: a call to the local API, an engine event, or a webhook delivery. */
export type ActivityKind = 'api' | 'event' | 'webhook'

/** What an entry touched, for links and filters (ids, as the console's pages take them). */
export interface ActivityLinks {
  customerId?: string
  connectionId?: string
  flowRunId?: string
}

/** One line of the activity log. Never carries tokens or secrets (they are redacted before storing). */
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
  /** The customer, connection and run the entry is about, when known. */
  links?: ActivityLinks
}

/** One side of an API call as the log keeps it: headers and body with secrets redacted. */
export interface ActivityMessage {
  headers: Record<string, string>
  /** The parsed JSON body (secrets redacted), or the text of a non-JSON body. */
  body?: unknown
  /** Why the body is not (all) there: too large, binary, a stream. */
  bodyNote?: string
}

/** The whole request and answer of an API call. */
export interface ActivityExchange {
  request: ActivityMessage & { method: string; url: string }
  response: ActivityMessage & { status: number }
}

/** An entry opened: the line plus, for API calls, the whole request and answer. */
export interface ActivityEntryDetail extends ActivityEntry {
  exchange?: ActivityExchange
}

/** Query of the activity log: newest first, or only what came after `afterSeq` (live tail). */
export interface ActivityQuery {
  kind?: ActivityKind
  /** Case-insensitive text match on title, summary, actor and error. */
  search?: string
  /** Only entries about this customer, connection or run. */
  customerId?: string
  connectionId?: string
  flowRunId?: string
  /** Only failed calls and deliveries (status 400 or more, or an error). */
  failedOnly?: boolean
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
  /** How many entries the log holds now, and at most (the retention limit). */
  size: number
  capacity: number
}
