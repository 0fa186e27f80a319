import type { CustomerBrief } from '../../contract/console-views'
import type { CustomerService } from '../customers/customer.service'

/** Names the customers of a list once each (a missing one is shown by id). */
export function customerBriefs(customers: CustomerService, ids: Iterable<string>): Record<string, CustomerBrief> {
  const out: Record<string, CustomerBrief> = {}
  for (const id of ids) {
    if (out[id]) continue
    out[id] = customers.findBrief(id) ?? { id, internalId: id, name: id, isTest: false }
  }
  return out
}

/** One customer, by engine id or internal id. */
export function customerBrief(customers: CustomerService, selector: string): CustomerBrief {
  const row = customers.rowOf(selector)
  return { id: row.id, internalId: row.internal_id, name: row.name, isTest: row.is_test === 1 }
}
