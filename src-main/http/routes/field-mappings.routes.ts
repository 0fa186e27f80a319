import type { FastifyInstance } from 'fastify'
import type { HttpContext } from '../http-context'
import { stringParam } from '../query-params'
import { registerElementInstanceRoutes, type ElementInstanceService } from './element-instances.routes'
import { registerElementTemplateRoutes, type ElementTemplateService } from './element-templates.routes'

/**
 * Field mappings (`/field-mappings`, `/field-mapping?…`, `/integrations/{i}/field-mappings`),
 * their instances on connections, and applying an instance's mapping to a record
 * (`POST /field-mapping-instance/run?…` with `{direction, input}` → `{output}`).
 */
export function registerFieldMappingRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { fieldMappings, fieldMappingInstances } = ctx.engine
  registerElementTemplateRoutes(app, ctx, {
    plural: 'field-mappings',
    singular: 'field-mapping',
    noun: 'field mapping',
    parentParams: ['universalFieldMappingId', 'universalParentId'],
    setup: true,
    connectionList: '/field-mapping-instances',
    service: fieldMappings as unknown as ElementTemplateService<unknown>,
    extraFilters: (q) => ({ dataSourceKey: stringParam(q, 'dataSourceKey') })
  })
  app.get<{ Params: { sel: string } }>('/field-mappings/:sel/app-schema', async (request) => {
    await ctx.actor(request)
    return fieldMappings.appSchema(request.params.sel)
  })
  const { bySelector } = registerElementInstanceRoutes(app, ctx, {
    name: 'fieldMapping',
    path: 'field-mapping',
    noun: 'field mapping',
    service: fieldMappingInstances as unknown as ElementInstanceService<unknown>
  })
  app.post('/field-mapping-instance/run', async (request) =>
    fieldMappingInstances.run(await ctx.actor(request), bySelector(request), request.body ?? {})
  )
  app.post<{ Params: { id: string } }>('/field-mapping-instances/:id/run', async (request) =>
    fieldMappingInstances.run(await ctx.actor(request), { id: request.params.id }, request.body ?? {})
  )
}
