import type { FastifyInstance, FastifyRequest } from 'fastify'
import { accessDenied, badRequest, notFound, type Actor } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/** Integrations (`/integrations`, `/integration?key=`) and the app catalogue (`/external-apps`). */
export function registerIntegrationRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx
  const { integrations } = engine

  const includeSecrets = (request: FastifyRequest, actor: Actor): boolean => {
    const wanted = boolParam(request.query, 'includeSecrets') ?? false
    if (wanted && actor.kind !== 'admin') throw accessDenied('includeSecrets=true needs an admin token.')
    return wanted
  }

  app.get('/integrations', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return integrations.list(
      actor,
      {
        search: stringParam(q, 'search'),
        limit: intParam(q, 'limit'),
        cursor: stringParam(q, 'cursor'),
        includeArchived: boolParam(q, 'includeArchived')
      },
      { includeSecrets: includeSecrets(request, actor) }
    )
  })

  app.post('/integrations', async (request, reply) => {
    const actor = await ctx.actor(request)
    return reply.status(201).send(integrations.create(actor, request.body ?? {}))
  })

  app.get<{ Params: { sel: string } }>('/integrations/:sel', async (request) => {
    const actor = await ctx.actor(request)
    return integrations.get(request.params.sel, actor, { includeSecrets: includeSecrets(request, actor) })
  })

  app.get('/integration', async (request) => {
    const actor = await ctx.actor(request)
    const selector = stringParam(request.query, 'key') ?? stringParam(request.query, 'id')
    if (!selector) throw badRequest('GET /integration needs ?key=<integration key> or ?id=<integration id>.')
    return integrations.get(selector, actor, { includeSecrets: includeSecrets(request, actor) })
  })

  for (const method of ['patch', 'put'] as const) {
    app[method]<{ Params: { sel: string } }>('/integrations/:sel', async (request) =>
      integrations.patch(await ctx.actor(request), request.params.sel, request.body ?? {})
    )
  }

  app.delete<{ Params: { sel: string } }>('/integrations/:sel', async (request) =>
    integrations.archive(await ctx.actor(request), request.params.sel)
  )

  app.post<{ Params: { sel: string } }>('/integrations/:sel/restore', async (request) =>
    integrations.restore(await ctx.actor(request), request.params.sel)
  )

  app.get<{ Params: { sel: string } }>('/integrations/:sel/connector-spec', async (request) => {
    await ctx.actor(request)
    return integrations.connectorSpec(request.params.sel)
  })

  app.get<{ Params: { sel: string } }>('/integrations/:sel/data', async (request) => {
    await ctx.actor(request)
    const spec = integrations.connectorSpec(request.params.sel)
    return Object.entries(spec.data).map(([key, collection]) => ({ key, ...collection }))
  })

  app.get<{ Params: { sel: string; key: string } }>('/integrations/:sel/data/:key', async (request) => {
    await ctx.actor(request)
    const spec = integrations.connectorSpec(request.params.sel)
    const collection = spec.data[request.params.key]
    if (!collection)
      throw notFound(
        `Integration "${request.params.sel}" has no data collection "${request.params.key}"; it has ${Object.keys(spec.data).join(', ') || 'none'}.`
      )
    return { key: request.params.key, ...collection }
  })

  // IA SDK `integration(key).disconnect()`: removes the caller's connection to the integration.
  app.post<{ Params: { sel: string } }>('/integrations/:sel/disconnect', async (request) => {
    const actor = await ctx.actor(request)
    const connection = engine.connections.archive(actor, request.params.sel)
    return { connectionId: connection.id, archivedAt: connection.archivedAt }
  })

  app.get('/external-apps', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    const connected = actor.customer ? engine.connections.connectedAppIds(actor.customer.id) : undefined
    return engine.apps.list(
      {
        search: stringParam(q, 'search'),
        category: stringParam(q, 'category'),
        isConnected: boolParam(q, 'isConnected'),
        limit: intParam(q, 'limit'),
        cursor: stringParam(q, 'cursor')
      },
      connected ? (appId) => connected.has(appId) : undefined
    )
  })

  app.get<{ Params: { id: string } }>('/external-apps/:id', async (request) => {
    await ctx.actor(request)
    return engine.apps.app(request.params.id)
  })
}
