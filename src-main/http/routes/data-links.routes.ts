import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest, type DataLinkTableInstanceSelector } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/** The SDK's `dataLinkTableInstance(selector)` as its query string carries it (a string selector comes as `?id=`). */
function instanceSelector(request: FastifyRequest): DataLinkTableInstanceSelector {
  const q = request.query
  return {
    id: stringParam(q, 'id'),
    dataLinkTableId: stringParam(q, 'dataLinkTableId'),
    dataLinkTableKey: stringParam(q, 'dataLinkTableKey'),
    connectionId: stringParam(q, 'connectionId') ?? stringParam(q, 'connectionKey'),
    integrationKey: stringParam(q, 'integrationKey'),
    integrationId: stringParam(q, 'integrationId'),
    instanceKey: stringParam(q, 'instanceKey'),
    userId: stringParam(q, 'userId') ?? stringParam(q, 'tenantId'),
    autoCreate: boolParam(q, 'autoCreate')
  }
}

/**
 * Data links. `/data-link-tables` are workspace elements (admin writes); the links live in each
 * connection's instance of a table: `/data-link-table-instance?{selector}` gets (or with
 * `autoCreate` makes), POST creates, DELETE archives, and `/data-link-table-instance/links`
 * finds (GET), creates (POST) and deletes (DELETE) links.
 */
export function registerDataLinkRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { dataLinks } = ctx.engine

  app.get('/data-link-tables', async (request) => {
    await ctx.actor(request)
    const q = request.query
    return dataLinks.listTables({
      search: stringParam(q, 'search'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })
  app.post('/data-link-tables', async (request, reply) => {
    await ctx.admin(request, 'Creating a data link table')
    return reply.status(201).send(dataLinks.createTable(request.body ?? {}))
  })

  const bySelector = (request: FastifyRequest): string => {
    const selector = stringParam(request.query, 'id') ?? stringParam(request.query, 'key')
    if (!selector) throw badRequest('Name the data link table with ?id=<id> or ?key=<key>.')
    return selector
  }
  const routes: Array<[string, (request: FastifyRequest<{ Params: { sel: string } }>) => string]> = [
    ['/data-link-tables/:sel', (request) => request.params.sel],
    ['/data-link-table', bySelector]
  ]
  for (const [path, selectorOf] of routes) {
    app.get<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.actor(request)
      return dataLinks.getTable(selectorOf(request))
    })
    app.patch<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Changing a data link table')
      return dataLinks.updateTable(selectorOf(request), request.body ?? {}, 'patch')
    })
    app.put<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Replacing a data link table')
      return dataLinks.updateTable(selectorOf(request), request.body ?? {}, 'put')
    })
    app.delete<{ Params: { sel: string } }>(path, async (request, reply) => {
      await ctx.admin(request, 'Archiving a data link table')
      dataLinks.archiveTable(selectorOf(request))
      return reply.status(204).send()
    })
    app.post<{ Params: { sel: string } }>(`${path}/restore`, async (request) => {
      await ctx.admin(request, 'Restoring a data link table')
      return dataLinks.restoreTable(selectorOf(request))
    })
  }

  app.get('/data-link-table-instances', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return dataLinks.listInstances(actor, {
      userId: stringParam(q, 'userId') ?? stringParam(q, 'tenantId'),
      dataLinkTableId: stringParam(q, 'dataLinkTableId'),
      connectionId: stringParam(q, 'connectionId'),
      integrationId: stringParam(q, 'integrationId'),
      instanceKey: stringParam(q, 'instanceKey'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })
  app.get<{ Params: { id: string } }>('/data-link-table-instances/:id', async (request) =>
    dataLinks.getInstance(await ctx.actor(request), { id: request.params.id })
  )
  app.get('/data-link-table-instance', async (request) =>
    dataLinks.getInstance(await ctx.actor(request), instanceSelector(request))
  )
  app.post('/data-link-table-instance', async (request, reply) =>
    reply.status(201).send(dataLinks.createInstance(await ctx.actor(request), instanceSelector(request)))
  )
  app.put('/data-link-table-instance', async (request) =>
    dataLinks.createInstance(await ctx.actor(request), instanceSelector(request))
  )
  app.delete('/data-link-table-instance', async (request, reply) => {
    dataLinks.archiveInstance(await ctx.actor(request), instanceSelector(request))
    return reply.status(204).send()
  })

  app.get('/data-link-table-instance/links', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return dataLinks.findLinks(actor, instanceSelector(request), {
      appRecordId: stringParam(q, 'appRecordId'),
      externalRecordId: stringParam(q, 'externalRecordId'),
      direction: stringParam(q, 'direction'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })
  app.post('/data-link-table-instance/links', async (request, reply) =>
    reply
      .status(201)
      .send(dataLinks.createLink(await ctx.actor(request), instanceSelector(request), request.body ?? {}))
  )
  app.delete('/data-link-table-instance/links', async (request) =>
    dataLinks.deleteLink(await ctx.actor(request), instanceSelector(request), request.body ?? {})
  )
}
