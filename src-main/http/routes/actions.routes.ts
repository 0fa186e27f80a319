import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest, type ActionSelector } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'
import { integrationKeyParam } from '../integration-param'
import { elementSelector } from './flows.routes'

function pathSelector(request: FastifyRequest<{ Params: { sel: string } }>): ActionSelector {
  const integrationKey = stringParam(request.query, 'integrationKey')
  return integrationKey ? { key: request.params.sel, integrationKey } : request.params.sel
}

/**
 * Action templates under `/actions/{sel}` and `/action?key=…` (admin to change), running them
 * (`POST /actions/{sel}/run`, `POST /action/run?…`, body `{input}`; the caller's customer, or
 * the test customer for an admin token naming none; on `?connectionId=` or, for actions that
 * need one, the customer's connection to `?integrationKey=`), and stored action runs.
 */
export function registerActionRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { actions, actionInstances, customers } = ctx.engine

  app.get('/actions', async (request) => {
    await ctx.actor(request)
    const q = request.query
    if (stringParam(q, 'connectionId'))
      throw badRequest(
        'Actions of one connection are action instances: list them with GET /connections/{connection}/actions (or GET /action-instances?connectionId=).'
      )
    return actions.list({
      search: stringParam(q, 'search'),
      integrationKey: integrationKeyParam(ctx.engine, q),
      isUniversal: boolParam(q, 'isUniversal'),
      parentId: stringParam(q, 'parentId') ?? stringParam(q, 'universalParentId'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })

  app.post('/actions', async (request, reply) => {
    await ctx.admin(request, 'Creating an action')
    return reply.status(201).send(await actions.create(request.body ?? {}))
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

  const selectors: Array<[string, (request: FastifyRequest<{ Params: { sel: string } }>) => ActionSelector]> = [
    ['/actions/:sel', pathSelector],
    ['/action', (request) => elementSelector(request, 'action')]
  ]
  for (const [path, selectorOf] of selectors) {
    const op = (name: string) => (path === '/action' ? `/action/${name}` : `${path}/${name}`)
    app.get<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.actor(request)
      return actions.get(selectorOf(request))
    })
    app.patch<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Changing an action')
      return actions.patch(selectorOf(request), request.body ?? {})
    })
    app.put<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Replacing an action')
      return actions.replace(selectorOf(request), request.body ?? {})
    })
    app.delete<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Archiving an action')
      return actions.archive(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(op('restore'), async (request) => {
      await ctx.admin(request, 'Restoring an action')
      return actions.restore(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(op('reset'), async (request) => {
      await ctx.admin(request, 'Resetting an action')
      return actions.reset(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(op('apply'), async (request) => {
      await ctx.admin(request, 'Applying an action to integrations')
      return actions.apply(
        selectorOf(request),
        (request.body as { integrationKeys?: unknown } | undefined)?.integrationKeys
      )
    })
    app.post<{ Params: { sel: string } }>(op('run'), async (request) => {
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
