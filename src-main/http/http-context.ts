import type { FastifyRequest } from 'fastify'
import { requireAdmin, requireCustomer, type Actor, type CustomerRef, type Engine } from '../engine'

const ACTOR = Symbol('actor')

type WithActor = FastifyRequest & { [ACTOR]?: Promise<Actor> }

/** What every route registrar gets: the engine and the ways to learn who is calling. */
export interface HttpContext {
  engine: Engine
  /** The caller, from the bearer token (verified once per request). */
  actor(request: FastifyRequest): Promise<Actor>
  /** The caller if it is an admin; 403 otherwise. `what` names the operation in the message. */
  admin(request: FastifyRequest, what: string): Promise<Actor>
  /** The customer the caller acts for; 403 for an admin token naming none. */
  customer(request: FastifyRequest, what: string): Promise<CustomerRef>
}

/** The caller of a request whose token was already read, without reading it (activity log). */
export function actorIfRead(request: FastifyRequest): Promise<Actor> | undefined {
  return (request as WithActor)[ACTOR]
}

/** Builds the context; the token is read from `Authorization`, or from `?token=` where a browser cannot set headers. */
export function createHttpContext(engine: Engine): HttpContext {
  const actor = (request: FastifyRequest): Promise<Actor> => {
    const r = request as WithActor
    if (!r[ACTOR]) {
      const header = request.headers.authorization
      const queryToken = (request.query as Record<string, unknown> | undefined)?.token
      r[ACTOR] =
        !header && typeof queryToken === 'string'
          ? engine.auth.fromToken(queryToken)
          : engine.auth.fromAuthorization(header)
    }
    return r[ACTOR]
  }
  return {
    engine,
    actor,
    admin: async (request, what) => requireAdmin(await actor(request), what),
    customer: async (request, what) => requireCustomer(await actor(request), what)
  }
}
