import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody } from '../contract/errors'

/**
 * Route `config` of the HTML pages the engine serves (sandbox home and settings, consent, connect
 * steps): no CORS, and no other web page may fetch them (`Origin` own or absent). Navigations from
 * anywhere still work: OAuth and the connect flow arrive by cross-site redirects.
 */
export const PAGE_VIEW = { page: 'view', cors: false } as const

/**
 * Route `config` of the form posts the engine's own pages submit (consent, API keys, connect
 * steps): they change local state without a token, so only this origin's pages may send them.
 */
export const PAGE_FORM = { page: 'form', cors: false } as const

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by {@link PAGE_VIEW} / {@link PAGE_FORM}. */
    page?: 'view' | 'form'
    /** @fastify/cors reads it: `false` switches CORS off for the route. */
    cors?: boolean
  }
}

/**
 * Where a request is addressed and where it comes from, for every route the engine serves. One
 * guard for the REST API, the console and the HTML pages, so the rules cannot drift apart.
 */
export interface RequestPlaceGuard {
  /** The `Host` values this server answers: the loopback names with its port. */
  hosts(): string[]
  /**
   * `Host` must be 127.0.0.1, localhost or [::1] with the server's port. A browser tricked by DNS
   * rebinding sends the attacker's name, so this keeps foreign pages from reading any answer.
   */
  checkHost(request: FastifyRequest, what: string): ErrorBody | undefined
  /**
   * `Origin` must be the server's own or absent (not a browser page), and (unless `navigation`) the
   * request must not be cross-site: no other web page may make the browser act here. `Origin: null` passes only when the
   * browser itself vouches that the page is this origin (`Sec-Fetch-Site: same-origin`), which is what
   * it sends for form posts from pages served with `Referrer-Policy: no-referrer`.
   */
  checkOrigin(request: FastifyRequest, what: string, navigation?: boolean): ErrorBody | undefined
}

function denied(message: string): ErrorBody {
  return { type: 'bad_request', key: 'access_denied', message }
}

/** The guard for a server listening on `port()` (known once it listens). */
export function createRequestPlaceGuard(port: () => number): RequestPlaceGuard {
  // every request is checked: the list is built once per port (the port is known once listening)
  let cachedPort: number | undefined
  let cached: string[] = []
  const hosts = () => {
    const p = port()
    if (p !== cachedPort) {
      cachedPort = p
      cached = [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`]
    }
    return cached
  }
  return {
    hosts,
    checkHost(request, what) {
      const allowed = hosts()
      const host = (request.headers.host ?? '').toLowerCase()
      if (allowed.includes(host)) return undefined
      return denied(
        `${what} answers only requests addressed to ${allowed.join(', ')}, not "${host || '(no Host header)'}". Use http://${allowed[0]}/.`
      )
    },
    checkOrigin(request, what, navigation = false) {
      const allowed = hosts()
      const origin = request.headers.origin?.toLowerCase()
      const site = request.headers['sec-fetch-site']
      const ownOrigin = origin !== undefined && allowed.some((h) => origin === `http://${h}`)
      const vouchedNull = origin === 'null' && site === 'same-origin'
      if (origin !== undefined && !ownOrigin && !vouchedNull) {
        return denied(
          `${what} refuses requests from other web pages (Origin "${request.headers.origin}"). Only pages served at http://${allowed[0]} may send them.`
        )
      }
      if (!navigation && site !== undefined && site !== 'same-origin' && site !== 'none') {
        return denied(`${what} refuses ${site} requests; open it at http://${allowed[0]}/ and submit it from there.`)
      }
      return undefined
    }
  }
}

function refuse(reply: FastifyReply, body: ErrorBody): FastifyReply {
  return reply.status(403).header('cache-control', 'no-store').send(body)
}

/**
 * Applies the guard to every request of `app`: the Host check everywhere (REST API, pages,
 * webhooks, console), the Origin check on the pages ({@link PAGE_VIEW}, {@link PAGE_FORM}). Registered before
 * CORS, so a preflight to a forged Host is refused too.
 */
export function registerRequestPlaceGuard(app: FastifyInstance, guard: RequestPlaceGuard): void {
  // callback style, not async: a promise and its microtask hop on every request for a sync check
  app.addHook('onRequest', (request, reply, done) => {
    const host = guard.checkHost(request, 'The Workbench')
    if (host) return void refuse(reply, host)
    const page = request.routeOptions.config?.page
    if (page) {
      const origin = guard.checkOrigin(request, 'This page', page === 'view')
      if (origin) return void refuse(reply, origin)
    }
    done()
  })
}
