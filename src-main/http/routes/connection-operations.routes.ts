import type { FastifyInstance } from 'fastify'
import type { HttpContext } from '../http-context'

type Params = { sel: string }
type OperationParams = Params & { key: string }

/**
 * Operations and free-form requests through a connection: `connection(c).operation(op).get()`
 * and `.run({input})`, and `POST /connections/{c}/execute-request` (the app's answer passed on).
 */
export function registerConnectionOperationRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { operations, executeRequests } = ctx.engine

  app.get<{ Params: Params }>('/connections/:sel/operations', async (request) =>
    operations.listOnConnection(await ctx.actor(request), request.params.sel)
  )
  app.get<{ Params: OperationParams }>('/connections/:sel/operations/:key', async (request) =>
    operations.specOnConnection(await ctx.actor(request), request.params.sel, request.params.key)
  )
  app.post<{ Params: OperationParams }>('/connections/:sel/operations/:key/run', async (request) =>
    operations.run(await ctx.actor(request), request.params.sel, request.params.key, request.body ?? {})
  )
  app.post<{ Params: Params }>('/connections/:sel/execute-request', async (request) =>
    executeRequests.execute(await ctx.actor(request), request.params.sel, request.body ?? {})
  )
  app.get<{ Params: Params }>('/connections/:sel/execute-request/history', async (request) => ({
    items: executeRequests.recent(await ctx.actor(request), request.params.sel)
  }))
}
