import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { CustomerDto } from '../../contract/customers'
import { accessDenied, badRequest, parseTestCustomerTokenRequest, type Actor } from '../../engine'
import type { HttpContext } from '../http-context'
import { boolParam, intParam, stringParam } from '../query-params'

/**
 * Customers (admin), under `/customers` and the legacy `/users` names. A customer token may
 * read only its own customer.
 */
export function registerCustomerRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { engine } = ctx
  const { customers } = engine

  const includeSecrets = (request: FastifyRequest, actor: Actor): boolean => {
    const wanted = boolParam(request.query, 'includeSecrets') ?? false
    if (wanted && actor.kind !== 'admin') throw accessDenied('includeSecrets=true needs an admin token.')
    return wanted
  }

  /** Admin, or the customer itself. */
  const readable = async (request: FastifyRequest, found: () => CustomerDto): Promise<CustomerDto> => {
    const actor = await ctx.actor(request)
    const secrets = includeSecrets(request, actor)
    const customer = found()
    if (actor.kind !== 'admin' && actor.customer.id !== customer.id) {
      throw accessDenied(
        `Reading another customer needs an admin token; this token is for "${actor.customer.internalId}".`
      )
    }
    return secrets ? customers.get(customer.id, { includeSecrets: true }) : customer
  }

  for (const base of ['/customers', '/users']) {
    const one = base.slice(0, -1)

    app.get(base, async (request) => {
      const actor = await ctx.admin(request, 'Listing customers')
      const q = request.query
      return customers.list(
        {
          search: stringParam(q, 'search'),
          limit: intParam(q, 'limit'),
          cursor: stringParam(q, 'cursor'),
          isTest: boolParam(q, 'isTest'),
          isActive: boolParam(q, 'isActive'),
          includeArchived: boolParam(q, 'includeArchived')
        },
        { includeSecrets: includeSecrets(request, actor) }
      )
    })

    app.post(base, async (request, reply) => {
      await ctx.admin(request, 'Creating a customer')
      return reply.status(201).send(await customers.createCommitted(request.body ?? {}))
    })

    app.get<{ Params: { id: string } }>(`${base}/:id`, (request) =>
      readable(request, () => customers.get(request.params.id))
    )

    app.get(one, (request) => {
      const internalId = stringParam(request.query, 'internalId')
      const id = stringParam(request.query, 'id')
      if (!internalId && !id) throw badRequest(`GET ${one} needs ?internalId=<your id> or ?id=<engine id>.`)
      return readable(request, () => (internalId ? customers.getByInternalId(internalId) : customers.get(id!)))
    })

    app.patch<{ Params: { id: string } }>(`${base}/:id`, async (request) => {
      await ctx.admin(request, 'Changing a customer')
      return customers.patch(request.params.id, request.body ?? {})
    })

    app.put<{ Params: { id: string } }>(`${base}/:id`, async (request) => {
      await ctx.admin(request, 'Replacing a customer')
      return customers.replace(request.params.id, request.body ?? {})
    })

    app.delete<{ Params: { id: string } }>(`${base}/:id`, async (request) => {
      await ctx.admin(request, 'Archiving a customer')
      return customers.archive(request.params.id)
    })

    app.post<{ Params: { id: string } }>(`${base}/:id/restore`, async (request) => {
      await ctx.admin(request, 'Restoring a customer')
      return customers.restore(request.params.id)
    })
  }

  // Legacy `PATCH /users` and `PUT /users` with a customer token change the caller's own record.
  app.patch('/users', async (request) => {
    const me = await ctx.customer(request, 'PATCH /users')
    return customers.patch(me.id, request.body ?? {})
  })
  app.put('/users', async (request) => {
    const me = await ctx.customer(request, 'PUT /users')
    return customers.replace(me.id, request.body ?? {})
  })

  // Test customer (admin): read, change id / name / fields, and its token in one call.
  app.get('/test-customer', async (request) => {
    await ctx.admin(request, 'Reading the test customer')
    return customers.testCustomer()
  })
  app.patch('/test-customer', async (request) => {
    await ctx.admin(request, 'Changing the test customer')
    return customers.updateTestCustomer(request.body ?? {})
  })
  app.post('/test-customer/token', async (request) => {
    await ctx.admin(request, 'Minting the test customer token')
    const { ttl } = parseTestCustomerTokenRequest(request.body ?? {})
    const test = customers.testCustomer()
    return engine.tokens.mint({ customerId: test.internalId, name: test.name, ttl })
  })
}
