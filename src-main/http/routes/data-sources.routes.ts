import type { FastifyInstance } from 'fastify'
import type { HttpContext } from '../http-context'
import { registerElementInstanceRoutes, type ElementInstanceService } from './element-instances.routes'
import { registerElementTemplateRoutes, type ElementTemplateService } from './element-templates.routes'

/**
 * Data sources (`/data-sources`, `/data-source?…`, `/integrations/{i}/data-sources`), their
 * instances on connections, and the record operations of an instance's collection
 * (`/data-source-instance/collection/list|search|find-by-id|create|update|delete?…`).
 */
export function registerDataSourceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { dataSources, dataSourceInstances } = ctx.engine
  registerElementTemplateRoutes(app, ctx, {
    plural: 'data-sources',
    singular: 'data-source',
    noun: 'data source',
    parentParams: ['universalDataSourceId', 'universalParentId'],
    setup: true,
    connectionList: '/data-source-instances',
    service: dataSources as unknown as ElementTemplateService<unknown>
  })
  const { bySelector } = registerElementInstanceRoutes(app, ctx, {
    name: 'dataSource',
    path: 'data-source',
    noun: 'data source',
    service: dataSourceInstances as unknown as ElementInstanceService<unknown>
  })
  const one = '/data-source-instance'
  app.get(`${one}/collection`, async (request) =>
    dataSourceInstances.collection(await ctx.actor(request), bySelector(request))
  )
  app.post(`${one}/collection/list`, async (request) =>
    dataSourceInstances.listRecords(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
  app.post(`${one}/collection/search`, async (request) =>
    dataSourceInstances.searchRecords(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
  app.post(`${one}/collection/find-by-id`, async (request) =>
    dataSourceInstances.findRecordById(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
  app.post(`${one}/collection/create`, async (request) =>
    dataSourceInstances.createRecord(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
  app.post(`${one}/collection/update`, async (request) =>
    dataSourceInstances.updateRecord(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
  app.post(`${one}/collection/delete`, async (request) =>
    dataSourceInstances.deleteRecord(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
}
