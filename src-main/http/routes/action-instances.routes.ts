import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ActionInstanceSelector } from '../../contract/action-instances'
import type { HttpContext } from '../http-context'
import { registerTemplateInstanceRoutes, type TemplateInstanceService } from './template-instances.routes'

/**
 * Action instances: `/action-instances` (list, create), `/action-instance?…` (get with
 * autoCreate, create, patch, put, archive) and `/action-instance/run|setup|reset|restore?…`;
 * `run` takes the raw input as its body. A customer token reaches only its own instances.
 */
export function registerActionInstanceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { actionInstances } = ctx.engine
  const registered = registerTemplateInstanceRoutes(app, ctx, {
    template: 'action',
    selectorHint: 'actionKey=<action key> with integrationKey or connectionId',
    service: actionInstances as unknown as TemplateInstanceService<unknown>
  })
  const bySelector = (request: FastifyRequest) => registered(request) as ActionInstanceSelector

  app.post('/action-instance/setup', async (request) =>
    actionInstances.setup(await ctx.actor(request), bySelector(request))
  )
  app.post('/action-instance/reset', async (request) =>
    actionInstances.reset(await ctx.actor(request), bySelector(request))
  )
  // SDK `actionInstance(sel).run(input)`: the body is the input itself.
  app.post('/action-instance/run', async (request) =>
    actionInstances.run(await ctx.actor(request), bySelector(request), request.body)
  )
}
