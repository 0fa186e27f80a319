import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CONSOLE_API_PREFIX, CONSOLE_PAGE_PREFIX } from '../contract/console-api'
import type { Actor, Engine } from '../engine'
import { actorIfRead } from './http-context'

const ERROR_MESSAGE = Symbol('errorMessage')
type WithError = FastifyRequest & { [ERROR_MESSAGE]?: string }

/** The console's own traffic (page, assets, its API) is not "API activity". */
function isConsoleTraffic(url: string): boolean {
  return url.startsWith(CONSOLE_API_PREFIX) || url.startsWith(CONSOLE_PAGE_PREFIX) || url === '/' || url === '/console' || url === '/favicon.ico'
}

function describeActor(actor: Actor): string {
  if (actor.kind === 'customer') return `customer ${actor.customer.internalId}`
  return actor.customer ? `admin as ${actor.customer.internalId}` : 'admin'
}

/**
 * Records every finished call to the local API in the engine's activity log: method, path
 * (secret-looking query values dropped), status, time, who called, and the error message the
 * caller got. Never the body, never the token.
 */
export function registerActivityHook(app: FastifyInstance, engine: Engine): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string' && payload.startsWith('{') && !isConsoleTraffic(request.url)) {
      try {
        const message = (JSON.parse(payload) as { message?: unknown }).message
        if (typeof message === 'string') (request as WithError)[ERROR_MESSAGE] = message
      } catch {
        // not an error body: nothing to keep
      }
    }
    return payload
  })

  app.addHook('onResponse', async (request, reply) => {
    if (isConsoleTraffic(request.url) || request.method === 'OPTIONS') return
    let actor = 'anonymous'
    const pending = actorIfRead(request)
    if (pending) {
      actor = await pending.then(describeActor, () => 'rejected token')
    }
    engine.activity.recordApiCall({
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      actor,
      error: (request as WithError)[ERROR_MESSAGE]
    })
  })
}
