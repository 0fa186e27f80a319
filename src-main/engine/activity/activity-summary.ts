import { redact } from '../common/redacting-logger'

const SECRET_PARAM = /secret|token|password|passphrase|credential|api[-_]?key|authorization|cookie|private|signature/i
/** OAuth redirect parameters: short names that are credentials all the same, on OAuth paths. */
const OAUTH_SECRET = new Set(['code', 'state'])
const OAUTH_PATH = /oauth|callback|authorize|connect/i
const MAX_DETAIL_VALUE = 200
const MAX_DETAILS = 24

/**
 * A request target fit for the log: the path, plus query parameters whose names do not look
 * secret (`?token=` is how browsers pass tokens; on OAuth paths `code` and `state` are too).
 */
export function loggableTarget(url: string): { path: string; query: string } {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  if (q < 0) return { path, query: '' }
  const params = new URLSearchParams(url.slice(q + 1))
  const oauth = OAUTH_PATH.test(path)
  const kept: string[] = []
  for (const [name, value] of params) {
    const secret =
      SECRET_PARAM.test(name) || name.toLowerCase() === 'sig' || (oauth && OAUTH_SECRET.has(name.toLowerCase()))
    kept.push(`${name}=${secret ? '…' : value.length > 60 ? value.slice(0, 57) + '...' : value}`)
  }
  return { path, query: kept.join('&') }
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'string')
    return value.length > MAX_DETAIL_VALUE ? value.slice(0, MAX_DETAIL_VALUE - 3) + '...' : value
  if (typeof value !== 'object') return String(value)
  const text = JSON.stringify(value)
  return text.length > MAX_DETAIL_VALUE ? text.slice(0, MAX_DETAIL_VALUE - 3) + '...' : text
}

/** Flattens a payload (secret-looking keys redacted) into at most 24 `a.b.c → value` rows. */
export function flatDetails(payload: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  let count = 0 // not Object.keys(out).length on every step: this runs for every logged event
  const walk = (value: unknown, path: string, depth: number): void => {
    if (count >= MAX_DETAILS) return
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key, depth + 1)
      return
    }
    if (path) {
      if (!(path in out)) count++
      out[path] = describeValue(value)
    }
  }
  walk(redact(payload), '', 0)
  return out
}

function labelOf(thing: Record<string, unknown>): string | undefined {
  const name = typeof thing.name === 'string' ? thing.name : undefined
  const key = [thing.internalId, thing.key, thing.id].find((v) => typeof v === 'string') as string | undefined
  if (name && key && key !== name) return `“${name}” (${key})`
  return name ? `“${name}”` : key
}

/**
 * One readable line for an engine event: the thing it is about (the payload object named like
 * the event's noun, or the first object with a name or id) and how the change arrived.
 */
export function summarizeEvent(name: string, payload: unknown): { summary: string; actor?: string } {
  if (payload === null || typeof payload !== 'object') return { summary: name }
  const p = payload as Record<string, unknown>
  const noun = name.split('.')[0]
  const candidates = [p[noun], ...Object.values(p)].filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
  )
  let label: string | undefined
  for (const c of candidates) {
    label = labelOf(c)
    if (label) break
  }
  const nounTitle = noun.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
  const verb = name
    .split('.')
    .slice(1)
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
  const summary = label ? `${nounTitle} ${label} ${verb}` : `${nounTitle} ${verb}`
  const actor = typeof p.source === 'string' ? p.source : undefined
  return { summary: summary.trim(), actor }
}
