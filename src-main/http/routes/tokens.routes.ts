import type { FastifyInstance } from 'fastify'
import { invalidData, parseMintTokenRequest } from '../../engine'
import type { HttpContext } from '../http-context'

/** Admin token tools: mint a token for any customer or an admin, and explain any token. */
export function registerTokenRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx

  app.post('/access-tokens', async (request, reply) => {
    await ctx.admin(request, 'Minting tokens')
    const body = request.body
    if (!body || typeof body !== 'object') {
      throw invalidData('Send a JSON object such as {"customerId": "acme", "ttl": "2h"} or {"isAdmin": true}.')
    }
    return reply.status(201).send(await engine.tokens.mint(parseMintTokenRequest(body)))
  })

  app.post('/access-tokens/inspect', async (request) => {
    await ctx.admin(request, 'Inspecting tokens')
    const token = (request.body as { token?: unknown } | undefined)?.token
    if (typeof token !== 'string')
      throw invalidData('Send {"token": "<jwt>"}.', [{ path: 'token', message: 'token must be a string' }])
    return engine.tokens.inspect(token)
  })
}
