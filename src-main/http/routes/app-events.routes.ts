import type { FastifyInstance } from 'fastify'
import { APP_EVENT_GLOBAL_WEBHOOK_PATH, APP_EVENT_SUBSCRIPTION_WEBHOOK_PATH } from '../../engine'
import type { HttpContext } from '../http-context'
import { intParam, stringParam } from '../query-params'

/**
 * App events from your app. Three ways in, one path through the engine:
 * `POST /webhooks/app-event-subscriptions/{token}` (a subscription's `webhookUri`, no token
 * needed), `POST /webhooks/app-events/{webhookKey}` (a type's `globalWebhookUri`: its
 * `userIdFormula` finds the customer) and the shortcut `POST /app-events/{eventKey}` with the
 * customer's token (or an admin token and `?customerId=`). `GET /app-events` lists what was received.
 */
export function registerAppEventRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx

  app.post<{ Params: { eventKey: string } }>('/app-events/:eventKey', async (request) => {
    const actor = await ctx.actor(request)
    return engine.appEvents.receive(actor, request.params.eventKey, request.body ?? {}, {
      customerId: stringParam(request.query, 'customerId')
    })
  })

  app.post<{ Params: { token: string } }>(`${APP_EVENT_SUBSCRIPTION_WEBHOOK_PATH}/:token`, async (request) =>
    engine.appEvents.receiveForSubscription(request.params.token, request.body ?? {})
  )

  app.post<{ Params: { webhookKey: string } }>(`${APP_EVENT_GLOBAL_WEBHOOK_PATH}/:webhookKey`, async (request) =>
    engine.appEvents.receiveGlobal(request.params.webhookKey, request.body ?? {})
  )

  app.get('/app-events', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return engine.appEventSubscriptions.logs(actor, {
      userId: stringParam(q, 'userId') ?? stringParam(q, 'tenantId'),
      appEventTypeId: stringParam(q, 'appEventTypeId'),
      appEventSubscriptionId: stringParam(q, 'appEventSubscriptionId'),
      from: stringParam(q, 'from') ?? stringParam(q, 'startDatetime'),
      to: stringParam(q, 'to') ?? stringParam(q, 'endDatetime'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })

  app.get<{ Params: { id: string } }>('/app-events/:id', async (request) =>
    engine.appEventSubscriptions.logRecord(await ctx.actor(request), request.params.id)
  )
}
