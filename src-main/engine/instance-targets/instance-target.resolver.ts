import type { Actor } from '../auth/actor'
import { badRequest, notFound } from '../common/engine-error'
import type { ConnectionView } from '../connections/connection.view'
import type { ConnectionService } from '../connections/connection.service'
import type { CustomerService } from '../customers/customer.service'
import type { IntegrationService } from '../integrations/integration.service'

/** Where an instance lives: for which customer, on which connection (if any), for which integration. */
export interface InstanceTarget {
  customerId: string
  connection?: ConnectionView
  integrationKey: string | null
}

/** What a selector or create body says about where an instance lives. */
export interface PlacementSelector {
  integrationKey?: string
  integrationId?: string
  connectionId?: string
  userId?: string
}

/** The connection a selector names and the integration it points at (the connection's, or `integrationKey` / `integrationId`). */
export interface InstanceScope {
  connection?: ConnectionView
  integrationKey?: string
}

/** The 404 text when a customer has no connection to an integration: `what` is the instance or template that needs one. */
export type NoConnectionMessage = (customer: string, integrationKey: string, what: string) => string

/**
 * Where flow and action instances live and for whom: the customer an actor may act for, the
 * connection a selector names (checked against an admin's userId), and the customer's newest
 * connection to an integration when the selector names only the integration.
 */
export class InstanceTargetResolver {
  constructor(
    private readonly customers: CustomerService,
    private readonly connections: ConnectionService,
    private readonly integrations: IntegrationService,
    private readonly noConnection: NoConnectionMessage
  ) {}

  /** The customer a listing is limited to: a customer token's own, or the userId an admin names (none: every customer). */
  listedCustomer(actor: Actor, userId: string | undefined): string | undefined {
    if (actor.kind === 'customer') return actor.customer.id
    return userId ? this.customers.rowOf(userId).id : undefined
  }

  /** The customer an instance is for: the token's, or (admin tokens) the given userId. */
  customerFor(actor: Actor, userId: string | undefined, what: string): string {
    if (actor.kind === 'customer') {
      if (userId && userId !== actor.customer.id && userId !== actor.customer.internalId) {
        throw badRequest(
          `${what}: a customer token acts only for its own customer "${actor.customer.internalId}"; drop userId.`
        )
      }
      return actor.customer.id
    }
    if (userId) return this.customers.rowOf(userId).id
    if (actor.customer) return actor.customer.id
    throw badRequest(
      `${what} with an admin token needs the customer: add userId=<customer id or internal id>, or use that customer's token.`
    )
  }

  /** A connection the actor may use, checked against an admin's userId. */
  connectionFor(actor: Actor, selector: string, userId: string | undefined): ConnectionView {
    const connection = this.connections.resolve(actor, selector)
    if (actor.kind === 'admin' && userId) {
      const customer = this.customers.rowOf(userId)
      if (customer.id !== connection.customer_id)
        throw badRequest(
          `Connection ${connection.id} belongs to another customer than "${userId}"; drop userId or pick that customer's connection.`
        )
    }
    return connection
  }

  /** The connection a selector names and the integration it points at. */
  scope(actor: Actor, selector: PlacementSelector): InstanceScope {
    const connection = selector.connectionId
      ? this.connectionFor(actor, selector.connectionId, selector.userId)
      : undefined
    const named = selector.integrationKey ?? selector.integrationId
    return {
      connection,
      integrationKey: connection?.integration_key ?? (named !== undefined ? this.integrations.keyOf(named) : undefined)
    }
  }

  /**
   * Where an instance of a template lives: on the connection of the scope, or on the customer's
   * newest connection to the scope's integration (else the template's); nowhere for a universal
   * template with neither. `doing` names the request for customer errors, `what` the template.
   */
  target(
    actor: Actor,
    scope: InstanceScope,
    template: { integrationKey: string | null; userId?: string; doing: string; what: string }
  ): InstanceTarget {
    const { connection } = scope
    if (connection)
      return { customerId: connection.customer_id, connection, integrationKey: connection.integration_key }
    const customerId = this.customerFor(actor, template.userId, template.doing)
    const key = scope.integrationKey ?? template.integrationKey
    if (!key) return { customerId, integrationKey: null }
    return { customerId, connection: this.latestConnection(customerId, key, template.what), integrationKey: key }
  }

  /** The customer's newest live connection to an integration; 404 saying how to connect when there is none. */
  latestConnection(customerId: string, integrationKey: string, what: string): ConnectionView {
    const config = this.integrations.config(integrationKey, true)
    const connection = this.connections.latestFor(customerId, config.row.id)
    if (!connection) {
      throw notFound(this.noConnection(this.customers.internalIdOf(customerId), integrationKey, what))
    }
    return connection
  }
}
