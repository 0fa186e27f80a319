import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CONSOLE_API_PREFIX, CONSOLE_PAGE_PREFIX } from '../contract/console-api'
import type { Actor, Engine } from '../engine'
import { sentMethod } from './head-requests'
import { actorIfRead } from './http-context'

const ERROR_MESSAGE = Symbol('errorMessage')
const PAYLOAD = Symbol('payload')
type WithError = FastifyRequest & { [ERROR_MESSAGE]?: string; [PAYLOAD]?: unknown }

/**
 * Not "API activity": the console's own traffic (page, assets, its API), the sandbox apps' APIs
 * and OAuth pages (the engine calls them on every connection call; they keep their own stats),
 * and the record-event ingress the sandbox apps post to (the runs it starts are logged).
 */
function isUnlogged(url: string): boolean {
  return (
    url.startsWith(CONSOLE_API_PREFIX) ||
    url.startsWith(CONSOLE_PAGE_PREFIX) ||
    url.startsWith('/sandbox/') ||
    url.startsWith('/webhooks/record-events/') ||
    url === '/' ||
    url === '/console' ||
    url === '/favicon.ico'
  )
}

function describeActor(actor: Actor): string {
  if (actor.kind === 'customer') return `customer ${actor.customer.internalId}`
  return actor.customer ? `admin as ${actor.customer.internalId}` : 'admin'
}

/**
 * Records every finished call to the local API in the engine's activity log: method, path
 * (secret-looking query values dropped), status, time, who called, the error message the caller
 * got, and the request and answer as they were (the log redacts tokens and secrets when it
 * writes them). Callback-style hooks that only keep references, and no work before the response
 * is out, keep this off the request's critical path.
 */
export function registerActivityHook(app: FastifyInstance, engine: Engine): void {
  app.addHook('onError', (request, _reply, error, done) => {
    ;(request as WithError)[ERROR_MESSAGE] = error.message
    done()
  })

  app.addHook('onSend', (request, _reply, payload, done) => {
    ;(request as WithError)[PAYLOAD] = payload
    done(null, payload)
  })

  app.addHook('onResponse', (request, reply, done) => {
    done()
    if (request.method === 'OPTIONS' || isUnlogged(request.url)) return
    const status = reply.statusCode
    const record = (actor: string, customerId?: string) =>
      engine.activity.recordApiCall({
        method: sentMethod(request),
        url: request.url,
        status,
        durationMs: reply.elapsedTime,
        actor,
        customerId,
        error: (request as WithError)[ERROR_MESSAGE] ?? (status === 404 ? 'No such endpoint' : undefined),
        request: { headers: request.headers, body: request.body },
        response: { headers: reply.getHeaders(), body: (request as WithError)[PAYLOAD] }
      })
    const pending = actorIfRead(request)
    if (pending)
      pending.then(
        (actor) => record(describeActor(actor), actor.customer?.id),
        () => record('rejected token')
      )
    else record('anonymous')
  })
}
