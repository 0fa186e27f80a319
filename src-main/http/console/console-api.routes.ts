import type { FastifyInstance } from 'fastify'
import { CONSOLE_API_PREFIX } from '../../contract/console-api'
import { createConsoleHandlers, dispatchConsoleCall, type ConsoleHostPort } from '../../engine'
import type { HttpContext } from '../http-context'
import type { createConsoleGuard } from './console-guard'

/** Largest console call body: snapshot imports carry whole files (callers are checked before the body is read). */
const CONSOLE_BODY_LIMIT = 512 * 1024 * 1024

/**
 * `POST /console-api/<method>` with the method's input as the JSON body: the console's handler
 * table over HTTP, for the console page in a browser. Answers the method's output, or the error
 * body with its status. CORS is off for these routes.
 */
export function registerConsoleApiRoutes(
  app: FastifyInstance,
  ctx: HttpContext,
  guard: ReturnType<typeof createConsoleGuard>,
  host: ConsoleHostPort
): void {
  const handlers = createConsoleHandlers(ctx.engine, host)
  app.post<{ Params: { method: string } }>(
    `${CONSOLE_API_PREFIX}:method`,
    {
      config: { cors: false },
      bodyLimit: CONSOLE_BODY_LIMIT,
      onRequest: async (request, reply) => {
        if (guard.checkPlace(request, reply)) return reply
        // JSON only: a browser cannot send it cross-site without a preflight, which gets no CORS here
        if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
          return reply.status(415).send({
            type: 'bad_request',
            key: 'unsupported_media_type',
            message: `The console API takes JSON: send Content-Type: application/json (got "${request.headers['content-type'] ?? 'none'}").`
          })
        }
        if (await guard.checkCaller(request, reply)) return reply
      }
    },
    async (request, reply) => {
      const result = await dispatchConsoleCall(handlers, request.params.method, request.body, ctx.engine.logger)
      void reply.header('cache-control', 'no-store')
      if (result.ok) return reply.status(200).send(result.value ?? null)
      return reply.status(result.status).send(result.error)
    }
  )
}
