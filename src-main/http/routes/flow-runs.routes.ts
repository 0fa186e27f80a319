import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FlowRunState } from '../../contract/flow-runs'
import type { HttpContext } from '../http-context'
import { intParam, stringParam } from '../query-params'

type RunParams = { Params: { id: string } }
type NodeParams = { Params: { id: string; nodeKey: string; rest?: string; '*'?: string; outputId?: string } }

/** The SDK's getNodeRuns() appends its query string as a path segment (`…/runs/limit=1`): read either form. */
function pagingOf(request: FastifyRequest, extra?: string): { limit?: number; cursor?: string } {
  const fromPath = extra ? new URLSearchParams(extra) : undefined
  const query = { ...(fromPath ? Object.fromEntries(fromPath) : {}), ...(request.query as Record<string, unknown>) }
  return { limit: intParam(query, 'limit'), cursor: stringParam(query, 'cursor') }
}

/**
 * Flow runs: start (`POST /flow-runs`), list (newest first, `{items, cursor}`), get (safe to
 * poll), output, stop, repeat, and node runs with their outputs. A customer token reaches
 * only its own runs.
 */
export function registerFlowRunRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { flowRuns } = ctx.engine

  app.post('/flow-runs', async (request, reply) =>
    reply.status(201).send(await flowRuns.create(await ctx.actor(request), request.body ?? {}))
  )

  app.get('/flow-runs', async (request) => {
    const actor = await ctx.actor(request)
    const q = request.query
    return flowRuns.list(actor, {
      flowInstanceId: stringParam(q, 'flowInstanceId'),
      connectionFlowId: stringParam(q, 'connectionFlowId'),
      flowId: stringParam(q, 'flowId'),
      integrationFlowId: stringParam(q, 'integrationFlowId'),
      universalFlowId: stringParam(q, 'universalFlowId'),
      userId: stringParam(q, 'userId'),
      tenantId: stringParam(q, 'tenantId'),
      state: stringParam(q, 'state') as FlowRunState | undefined,
      integrationKey: stringParam(q, 'integrationKey'),
      connectionId: stringParam(q, 'connectionId'),
      from: stringParam(q, 'from'),
      to: stringParam(q, 'to'),
      limit: intParam(q, 'limit'),
      cursor: stringParam(q, 'cursor')
    })
  })

  app.get<RunParams>('/flow-runs/:id', async (request) => flowRuns.get(await ctx.actor(request), request.params.id))
  app.get<RunParams>('/flow-runs/:id/output', async (request, reply) => {
    const output = flowRuns.output(await ctx.actor(request), request.params.id)
    return reply.type('application/json').send(JSON.stringify(output ?? null))
  })
  app.post<RunParams>('/flow-runs/:id/stop', async (request) =>
    flowRuns.stop(await ctx.actor(request), request.params.id)
  )
  app.post<RunParams>('/flow-runs/:id/repeat', async (request, reply) =>
    reply.status(201).send(await flowRuns.repeat(await ctx.actor(request), request.params.id))
  )

  app.get<RunParams>('/flow-runs/:id/node-runs', async (request) =>
    flowRuns.nodeRuns(await ctx.actor(request), request.params.id, pagingOf(request))
  )
  app.get<NodeParams>('/flow-runs/:id/nodes/:nodeKey/runs', async (request) =>
    flowRuns.nodeRuns(await ctx.actor(request), request.params.id, {
      nodeKey: request.params.nodeKey,
      ...pagingOf(request)
    })
  )
  app.get<NodeParams>('/flow-runs/:id/nodes/:nodeKey/runs/*', async (request) => {
    const actor = await ctx.actor(request)
    const rest = request.params['*'] ?? ''
    if (!rest || rest.includes('='))
      return flowRuns.nodeRuns(actor, request.params.id, {
        nodeKey: request.params.nodeKey,
        ...pagingOf(request, rest)
      })
    return flowRuns.nodeRun(actor, request.params.id, request.params.nodeKey, decodeURIComponent(rest))
  })
  app.get<NodeParams>('/flow-runs/:id/nodes/:nodeKey/outputs', async (request) =>
    flowRuns.nodeOutputs(await ctx.actor(request), request.params.id, request.params.nodeKey, pagingOf(request))
  )
  app.get<NodeParams>('/flow-runs/:id/nodes/:nodeKey/output/:outputId', async (request) =>
    flowRuns.nodeOutput(await ctx.actor(request), request.params.id, request.params.nodeKey, request.params.outputId!)
  )
}
