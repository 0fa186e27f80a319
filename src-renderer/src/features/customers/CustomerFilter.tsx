import { useEffect, useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { useApi } from '../../store/store'
import { Avatar } from '../../ui/avatar'
import { XIcon } from '../../ui/icons'
import { CustomerPicker } from './CustomerPicker'

/** A list filter by customer: a search box, or the chosen customer as a chip that clears. */
export function CustomerFilter(props: { customerId?: string; onChange(customerId: string | undefined): void }) {
  const api = useApi()
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  useEffect(() => {
    if (!props.customerId) return setCustomer(null)
    if (customer && (customer.id === props.customerId || customer.internalId === props.customerId)) return
    let live = true
    api.call('customers.get', { id: props.customerId }).then(
      (c) => live && setCustomer(c),
      () => live && setCustomer(null)
    )
    return () => {
      live = false
    }
  }, [api, props.customerId])

  if (props.customerId) {
    return (
      <span className="filter-chip">
        {customer && <Avatar name={customer.name} seed={customer.id} />}
        <span className="truncate">{customer?.name ?? props.customerId}</span>
        <button type="button" aria-label="Clear the customer filter" onClick={() => props.onChange(undefined)}>
          <XIcon size={13} />
        </button>
      </span>
    )
  }
  return (
    <div className="filter-picker">
      <CustomerPicker
        value={null}
        ariaLabel="Filter by customer"
        placeholder="Any customer"
        onChange={(c) => c && (setCustomer(c), props.onChange(c.id))}
      />
    </div>
  )
}
