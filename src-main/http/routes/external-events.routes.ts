import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { HttpContext } from '../http-context'
import { intParam, stringParam } from '../query-params'

function queryOf(request: FastifyRequest) {
  const q = request.query
  return {
    userId: stringParam(q, 'userId') ?? stringParam(q, 'tenantId'),
    connectionId: stringParam(q, 'connectionId'),
    integrationId: stringParam(q, 'integrationId'),
    externalEventSubscriptionId: stringParam(q, 'externalEventSubscriptionId'),
    status: stringParam(q, 'status'),
    limit: intParam(q, 'limit'),
    cursor: stringParam(q, 'cursor')
  }
}

/**
 * External events (`client.externalEventSubscriptions`, `client.externalEventSubscription(id)`):
 * the app webhooks a customer's connections hold, their subscribe / unsubscribe / resubscribe /
 * pull-events operations, and the logs `GET /external-event-log-records` and `/external-event-pulls`.
 */
export function registerExternalEventRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const events = ctx.engine.externalEvents

  app.get('/external-event-subscriptions', async (request) => events.list(await ctx.actor(request), queryOf(request)))
  app.get<{ Params: { id: string } }>('/external-event-subscriptions/:id', async (request) =>
    events.get(await ctx.actor(request), request.params.id)
  )
  const operations = {
    subscribe: events.subscribe,
    setup: events.resubscribe,
    resubscribe: events.resubscribe,
    'refresh-webhook': events.resubscribe,
    unsubscribe: events.unsubscribe
  } as const
  for (const [name, run] of Object.entries(operations)) {
    app.post<{ Params: { id: string } }>(`/external-event-subscriptions/:id/${name}`, async (request) =>
      run.call(events, await ctx.actor(request), request.params.id)
    )
  }
  app.post<{ Params: { id: string } }>('/external-event-subscriptions/:id/pull-events', async (request) =>
    events.pullEvents(await ctx.actor(request), request.params.id)
  )
  app.get('/external-event-log-records', async (request) => events.logs(await ctx.actor(request), queryOf(request)))
  app.get<{ Params: { id: string } }>('/external-event-log-records/:id', async (request) =>
    events.logRecord(await ctx.actor(request), request.params.id)
  )
  app.get('/external-event-pulls', async (request) => events.pulls(await ctx.actor(request), queryOf(request)))
  app.get<{ Params: { id: string } }>('/external-event-pulls/:id', async (request) =>
    events.pull(await ctx.actor(request), request.params.id)
  )
}
