import type { FastifyInstance } from 'fastify'
import type { SelfDto } from '../../contract/customers'
import { invalidData } from '../../engine'
import type { HttpContext } from '../http-context'

/** `GET /self` and `PATCH /self`: the customer the token names. */
export function registerSelfRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx

  app.get('/self', async (request): Promise<SelfDto> => {
    const me = await ctx.customer(request, 'GET /self')
    return { ...engine.customers.getByRef(me), workspaceKey: engine.workspace.key() }
  })

  app.patch('/self', async (request): Promise<SelfDto> => {
    const me = await ctx.customer(request, 'PATCH /self')
    const body = (request.body ?? {}) as Record<string, unknown>
    if (body && typeof body === 'object' && 'internalId' in body) {
      throw invalidData(
        'internalId cannot be changed through /self: it is the id your tokens carry. Use an admin token and PATCH /customers/{id}.',
        [{ path: 'internalId', message: 'not allowed here' }]
      )
    }
    return { ...engine.customers.patch(me.id, body), workspaceKey: engine.workspace.key() }
  })
}
