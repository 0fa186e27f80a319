import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppRequest } from '../../contract/connections'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

const PROXY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
/** Response headers that describe the transfer between the app and the engine, not the content. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'upgrade',
  'set-cookie'
])

type Params = { sel: string }
type DataParams = Params & { collection: string }

/** Picks the list/search fields of Membrane's data requests. */
function listRequest(body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of ['cursor', 'limit', 'filter', 'query'])
    if (b[key] !== undefined && b[key] !== null) out[key] = b[key]
  return out
}

/**
 * Connections: list / create / get / patch / archive, test, refresh-credentials, fault
 * simulation (admin), data collections, record-event subscriptions, and calls to the app
 * (`/proxy/...` passes requests through; `/api/...` answers the app's body).
 */
export function registerConnectionRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx
  const { connections, connectionData } = engine

  app.get('/connections', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return connections.list(
      actor,
      {
        integrationKey: stringParam(q, 'integrationKey'),
        integrationId: stringParam(q, 'integrationId'),
        connectorId: stringParam(q, 'connectorId'),
        externalAppId: stringParam(q, 'externalAppId'),
        connected: boolParam(q, 'connected'),
        disconnected: boolParam(q, 'disconnected'),
        isTest: boolParam(q, 'isTest'),
        userId: stringParam(q, 'userId') ?? stringParam(q, 'tenantId'),
        search: stringParam(q, 'search'),
        includeArchived: boolParam(q, 'includeArchived'),
        limit: intParam(q, 'limit'),
        cursor: stringParam(q, 'cursor')
      },
      { includeSecrets: boolParam(q, 'includeSecrets') }
    )
  })

  app.post('/connections', async (request, reply) => {
    const actor = await ctx.actor(request)
    return reply.status(201).send(await connections.create(actor, request.body ?? {}))
  })

  app.get<{ Params: Params }>('/connections/:sel', async (request) => {
    const actor = await ctx.actor(request)
    return connections.get(actor, request.params.sel, { includeSecrets: boolParam(request.query, 'includeSecrets') })
  })

  for (const method of ['patch', 'put'] as const) {
    app[method]<{ Params: Params }>('/connections/:sel', async (request) =>
      connections.patch(await ctx.actor(request), request.params.sel, request.body ?? {})
    )
  }

  app.delete<{ Params: Params }>('/connections/:sel', async (request) =>
    connections.archive(await ctx.actor(request), request.params.sel)
  )

  app.post<{ Params: Params }>('/connections/:sel/test', async (request) =>
    connections.test(await ctx.actor(request), request.params.sel)
  )

  app.post<{ Params: Params }>('/connections/:sel/refresh-credentials', async (request) =>
    connections.refreshCredentials(await ctx.actor(request), request.params.sel)
  )

  app.get<{ Params: Params }>('/connections/:sel/faults', async (request) =>
    connections.faults(await ctx.admin(request, 'Reading fault simulation'), request.params.sel)
  )

  app.post<{ Params: Params }>('/connections/:sel/faults', async (request) =>
    connections.simulateFaults(await ctx.admin(request, 'Simulating faults'), request.params.sel, request.body ?? {})
  )

  app.delete<{ Params: Params }>('/connections/:sel/faults', async (request) =>
    connections.clearFaults(await ctx.admin(request, 'Clearing fault simulation'), request.params.sel)
  )

  // Data collections (SDK `connection(c).dataCollection(key)`).
  app.get<{ Params: Params }>('/connections/:sel/data', async (request) =>
    connectionData.collections(await ctx.actor(request), request.params.sel)
  )

  app.get<{ Params: DataParams }>('/connections/:sel/data/:collection', async (request) =>
    connectionData.collection(await ctx.actor(request), request.params.sel, request.params.collection)
  )

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/list', async (request) =>
    connectionData.list(
      await ctx.actor(request),
      request.params.sel,
      request.params.collection,
      listRequest(request.body)
    )
  )

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/search', async (request) =>
    connectionData.search(
      await ctx.actor(request),
      request.params.sel,
      request.params.collection,
      listRequest(request.body)
    )
  )

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/find-by-id', async (request) => ({
    record: await connectionData.findById(
      await ctx.actor(request),
      request.params.sel,
      request.params.collection,
      (request.body as { id?: unknown } | undefined)?.id
    )
  }))

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/create', async (request) => {
    const record = await connectionData.create(
      await ctx.actor(request),
      request.params.sel,
      request.params.collection,
      (request.body as { fields?: unknown } | undefined)?.fields
    )
    return { id: record.id, record }
  })

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/update', async (request) => {
    const body = (request.body ?? {}) as { id?: unknown; fields?: unknown }
    const record = await connectionData.update(
      await ctx.actor(request),
      request.params.sel,
      request.params.collection,
      body.id,
      body.fields
    )
    return { id: record.id, record }
  })

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/delete', async (request) => {
    await connectionData.delete(
      await ctx.actor(request),
      request.params.sel,
      request.params.collection,
      (request.body as { id?: unknown } | undefined)?.id
    )
    return {}
  })

  app.post<{ Params: DataParams }>('/connections/:sel/data/:collection/subscriptions', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const created = await connectionData.subscribe(await ctx.actor(request), request.params.sel, {
      ...body,
      collection: request.params.collection
    })
    return reply.status(201).send(created)
  })

  app.delete<{ Params: DataParams & { id: string } }>(
    '/connections/:sel/data/:collection/subscriptions/:id',
    async (request, reply) => {
      await connectionData.unsubscribe(await ctx.actor(request), request.params.sel, request.params.id)
      return reply.status(204).send()
    }
  )

  // SDK `connection(c).request(path, data)`: the app's answer body.
  app.post<{ Params: Params & { '*': string } }>('/connections/:sel/api/*', async (request) => {
    const actor = await ctx.actor(request)
    return connections.apiRequest(actor, request.params.sel, `/${request.params['*']}`, request.body)
  })

  // SDK `connection(c).proxy.get|post|put|patch|delete(path)`: passed through as is, bytes and all.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
    const proxy = async (request: FastifyRequest<{ Params: Params & { '*'?: string } }>, reply: FastifyReply) => {
      const actor = await ctx.actor(request)
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
      const params = new URLSearchParams(rawQuery)
      // A token given as ?token= authenticated this call; it is the engine's, never the app's.
      if (!request.headers.authorization) params.delete('token')
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value
      const body = Buffer.isBuffer(request.body) && request.body.length ? request.body : undefined
      if (!body) delete headers['content-type']
      const query = params.toString()
      const forwarded: AppRequest = {
        method: request.method,
        path: `/${request.params['*'] ?? ''}${query ? `?${query}` : ''}`,
        headers,
        body
      }
      const response = await connections.request(actor, request.params.sel, forwarded, { raw: true })
      void reply.status(response.status)
      for (const [name, value] of Object.entries(response.headers))
        if (!HOP_HEADERS.has(name) && !name.startsWith('access-control-')) void reply.header(name, value)
      return reply.send(response.body as Buffer)
    }
    scope.route({ method: [...PROXY_METHODS], url: '/connections/:sel/proxy', handler: proxy })
    scope.route({ method: [...PROXY_METHODS], url: '/connections/:sel/proxy/*', handler: proxy })
  })
}
