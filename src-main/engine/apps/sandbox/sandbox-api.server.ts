import type { SandboxAppKey, SandboxSettings } from '../../../contract/sandbox'
import { SANDBOX_APPS } from './sandbox-app.definitions'
import { SandboxApiError } from './sandbox-api.error'
import type { SandboxRateLimiter } from './sandbox-rate-limiter'
import type { SandboxRecordStore } from './sandbox-records.store'
import type { SandboxAccountRow } from './sandbox.repository'

/** A request to a sandbox app's REST API; `path` is what follows `/sandbox/<app>/api`. */
export interface SandboxHttpRequest {
  method: string
  path: string
  query: Record<string, string | string[] | undefined>
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

/** The app's answer. */
export interface SandboxHttpResponse {
  status: number
  headers: Record<string, string>
  body?: unknown
}

/** What the API server needs from the rest of the sandbox. */
export interface SandboxApiDeps {
  records: SandboxRecordStore
  limiter: SandboxRateLimiter
  settings(app: SandboxAppKey): SandboxSettings
  authenticate(app: SandboxAppKey, headers: SandboxHttpRequest['headers']): SandboxAccountRow
  webhooks: {
    list(account: SandboxAccountRow): unknown[]
    create(account: SandboxAccountRow, input: unknown): unknown
    delete(account: SandboxAccountRow, id: string): void
  }
  onRequest(app: SandboxAppKey, outcome: 'ok' | 'rate-limited'): void
}

const PAGING_PARAMS = new Set(['limit', 'cursor', 'updatedSince', 'q'])

/**
 * The REST API of a sandbox app, as a SaaS app would serve it: authenticate, count against the
 * account's rate limit (429 with Retry-After), then route to records, schemas and webhooks.
 * Errors use the app's own body shape, `{error, message, details}`.
 */
export class SandboxApiServer {
  constructor(private readonly deps: SandboxApiDeps) {}

  /** Answers one request. */
  handle(app: SandboxAppKey, request: SandboxHttpRequest): SandboxHttpResponse {
    let rateHeaders: Record<string, string> = {}
    try {
      const account = this.deps.authenticate(app, request.headers)
      const limit = this.deps.settings(app).rateLimit
      const decision = this.deps.limiter.take(`${app}:${account.id}`, limit)
      if (!decision.allowed) {
        this.deps.onRequest(app, 'rate-limited')
        throw new SandboxApiError(
          429,
          'rate_limited',
          `Rate limit of ${limit.requests} requests per ${limit.windowSeconds} s exceeded; retry after ${decision.retryAfterSeconds} s.`,
          undefined,
          {
            'retry-after': String(decision.retryAfterSeconds),
            'x-ratelimit-limit': String(limit.requests),
            'x-ratelimit-remaining': '0'
          }
        )
      }
      this.deps.onRequest(app, 'ok')
      rateHeaders = {
        'x-ratelimit-limit': String(limit.requests),
        'x-ratelimit-remaining': String(decision.remaining),
        'x-ratelimit-reset': String(decision.resetSeconds)
      }
      const response = this.route(app, account, request)
      return { ...response, headers: { ...rateHeaders, ...response.headers } }
    } catch (error) {
      if (error instanceof SandboxApiError) {
        return { status: error.status, headers: { ...rateHeaders, ...error.headers }, body: error.toBody() }
      }
      throw error
    }
  }

  private route(app: SandboxAppKey, account: SandboxAccountRow, request: SandboxHttpRequest): SandboxHttpResponse {
    const { records } = this.deps
    const method = request.method.toUpperCase()
    const parts = request.path.split('/').filter(Boolean).map(decodeURIComponent)
    const ok = (body: unknown, status = 200): SandboxHttpResponse => ({ status, headers: {}, body })
    const allow = (...methods: string[]) => {
      if (!methods.includes(method))
        throw new SandboxApiError(
          405,
          'method_not_allowed',
          `${method} is not allowed on /${parts.join('/')}; use ${methods.join(' or ')}.`,
          undefined,
          { allow: methods.join(', ') }
        )
    }
    const [first, second, third] = parts
    if (!first) {
      const names = SANDBOX_APPS[app].collections.map((c) => `/${c.key}`).join(', ')
      throw new SandboxApiError(404, 'not_found', `Pick a resource: /me, /schema/{collection}, /webhooks, ${names}.`)
    }
    if (first === 'me' && parts.length === 1) {
      allow('GET')
      return ok({ account: { id: account.id, name: account.name }, app: { key: app, name: SANDBOX_APPS[app].name } })
    }
    if (first === 'schema' && second && parts.length <= 3) {
      if (!third) {
        allow('GET')
        return ok(records.schema(account, second))
      }
      if (third === 'fields') {
        allow('POST')
        return ok(records.addCustomField(account, second, request.body), 201)
      }
    }
    if (first === 'webhooks') {
      if (parts.length === 1) {
        allow('GET', 'POST')
        return method === 'GET'
          ? ok({ data: this.deps.webhooks.list(account) })
          : ok(this.deps.webhooks.create(account, request.body), 201)
      }
      if (parts.length === 2) {
        allow('DELETE')
        this.deps.webhooks.delete(account, second)
        return { status: 204, headers: {} }
      }
    }
    if (parts.length === 1) {
      allow('GET', 'POST')
      if (method === 'POST') return ok(records.create(account, first, request.body), 201)
      return ok(records.list(account, first, this.listOptions(request.query)))
    }
    if (parts.length === 2 && second === 'search') {
      allow('GET')
      const q = single(request.query.q)
      if (!q) throw new SandboxApiError(400, 'invalid_query', 'Search needs ?q=<text>.')
      return ok(records.list(account, first, { ...this.listOptions(request.query), text: q }))
    }
    if (parts.length === 2) {
      allow('GET', 'PATCH', 'PUT', 'DELETE')
      if (method === 'GET') return ok(records.get(account, first, second))
      if (method === 'DELETE') {
        records.delete(account, first, second)
        return { status: 204, headers: {} }
      }
      return ok(records.update(account, first, second, request.body))
    }
    throw new SandboxApiError(404, 'not_found', `No resource /${parts.join('/')} in ${SANDBOX_APPS[app].name}.`)
  }

  private listOptions(query: SandboxHttpRequest['query']) {
    const limitText = single(query.limit)
    const limit = limitText === undefined ? undefined : Number(limitText)
    if (limit !== undefined && !Number.isInteger(limit))
      throw new SandboxApiError(400, 'invalid_limit', `limit must be an integer, got "${limitText}".`)
    const equals: Record<string, string> = {}
    for (const [k, v] of Object.entries(query)) {
      const value = single(v)
      if (!PAGING_PARAMS.has(k) && value !== undefined) equals[k] = value
    }
    return { limit, cursor: single(query.cursor), updatedSince: single(query.updatedSince), equals }
  }
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return v === undefined || v === '' ? undefined : v
}
