import { accessDenied, notAuthenticated } from '../common/engine-error'
import type { CustomerService } from '../customers/customer.service'
import type { TokenVerifier } from '../tokens/token.verifier'
import type { Actor, CustomerRef } from './actor'

const BEARER = /^Bearer\s+(.+)$/i

/**
 * Turns a request's credentials into an {@link Actor}. Only a verified token reaches the
 * customer table: a rejected token never creates or changes a customer.
 */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly customers: CustomerService
  ) {}

  /** From an `Authorization` header value (`Bearer <jwt>`). */
  async fromAuthorization(header: string | undefined): Promise<Actor> {
    if (!header) {
      throw notAuthenticated(
        'No access token: send "Authorization: Bearer <token>" (mint one with npm run token -- --customer <id>, or copy it from the console).'
      )
    }
    const match = BEARER.exec(header.trim())
    if (!match) throw notAuthenticated('The Authorization header must be "Bearer <token>".')
    return this.fromToken(match[1].trim())
  }

  /** From a bare token (query parameter or console input). */
  async fromToken(token: string): Promise<Actor> {
    const verified = await this.verifier.verify(token)
    if (verified.internalId === undefined) return { kind: 'admin' }
    const customer: CustomerRef = this.customers.refFromToken({
      internalId: verified.internalId,
      name: verified.claims.name,
      fields: verified.claims.fields
    })
    return verified.isAdmin ? { kind: 'admin', customer } : { kind: 'customer', customer }
  }
}

/** The actor if it is an admin; 403 otherwise, saying what is needed. */
export function requireAdmin(actor: Actor, what: string): Actor & { kind: 'admin' } {
  if (actor.kind !== 'admin') {
    throw accessDenied(
      `${what} needs an admin token (claim "isAdmin": true); this is a customer token for "${actor.customer.internalId}".`
    )
  }
  return actor
}

/** The customer the actor acts for; 403 for an admin token that names none. */
export function requireCustomer(actor: Actor, what: string): CustomerRef {
  if (!actor.customer) {
    throw accessDenied(
      `${what} needs a customer token (claim "id" or "tenantKey"); this admin token names no customer.`
    )
  }
  return actor.customer
}
