import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FlowInstanceSelector } from '../../contract/flow-instances'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { createBody, instanceListQuery, instanceQuery } from '../instance-query'
import { boolParam, stringParam } from '../query-params'

/** The instance selector of `/flow-instance?…`. */
function instanceSelector(request: FastifyRequest): FlowInstanceSelector {
  const { templateId, templateKey, ...where } = instanceQuery(request.query, 'flow')
  const selector: FlowInstanceSelector = { ...where, flowId: templateId, flowKey: templateKey }
  if (!selector.id && !selector.flowId && !selector.flowKey) {
    throw badRequest(
      'Name the flow instance with ?id=<instance id>, or ?flowKey=<flow key> (or flowId) for the instance of a flow; add autoCreate=true to create it when missing.'
    )
  }
  return selector
}

/**
 * Flow instances: `/flow-instances` (list, create; ad hoc when the body has nodes and no
 * flowId), `/flow-instance?…` (get with autoCreate, create, patch, put, archive, restore) and
 * `/flow-instances/{id}/setup|reset|update-to-latest-flow`. A customer token reaches only its
 * own instances.
 */
export function registerFlowInstanceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { flowInstances } = ctx.engine

  app.get('/flow-instances', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return flowInstances.list(actor, {
      flowId: stringParam(q, 'flowId'),
      flowKey: stringParam(q, 'flowKey'),
      enabled: boolParam(q, 'enabled'),
      isAdHoc: boolParam(q, 'isAdHoc'),
      ...instanceListQuery(q)
    })
  })

  app.post('/flow-instances', async (request, reply) => {
    const actor = await ctx.actor(request)
    return reply.status(201).send(await flowInstances.create(actor, request.body ?? {}))
  })

  app.get('/flow-instance', async (request) => flowInstances.get(await ctx.actor(request), instanceSelector(request)))

  app.post('/flow-instance', async (request, reply) => {
    const actor = await ctx.actor(request)
    const selector = instanceSelector(request)
    if (selector.id)
      throw badRequest('POST /flow-instance creates an instance: select the flow with ?flowKey= or ?flowId=, not ?id=.')
    const body = createBody(request.body, selector, [
      'flowId',
      'flowKey',
      'integrationKey',
      'connectionId',
      'instanceKey',
      'userId'
    ])
    return reply.status(201).send(await flowInstances.create(actor, body))
  })

  app.patch('/flow-instance', async (request) =>
    flowInstances.patch(await ctx.actor(request), instanceSelector(request), request.body ?? {})
  )
  app.put('/flow-instance', async (request) =>
    flowInstances.replace(await ctx.actor(request), instanceSelector(request), request.body ?? {})
  )
  app.delete('/flow-instance', async (request) =>
    flowInstances.archive(await ctx.actor(request), instanceSelector(request))
  )
  app.post('/flow-instance/restore', async (request) =>
    flowInstances.restore(await ctx.actor(request), instanceSelector(request))
  )

  const idOf = async (request: FastifyRequest) => {
    const actor = await ctx.actor(request)
    const row = flowInstances.find(actor, instanceSelector(request))
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
  app.get<{ Params: { id: string } }>('/flow-instances/:id', async (request) =>
    flowInstances.get(await ctx.actor(request), { id: request.params.id })
  )
}
