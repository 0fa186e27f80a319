import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ActionInstanceSelector } from '../../contract/action-instances'
import type { FlowInstanceSelector } from '../../contract/flow-instances'
import { badRequest } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

type ElementParams = { Params: { sel: string; element: string } }

/** Whether a body carries anything (the SDK's `create()` is a PUT with none); a body that is not an object is a 400. */
function hasBody(body: unknown, what: string): body is Record<string, unknown> {
  if (body === undefined || body === null) return false
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest(
      `${what}: send a JSON object (or no body at all), not ${Array.isArray(body) ? 'an array' : typeof body}.`
    )
  return Object.keys(body).length > 0
}

function flowSelector(request: FastifyRequest<ElementParams>, autoCreate?: boolean): FlowInstanceSelector {
  return {
    flowKey: request.params.element,
    connectionId: request.params.sel,
    instanceKey: stringParam(request.query, 'instanceKey'),
    autoCreate: autoCreate ?? boolParam(request.query, 'autoCreate')
  }
}

function actionSelector(request: FastifyRequest<ElementParams>, autoCreate?: boolean): ActionInstanceSelector {
  return {
    actionId: request.params.element,
    connectionId: request.params.sel,
    instanceKey: stringParam(request.query, 'instanceKey'),
    autoCreate: autoCreate ?? boolParam(request.query, 'autoCreate')
  }
}

/**
 * What a customer runs on one connection (`{c}` is a connection id or an integration key):
 * flow instances under `/connections/{c}/flows/{flow}` and action instances under
 * `/connections/{c}/actions/{action}` — get (autoCreate), PUT with no body to create, PATCH,
 * PUT, DELETE, `/reset`, `/setup`, and `/run` (flows: `{input, nodeKey}`; actions: the raw input).
 */
export function registerConnectionInstanceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { flowInstances, flowRuns, actionInstances, customers } = ctx.engine
  const page = (request: FastifyRequest) => ({
    search: stringParam(request.query, 'search'),
    includeArchived: boolParam(request.query, 'includeArchived'),
    instanceKey: stringParam(request.query, 'instanceKey'),
    limit: intParam(request.query, 'limit'),
    cursor: stringParam(request.query, 'cursor')
  })

  app.get<{ Params: { sel: string } }>('/connections/:sel/flows', async (request) =>
    flowInstances.list(await ctx.actor(request), {
      ...page(request),
      connectionId: request.params.sel,
      enabled: boolParam(request.query, 'enabled')
    })
  )
  app.get<ElementParams>('/connections/:sel/flows/:element', async (request) =>
    flowInstances.get(await ctx.actor(request), flowSelector(request))
  )
  app.put<ElementParams>('/connections/:sel/flows/:element', async (request) => {
    const actor = await ctx.actor(request)
    if (!hasBody(request.body, 'PUT /connections/{c}/flows/{f}'))
      return flowInstances.get(actor, flowSelector(request, true))
    if (flowInstances.find(actor, flowSelector(request)))
      return flowInstances.replace(actor, flowSelector(request), request.body)
    return flowInstances.create(actor, {
      ...request.body,
      flowKey: request.params.element,
      connectionId: request.params.sel,
      instanceKey: stringParam(request.query, 'instanceKey')
    })
  })
  app.patch<ElementParams>('/connections/:sel/flows/:element', async (request) =>
    flowInstances.patch(await ctx.actor(request), flowSelector(request), request.body ?? {})
  )
  app.delete<ElementParams>('/connections/:sel/flows/:element', async (request) =>
    flowInstances.archive(await ctx.actor(request), flowSelector(request))
  )
  app.post<ElementParams>('/connections/:sel/flows/:element/reset', async (request) => {
    const actor = await ctx.actor(request)
    return flowInstances.reset(actor, (await flowInstances.get(actor, flowSelector(request))).id, request.body ?? {})
  })
  app.post<ElementParams>('/connections/:sel/flows/:element/setup', async (request) => {
    const actor = await ctx.actor(request)
    return flowInstances.setup(actor, (await flowInstances.get(actor, flowSelector(request))).id)
  })
  app.post<ElementParams>('/connections/:sel/flows/:element/run', async (request, reply) => {
    const actor = await ctx.actor(request)
    const body = hasBody(request.body, 'POST /connections/{c}/flows/{f}/run (send {input, nodeKey})')
      ? request.body
      : {}
    const instance = await flowInstances.get(actor, flowSelector(request, true))
    const run = await flowRuns.create(actor, {
      flowInstanceId: instance.id,
      input: body.input,
      startNodeKey: body.startNodeKey ?? body.nodeKey,
      meta: body.meta
    })
    return reply.status(201).send(run)
  })

  app.get<{ Params: { sel: string } }>('/connections/:sel/actions', async (request) =>
    actionInstances.list(await ctx.actor(request), { ...page(request), connectionId: request.params.sel })
  )
  app.get<ElementParams>('/connections/:sel/actions/:element', async (request) =>
    actionInstances.get(await ctx.actor(request), actionSelector(request))
  )
  app.put<ElementParams>('/connections/:sel/actions/:element', async (request) => {
    const actor = await ctx.actor(request)
    if (!hasBody(request.body, 'PUT /connections/{c}/actions/{a}'))
      return actionInstances.get(actor, actionSelector(request, true))
    if (actionInstances.find(actor, actionSelector(request)))
      return actionInstances.replace(actor, actionSelector(request), request.body)
    return actionInstances.create(actor, {
      ...request.body,
      actionId: request.params.element,
      connectionId: request.params.sel,
      instanceKey: stringParam(request.query, 'instanceKey')
    })
  })
  app.patch<ElementParams>('/connections/:sel/actions/:element', async (request) =>
    actionInstances.patch(await ctx.actor(request), actionSelector(request), request.body ?? {})
  )
  app.delete<ElementParams>('/connections/:sel/actions/:element', async (request) =>
    actionInstances.archive(await ctx.actor(request), actionSelector(request))
  )
  app.post<ElementParams>('/connections/:sel/actions/:element/reset', async (request) =>
    actionInstances.reset(await ctx.actor(request), actionSelector(request))
  )
  app.post<ElementParams>('/connections/:sel/actions/:element/setup', async (request) =>
    actionInstances.setup(await ctx.actor(request), actionSelector(request))
  )
  // SDK `connection(c).action(a).run(input)`: the body is the input itself, not wrapped.
  app.post<ElementParams>('/connections/:sel/actions/:element/run', async (request) =>
    actionInstances.runAction(await ctx.actor(request), request.params.element, request.body, {
      connectionId: request.params.sel,
      testCustomerId: () => customers.testCustomer().id
    })
  )
}
