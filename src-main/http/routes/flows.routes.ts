import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ACTION_TYPES, FLOW_NODE_TYPES } from '../../contract/flow-node-types'
import type { ElementSelector } from '../../contract/templates'
import { badRequest, type FlowSelector } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'
import { integrationKeyParam } from '../integration-param'

/** The object selector of `/flow?…` and `/action?…`: `id`, or `key` with an optional `integrationKey`. */
export function elementSelector(request: FastifyRequest, what: string): ElementSelector {
  const q = request.query
  const selector: ElementSelector = {
    id: stringParam(q, 'id'),
    key: stringParam(q, 'key'),
    integrationKey: stringParam(q, 'integrationKey')
  }
  if (stringParam(q, 'integrationId'))
    throw badRequest(`integrationId is not supported yet: name the integration with integrationKey.`)
  if (!selector.id && !selector.key)
    throw badRequest(
      `Name the ${what} with ?id=<id> or ?key=<key> (and &integrationKey=<key> for an integration-level ${what}).`
    )
  return selector
}

/** A string selector, narrowed by `?integrationKey=` when given. */
function pathSelector(request: FastifyRequest<{ Params: { sel: string } }>): FlowSelector {
  const integrationKey = stringParam(request.query, 'integrationKey')
  return integrationKey ? { key: request.params.sel, integrationKey } : request.params.sel
}

/**
 * Flow templates under `/flows/{sel}` (id, key or `integrationKey.key`) and `/flow?key=…`.
 * Reading needs any token; changing needs an admin token. Also the node and action type
 * catalogue (`/flow-node-types`, `/action-types`) the console builds its forms from.
 */
export function registerFlowRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { flows } = ctx.engine

  app.get('/flow-node-types', async (request) => {
    await ctx.actor(request)
    return { items: Object.values(FLOW_NODE_TYPES) }
  })
  app.get('/action-types', async (request) => {
    await ctx.actor(request)
    return { items: Object.values(ACTION_TYPES) }
  })

  app.get('/flows', async (request) => {
    await ctx.actor(request)
    const q = request.query
    if (stringParam(q, 'connectionId'))
      throw badRequest(
        'Flows of one connection are flow instances: list them with GET /connections/{connection}/flows (or GET /flow-instances?connectionId=).'
      )
    return flows.list({
      search: stringParam(q, 'search'),
      integrationKey: integrationKeyParam(ctx.engine, q),
      isUniversal: boolParam(q, 'isUniversal'),
      parentId: stringParam(q, 'parentId') ?? stringParam(q, 'universalFlowId'),
      includeArchived: boolParam(q, 'includeArchived'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })

  app.post('/flows', async (request, reply) => {
    await ctx.admin(request, 'Creating a flow')
    return reply.status(201).send(await flows.create(request.body ?? {}))
  })

  const selectors: Array<[string, (request: FastifyRequest<{ Params: { sel: string } }>) => FlowSelector]> = [
    ['/flows/:sel', pathSelector],
    ['/flow', (request) => elementSelector(request, 'flow')]
  ]
  for (const [path, selectorOf] of selectors) {
    const op = (name: string) => (path === '/flow' ? `/flow/${name}` : `${path}/${name}`)
    app.get<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.actor(request)
      return flows.get(selectorOf(request))
    })
    app.patch<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Changing a flow')
      return flows.patch(selectorOf(request), request.body ?? {})
    })
    app.put<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Replacing a flow')
      return flows.replace(selectorOf(request), request.body ?? {})
    })
    app.delete<{ Params: { sel: string } }>(path, async (request) => {
      await ctx.admin(request, 'Archiving a flow')
      return flows.archive(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(op('restore'), async (request) => {
      await ctx.admin(request, 'Restoring a flow')
      return flows.restore(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(op('reset'), async (request) => {
      await ctx.admin(request, 'Resetting a flow')
      return flows.reset(selectorOf(request))
    })
    app.post<{ Params: { sel: string } }>(op('apply'), async (request) => {
      await ctx.admin(request, 'Applying a flow to integrations')
      return flows.apply(
        selectorOf(request),
        (request.body as { integrationKeys?: unknown } | undefined)?.integrationKeys
      )
    })
  }
}
