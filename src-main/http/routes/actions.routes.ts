import type { FastifyInstance } from 'fastify'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { intParam, stringParam } from '../query-params'
import {
  registerElementTemplateRoutes,
  type TemplateParams,
  type ElementTemplateService
} from './element-templates.routes'

/**
 * Action templates under `/actions/{sel}` and `/action?key=…` (admin to change), running them
 * (`POST /actions/{sel}/run`, `POST /action/run?…`, body `{input}`; the caller's customer, or
 * the test customer for an admin token naming none; on `?connectionId=` or, for actions that
 * need one, the customer's connection to `?integrationKey=`), and stored action runs.
 */
export function registerActionRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { actions, actionInstances, customers } = ctx.engine

  const paths = registerElementTemplateRoutes(app, ctx, {
    plural: 'actions',
    singular: 'action',
    noun: 'action',
    aNoun: 'an action',
    instancesNoun: 'action instances',
    parentParams: ['universalParentId'],
    connectionList: '/action-instances',
    service: actions as unknown as ElementTemplateService<unknown>
  })

  app.get('/action-runs', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    const state = stringParam(q, 'state')
    if (state !== undefined && state !== 'completed' && state !== 'failed')
      throw badRequest(`state must be completed or failed, got "${state}".`)
    return actions.listRuns(actor, {
      actionId: stringParam(q, 'actionId'),
      userId: stringParam(q, 'userId'),
      state,
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })

  app.get<{ Params: { id: string } }>('/action-runs/:id', async (request) =>
    actions.getRun(await ctx.actor(request), request.params.id)
  )

  for (const { selectorOf, op } of paths) {
    app.post<TemplateParams>(op('run'), async (request) => {
      const actor = await ctx.actor(request)
      const body = request.body as { input?: unknown } | undefined
      if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
        throw badRequest('Send the input wrapped as {"input": {...}} (the SDK\'s action(key).run(input) does this).')
      }
      return actionInstances.runAction(actor, selectorOf(request), body?.input, {
        connectionId: stringParam(request.query, 'connectionId') ?? stringParam(request.query, 'connectionKey'),
        integrationKey: stringParam(request.query, 'integrationKey'),
        testCustomerId: () => customers.testCustomer().id
      })
    })
  }
}
