import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ActionInstanceSelector } from '../../contract/action-instances'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { createBody, instanceListQuery, instanceQuery } from '../instance-query'
import { stringParam } from '../query-params'

/** The selector of `/action-instance?…`. */
function instanceSelector(request: FastifyRequest): ActionInstanceSelector {
  const { templateId, templateKey, ...where } = instanceQuery(request.query, 'action')
  const selector: ActionInstanceSelector = { ...where, actionId: templateId, actionKey: templateKey }
  if (!selector.id && !selector.actionId && !selector.actionKey) {
    throw badRequest(
      'Name the action instance with ?id=<instance id>, or ?actionKey=<action key> with integrationKey or connectionId; add autoCreate=true to create it when missing.'
    )
  }
  return selector
}

/**
 * Action instances: `/action-instances` (list, create), `/action-instance?…` (get with
 * autoCreate, create, patch, put, archive) and `/action-instance/run|setup|reset|restore?…`;
 * `run` takes the raw input as its body. A customer token reaches only its own instances.
 */
export function registerActionInstanceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { actionInstances } = ctx.engine

  app.get('/action-instances', async (request) => {
    const q = request.query
    return actionInstances.list(await ctx.actor(request), {
      actionId: stringParam(q, 'actionId'),
      actionKey: stringParam(q, 'actionKey'),
      ...instanceListQuery(q)
    })
  })
  app.post('/action-instances', async (request, reply) =>
    reply.status(201).send(await actionInstances.create(await ctx.actor(request), request.body ?? {}))
  )
  app.get<{ Params: { id: string } }>('/action-instances/:id', async (request) =>
    actionInstances.get(await ctx.actor(request), { id: request.params.id })
  )

  app.get('/action-instance', async (request) =>
    actionInstances.get(await ctx.actor(request), instanceSelector(request))
  )
  app.post('/action-instance', async (request, reply) => {
    const selector = instanceSelector(request)
    if (selector.id)
      throw badRequest(
        'POST /action-instance creates an instance: select the action with ?actionKey= or ?actionId=, not ?id=.'
      )
    const body = createBody(request.body, selector, [
      'actionId',
      'actionKey',
      'integrationKey',
      'connectionId',
      'instanceKey',
      'userId'
    ])
    return reply.status(201).send(await actionInstances.create(await ctx.actor(request), body))
  })
  app.patch('/action-instance', async (request) =>
    actionInstances.patch(await ctx.actor(request), instanceSelector(request), request.body ?? {})
  )
  app.put('/action-instance', async (request) =>
    actionInstances.replace(await ctx.actor(request), instanceSelector(request), request.body ?? {})
  )
  app.delete('/action-instance', async (request) =>
    actionInstances.archive(await ctx.actor(request), instanceSelector(request))
  )
  app.post('/action-instance/restore', async (request) =>
    actionInstances.restore(await ctx.actor(request), instanceSelector(request))
  )
  app.post('/action-instance/setup', async (request) =>
    actionInstances.setup(await ctx.actor(request), instanceSelector(request))
  )
  app.post('/action-instance/reset', async (request) =>
    actionInstances.reset(await ctx.actor(request), instanceSelector(request))
  )
  // SDK `actionInstance(sel).run(input)`: the body is the input itself.
  app.post('/action-instance/run', async (request) =>
    actionInstances.run(await ctx.actor(request), instanceSelector(request), request.body)
  )
}
