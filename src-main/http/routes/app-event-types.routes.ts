import type { FastifyInstance } from 'fastify'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/**
 * App event types (`client.appEventTypes`, `client.appEventType(k)`): admins write them; any
 * token reads them (your app's code and the customer's both need the schema and webhook).
 */
export function registerAppEventTypeRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const types = ctx.engine.appEventTypes

  app.get('/app-event-types', async (request) => {
    await ctx.actor(request)
    const q = request.query
    return types.list({
      search: stringParam(q, 'search'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })
  app.post('/app-event-types', async (request, reply) => {
    await ctx.admin(request, 'Creating an app event type')
    return reply.status(201).send(types.create(request.body))
  })
  app.get<{ Params: { selector: string } }>('/app-event-types/:selector', async (request) => {
    await ctx.actor(request)
    return types.get(request.params.selector)
  })
  app.patch<{ Params: { selector: string } }>('/app-event-types/:selector', async (request) => {
    await ctx.admin(request, 'Changing an app event type')
    return types.update(request.params.selector, request.body, 'patch')
  })
  app.put<{ Params: { selector: string } }>('/app-event-types/:selector', async (request) => {
    await ctx.admin(request, 'Replacing an app event type')
    return types.update(request.params.selector, request.body, 'put')
  })
  app.delete<{ Params: { selector: string } }>('/app-event-types/:selector', async (request, reply) => {
    await ctx.admin(request, 'Archiving an app event type')
    types.archive(request.params.selector)
    return reply.status(204).send()
  })
  app.post<{ Params: { selector: string } }>('/app-event-types/:selector/restore', async (request) => {
    await ctx.admin(request, 'Restoring an app event type')
    return types.restore(request.params.selector)
  })
}
