import type { FastifyInstance } from 'fastify'
import type { IntegrationElementKind } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

type Params = { sel: string }
type ElementParams = Params & { el: string }

const KINDS: IntegrationElementKind[] = ['flows', 'actions']

/**
 * Integration-level elements (`integration(k).flows.list()`, `.flow(f).get()`, `.actions...`),
 * `integration(k).setup()`, and the app's operation catalogue (`getOperations()`).
 */
export function registerIntegrationElementRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { integrationElements, operations } = ctx.engine

  for (const kind of KINDS) {
    app.get<{ Params: Params }>(`/integrations/:sel/${kind}`, async (request) => {
      const q = request.query
      return integrationElements.list(await ctx.actor(request), request.params.sel, kind, {
        search: stringParam(q, 'search'),
        includeArchived: boolParam(q, 'includeArchived'),
        limit: intParam(q, 'limit'),
        cursor: stringParam(q, 'cursor')
      })
    })
    app.post<{ Params: Params }>(`/integrations/:sel/${kind}`, async (request, reply) =>
      reply
        .status(201)
        .send(await integrationElements.create(await ctx.actor(request), request.params.sel, kind, request.body ?? {}))
    )
    const one = `/integrations/:sel/${kind}/:el`
    app.get<{ Params: ElementParams }>(one, async (request) =>
      integrationElements.get(await ctx.actor(request), request.params.sel, kind, request.params.el)
    )
    app.patch<{ Params: ElementParams }>(one, async (request) =>
      integrationElements.patch(await ctx.actor(request), request.params.sel, kind, request.params.el, request.body)
    )
    app.put<{ Params: ElementParams }>(one, async (request) =>
      integrationElements.replace(await ctx.actor(request), request.params.sel, kind, request.params.el, request.body)
    )
    app.delete<{ Params: ElementParams }>(one, async (request) =>
      integrationElements.archive(await ctx.actor(request), request.params.sel, kind, request.params.el)
    )
    app.post<{ Params: ElementParams }>(`${one}/reset`, async (request) =>
      integrationElements.reset(await ctx.actor(request), request.params.sel, kind, request.params.el)
    )
  }

  app.post<{ Params: Params }>('/integrations/:sel/setup', async (request) =>
    integrationElements.setup(await ctx.actor(request), request.params.sel)
  )

  app.get<{ Params: Params }>('/integrations/:sel/operations', async (request) => {
    await ctx.actor(request)
    return operations.list(request.params.sel)
  })
  app.get<{ Params: Params & { key: string } }>('/integrations/:sel/operations/:key', async (request) => {
    await ctx.actor(request)
    return operations.spec(request.params.sel, request.params.key)
  })
}
