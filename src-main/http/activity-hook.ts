import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CONSOLE_API_PREFIX, CONSOLE_PAGE_PREFIX } from '../contract/console-api'
import type { Actor, Engine } from '../engine'
import { actorIfRead } from './http-context'

const ERROR_MESSAGE = Symbol('errorMessage')
type WithError = FastifyRequest & { [ERROR_MESSAGE]?: string }

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
 * (secret-looking query values dropped), status, time, who called, and the error message the
 * caller got. Never the body, never the token. Callback-style hooks and no work before the
 * response is out keep this off the request's critical path.
 */
export function registerActivityHook(app: FastifyInstance, engine: Engine): void {
  app.addHook('onError', (request, _reply, error, done) => {
    ;(request as WithError)[ERROR_MESSAGE] = error.message
    done()
  })

  app.addHook('onResponse', (request, reply, done) => {
    done()
    if (request.method === 'OPTIONS' || isUnlogged(request.url)) return
    const status = reply.statusCode
    const record = (actor: string) =>
      engine.activity.recordApiCall({
        method: request.method,
        url: request.url,
        status,
        durationMs: reply.elapsedTime,
        actor,
        error: (request as WithError)[ERROR_MESSAGE] ?? (status === 404 ? 'No such endpoint' : undefined)
      })
    const pending = actorIfRead(request)
    if (pending)
      pending.then(
        (actor) => record(describeActor(actor)),
        () => record('rejected token')
      )
    else record('anonymous')
  })
}
