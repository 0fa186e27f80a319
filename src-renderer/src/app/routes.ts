/** The console's pages, addressed by the URL fragment (`#/customers/<id>`), which works from file:// and http alike. */
export type Route =
  | { name: 'customers' }
  | { name: 'customer'; id: string }
  | { name: 'test-customer' }
  | { name: 'field-schema' }
  | { name: 'tokens'; customerId?: string }
  | { name: 'settings' }
  | { name: 'activity' }

/** The route a fragment names; unknown fragments go to the customers page. */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const params = new URLSearchParams(query)
  switch (parts[0]) {
    case 'customers':
      return parts[1] ? { name: 'customer', id: parts[1] } : { name: 'customers' }
    case 'test-customer':
      return { name: 'test-customer' }
    case 'field-schema':
      return { name: 'field-schema' }
    case 'tokens':
      return params.get('customer') ? { name: 'tokens', customerId: params.get('customer')! } : { name: 'tokens' }
    case 'settings':
      return { name: 'settings' }
    case 'activity':
      return { name: 'activity' }
    default:
      return { name: 'customers' }
  }
}

/** The fragment of a route (the inverse of {@link parseRoute}). */
export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'customer':
      return `#/customers/${encodeURIComponent(route.id)}`
    case 'tokens':
      return route.customerId ? `#/tokens?customer=${encodeURIComponent(route.customerId)}` : '#/tokens'
    default:
      return `#/${route.name}`
  }
}
