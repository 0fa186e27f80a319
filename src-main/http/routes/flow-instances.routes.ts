import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FlowInstanceSelector } from '../../contract/flow-instances'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam } from '../query-params'
import { registerTemplateInstanceRoutes, type TemplateInstanceService } from './template-instances.routes'

/**
 * Flow instances: `/flow-instances` (list, create; ad hoc when the body has nodes and no
 * flowId), `/flow-instance?…` (get with autoCreate, create, patch, put, archive, restore) and
 * `/flow-instances/{id}/setup|reset|update-to-latest-flow`. A customer token reaches only its
 * own instances.
 */
export function registerFlowInstanceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { flowInstances } = ctx.engine
  const bySelector = registerTemplateInstanceRoutes(app, ctx, {
    template: 'flow',
    selectorHint: 'flowKey=<flow key> (or flowId) for the instance of a flow',
    service: flowInstances as unknown as TemplateInstanceService<unknown>,
    extraFilters: (q) => ({ enabled: boolParam(q, 'enabled'), isAdHoc: boolParam(q, 'isAdHoc') })
  })

  const idOf = async (request: FastifyRequest) => {
    const actor = await ctx.actor(request)
    const row = flowInstances.find(actor, bySelector(request) as FlowInstanceSelector)
    if (!row) throw badRequest('No such flow instance; add autoCreate=true to create it first.')
    return { actor, id: row.id }
  }
  app.post('/flow-instance/setup', async (request) => {
    const { actor, id } = await idOf(request)
    return flowInstances.setup(actor, id)
  })
  app.post('/flow-instance/reset', async (request) => {
    const { actor, id } = await idOf(request)
    return flowInstances.reset(actor, id, request.body ?? {})
  })

  app.post<{ Params: { id: string } }>('/flow-instances/:id/setup', async (request) =>
    flowInstances.setup(await ctx.actor(request), request.params.id)
  )
  app.post<{ Params: { id: string } }>('/flow-instances/:id/reset', async (request) =>
    flowInstances.reset(await ctx.actor(request), request.params.id, request.body ?? {})
  )
  app.post<{ Params: { id: string } }>('/flow-instances/:id/update-to-latest-flow', async (request) =>
    flowInstances.updateToLatest(await ctx.actor(request), request.params.id)
  )
}
