import type { ActivityExchange, ActivityLinks, ActivityMessage } from '../../contract/activity'
import { isSecretKey, redact } from '../common/redacting-logger'
import { loggableTarget } from './activity-summary'

/** Largest body text the log keeps per side of a call; longer bodies are cut with a note. */
export const MAX_BODY_CHARS = 32 * 1024
const SECRET_HEADER = /authorization|cookie|secret|token|api[-_]?key|signature|password|credential/i
const JWT = /^[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}$/
const REDACTED = '[redacted]'

/** One side of a call as the HTTP adapter hands it over: nothing parsed or copied yet (that happens off the request path). */
export interface RawMessage {
  headers: Record<string, unknown>
  /** A parsed body (the request's) or the raw payload (the answer's: string, Buffer, or anything else). */
  body?: unknown
}

/** Headers fit for the log: one string per name, credentials replaced. */
function cleanHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name] = SECRET_HEADER.test(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}

/**
 * Secret-looking keys (as the logger redacts them) and any string that is a JWT, replaced.
 * Copy on write: parsed JSON with nothing to redact (most answers) comes back as the same
 * value, with no copy made, so the log can tell that nothing changed.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return JWT.test(value) ? REDACTED : value
  if (depth > 8 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const v = redactDeep(value[i], depth + 1)
      if (v !== value[i]) (copy ??= value.slice())[i] = v
    }
    return copy ?? value
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    // not plain data (a Buffer, a Date...): copied key by key as the logger's redact() does
    const shallow = redact(value, 6) as Record<string, unknown> // at its depth limit: this level's keys only
    for (const k of Object.keys(shallow)) shallow[k] = redactDeep(shallow[k], depth + 1)
    return shallow
  }
  const record = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const k of Object.keys(record)) {
    const v = isSecretKey(k) ? REDACTED : redactDeep(record[k], depth + 1)
    if (v !== record[k]) (copy ??= { ...record })[k] = v
  }
  return copy ?? value
}

function bodyOf(raw: unknown, contentType: string): Pick<ActivityMessage, 'body' | 'bodyNote'> {
  if (raw === undefined || raw === null || raw === '') return {}
  let text: string
  if (typeof raw === 'string') text = raw
  else if (Buffer.isBuffer(raw)) {
    if (!/json|text|xml|form/i.test(contentType))
      return { bodyNote: `${raw.length} bytes of ${contentType || 'binary data'}` }
    text = raw.toString('utf8')
  } else if (typeof raw === 'object' && typeof (raw as { pipe?: unknown }).pipe === 'function') {
    return { bodyNote: 'A streamed body (not kept)' }
  } else {
    // already parsed (a request body)
    const body = redactDeep(raw)
    const json = JSON.stringify(body) ?? ''
    if (json.length > MAX_BODY_CHARS)
      return { body: json.slice(0, MAX_BODY_CHARS), bodyNote: `Cut to ${MAX_BODY_CHARS} of ${json.length} characters` }
    return { body }
  }
  if (/json/i.test(contentType) || /^\s*[{[]/.test(text)) {
    try {
      if (text.length <= MAX_BODY_CHARS * 4) {
        const original: unknown = JSON.parse(text)
        const parsed = redactDeep(original)
        // nothing redacted: the text's own length says whether it fits (no second stringify)
        if (parsed === original && text.length <= MAX_BODY_CHARS) return { body: parsed }
        const json = JSON.stringify(parsed)
        if (json.length <= MAX_BODY_CHARS) return { body: parsed }
        return {
          body: json.slice(0, MAX_BODY_CHARS),
          bodyNote: `Cut to ${MAX_BODY_CHARS} of ${json.length} characters`
        }
      }
    } catch {
      // not JSON after all: kept as text below
    }
  }
  if (/form-urlencoded/i.test(contentType)) {
    const params = new URLSearchParams(text)
    return { body: redactDeep(Object.fromEntries(params)) }
  }
  const cut = text.length > MAX_BODY_CHARS
  return {
    body: cut ? text.slice(0, MAX_BODY_CHARS) : text,
    ...(cut ? { bodyNote: `Cut to ${MAX_BODY_CHARS} of ${text.length} characters` } : {})
  }
}

/** The request and answer of a call, redacted, ready to store. */
export function buildExchange(
  method: string,
  url: string,
  status: number,
  request: RawMessage,
  response: RawMessage
): ActivityExchange {
  const { path, query } = loggableTarget(url)
  const requestHeaders = cleanHeaders(request.headers)
  const responseHeaders = cleanHeaders(response.headers)
  return {
    request: {
      method,
      url: query ? `${path}?${query}` : path,
      headers: requestHeaders,
      ...bodyOf(request.body, requestHeaders['content-type'] ?? '')
    },
    response: { status, headers: responseHeaders, ...bodyOf(response.body, responseHeaders['content-type'] ?? '') }
  }
}

const NOUN_LINKS: [RegExp, keyof ActivityLinks][] = [
  [/^\/customers?\//, 'customerId'],
  [/^\/connections\//, 'connectionId'],
  [/^\/flow-runs\//, 'flowRunId']
]

function idsIn(value: unknown, links: ActivityLinks): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return
  const v = value as Record<string, unknown>
  const take = (key: keyof ActivityLinks, id: unknown) => {
    if (!links[key] && typeof id === 'string' && id) links[key] = id
  }
  take('customerId', v.customerId)
  take('customerId', v.userId) // Membrane's name for the customer on connections and runs
  take('connectionId', v.connectionId)
  take('flowRunId', v.flowRunId)
  for (const [noun, key] of [
    ['customer', 'customerId'],
    ['connection', 'connectionId'],
    ['flowRun', 'flowRunId']
  ] as const) {
    const inner = v[noun]
    if (inner && typeof inner === 'object') take(key, (inner as Record<string, unknown>).id)
  }
}

/** What an API call touched: the thing its path names (id from the answer), ids the answer carries, the customer who called. */
export function linksOfCall(exchange: ActivityExchange, callerCustomerId?: string): ActivityLinks {
  const links: ActivityLinks = {}
  const path = exchange.request.url.split('?')[0]
  const body = exchange.response.body
  if (exchange.response.status < 400 && body && typeof body === 'object' && !Array.isArray(body)) {
    const id = (body as Record<string, unknown>).id
    if (typeof id === 'string' && path.split('/').length <= 3) {
      const slashed = path + '/'
      for (const [pattern, key] of NOUN_LINKS) if (pattern.test(slashed)) links[key] = id
    }
    idsIn(body, links)
  }
  if (callerCustomerId && !links.customerId) links.customerId = callerCustomerId
  return links
}

/** What an engine event is about: `customer`, `connection`, `flowRun` objects and `…Id` fields of the payload. */
export function linksOfEvent(name: string, payload: unknown): ActivityLinks {
  const links: ActivityLinks = {}
  if (!payload || typeof payload !== 'object') return links
  const p = payload as Record<string, unknown>
  const noun = name.split('.')[0]
  const own = p[noun]
  if (own && typeof own === 'object') {
    const id = (own as Record<string, unknown>).id
    if (typeof id === 'string') {
      if (noun === 'customer') links.customerId = id
      if (noun === 'connection') links.connectionId = id
      if (noun === 'flowRun') links.flowRunId = id
    }
  }
  idsIn(p, links)
  for (const inner of Object.values(p)) idsIn(inner, links)
  return links
}
