import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/** App data schemas under `/app-data-schemas/{id or key}` and `/app-data-schema?key=`; changing them needs an admin token. */
export function registerAppDataSchemaRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { appDataSchemas } = ctx.engine

  app.get('/app-data-schemas', async (request) => {
    await ctx.actor(request)
    const q = request.query
    return appDataSchemas.list({
      search: stringParam(q, 'search'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })

  app.post('/app-data-schemas', async (request, reply) => {
    await ctx.admin(request, 'Creating an app data schema')
    return reply.status(201).send(appDataSchemas.create(request.body ?? {}))
  })

  const bySelector = (request: FastifyRequest): string => {
    const selector = stringParam(request.query, 'id') ?? stringParam(request.query, 'key')
    if (!selector) throw badRequest('Name the app data schema with ?id=<id> or ?key=<key>.')
    return selector
  }
  const routes: Array<[string, (request: FastifyRequest<{ Params: { sel: string } }>) => string]> = [
    ['/app-data-schemas/:sel', (request) => request.params.sel],
    ['/app-data-schema', bySelector]
  ]
  for (const [path, selectorOf] of routes) {
    app.get<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.actor(request)
      return appDataSchemas.get(selectorOf(request))
    })
    app.patch<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Changing an app data schema')
      return appDataSchemas.update(selectorOf(request), request.body ?? {}, 'patch')
    })
    app.put<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Replacing an app data schema')
      return appDataSchemas.update(selectorOf(request), request.body ?? {}, 'put')
    })
    app.delete<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Archiving an app data schema')
      return appDataSchemas.archive(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(
      path === '/app-data-schema' ? '/app-data-schema/restore' : `${path}/restore`,
      async (request) => {
        await ctx.admin(request, 'Restoring an app data schema')
        return appDataSchemas.restore(selectorOf(request))
      }
    )
  }
}
