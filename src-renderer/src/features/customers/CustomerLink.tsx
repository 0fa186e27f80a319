import type { CustomerBrief } from '@contract/console-views'
import { hrefOf } from '../../app/routes'
import { Avatar } from '../../ui/avatar'

/** A customer's avatar and name, linking to its page (the customer column of list tables). */
export function CustomerLink(props: { customer: CustomerBrief }) {
  return (
    <a className="cell-main" href={hrefOf({ name: 'customer', id: props.customer.id })}>
      <Avatar name={props.customer.name} seed={props.customer.id} />
      <span className="truncate">{props.customer.name}</span>
    </a>
  )
}
