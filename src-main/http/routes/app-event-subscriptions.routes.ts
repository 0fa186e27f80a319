import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppEventSubscriptionSelector } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/** The SDK's `appEventSubscription(selector)` as its query string carries it. */
function selectorOf(request: FastifyRequest): AppEventSubscriptionSelector {
  const q = request.query
  return {
    id: stringParam(q, 'id'),
    appEventTypeId: stringParam(q, 'appEventTypeId'),
    appEventTypeKey: stringParam(q, 'appEventTypeKey'),
    userId: stringParam(q, 'userId'),
    instanceKey: stringParam(q, 'instanceKey'),
    autoCreate: boolParam(q, 'autoCreate')
  }
}

/**
 * App event subscriptions: `GET /app-event-subscriptions` lists them (a customer token sees its
 * own), `/app-event-subscription?{selector}` gets, creates (POST), creates or subscribes again
 * (PUT), archives (DELETE, sending the unsubscribe request) and `/subscribe` sends the subscribe
 * request again. `/app-event-subscriptions/{id}` reads one by id.
 */
export function registerAppEventSubscriptionRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const subs = ctx.engine.appEventSubscriptions

  app.get('/app-event-subscriptions', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return subs.list(actor, {
      userId: stringParam(q, 'userId') ?? stringParam(q, 'tenantId'),
      appEventTypeId: stringParam(q, 'appEventTypeId'),
      instanceKey: stringParam(q, 'instanceKey'),
      isSubscribed: boolParam(q, 'isSubscribed'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })
  app.get<{ Params: { id: string } }>('/app-event-subscriptions/:id', async (request) =>
    subs.get(await ctx.actor(request), { id: request.params.id })
  )
  app.get('/app-event-subscription', async (request) => subs.get(await ctx.actor(request), selectorOf(request)))
  app.post('/app-event-subscription', async (request, reply) =>
    reply.status(201).send(await subs.create(await ctx.actor(request), selectorOf(request)))
  )
  app.put('/app-event-subscription', async (request) => subs.put(await ctx.actor(request), selectorOf(request)))
  app.patch('/app-event-subscription', async (request) => subs.put(await ctx.actor(request), selectorOf(request)))
  app.delete('/app-event-subscription', async (request, reply) => {
    await subs.archive(await ctx.actor(request), selectorOf(request))
    return reply.status(204).send()
  })
  app.post('/app-event-subscription/subscribe', async (request) =>
    subs.resubscribe(await ctx.actor(request), selectorOf(request))
  )
}
