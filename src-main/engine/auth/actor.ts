/** The customer a request acts for. */
export interface CustomerRef {
  /** Engine id. */
  id: string
  internalId: string
}

/** Who is calling: an admin (optionally acting for a customer) or one customer. */
export type Actor = { kind: 'admin'; customer?: CustomerRef } | { kind: 'customer'; customer: CustomerRef }

/** The actor every console call runs as: an admin with no customer. */
export const CONSOLE_ACTOR: Actor = { kind: 'admin' }

/** Whether the actor may see what belongs to a customer: an admin sees every customer's, a customer token only its own. */
export function maySee(actor: Actor, customerId: string): boolean {
  return actor.kind !== 'customer' || actor.customer.id === customerId
}
