import type { FastifyInstance } from 'fastify'
import type { HttpContext } from '../http-context'
import { stringParam } from '../query-params'

/**
 * App events from your app: `POST /app-events/{eventKey}` with the payload as body, sent with
 * the customer's token (or an admin token and `?customerId=`). Starts every matching
 * app-event-triggered flow of that customer and answers with the runs it started.
 */
export function registerAppEventRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post<{ Params: { eventKey: string } }>('/app-events/:eventKey', async (request) => {
    const actor = await ctx.actor(request)
    return ctx.engine.appEvents.receive(actor, request.params.eventKey, request.body ?? {}, {
      customerId: stringParam(request.query, 'customerId')
    })
  })
}
