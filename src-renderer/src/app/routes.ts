import type { FlowRunState } from '@contract/flow-runs'

/** Filters of the runs page, kept in the URL so a filtered list can be linked to. */
export interface RunFilters {
  customerId?: string
  flowInstanceId?: string
  flowId?: string
  state?: FlowRunState
  /** How far back: `1h`, `24h`, `7d`. */
  since?: string
}

/** The console's pages, addressed by the URL fragment (`#/customers/<id>`), which works from file:// and http alike. */
export type Route =
  | { name: 'customers' }
  | { name: 'customer'; id: string }
  | { name: 'test-customer' }
  | { name: 'field-schema' }
  | { name: 'tokens'; customerId?: string }
  | { name: 'settings' }
  | { name: 'activity' }
  | { name: 'integrations' }
  | { name: 'connections'; customerId?: string; integrationKey?: string }
  | { name: 'connection'; id: string }
  | { name: 'flows' }
  | { name: 'flow'; id: string }
  | { name: 'new-flow'; customerId?: string }
  | { name: 'instances'; customerId?: string; flowId?: string }
  | { name: 'instance'; id: string }
  | { name: 'runs'; filters: RunFilters }
  | { name: 'run'; id: string }
  | { name: 'snapshots' }
  | { name: 'data-sources' }
  | { name: 'data-source'; id: string }
  | { name: 'field-mappings' }
  | { name: 'field-mapping'; id: string }
  | { name: 'sandbox-data'; place: SandboxDataPlace }
  | { name: 'app-event-types' }
  | { name: 'app-event-type'; id: string }

/** Where the data browser is: app, account, collection, search and the open record, all optional. */
export interface SandboxDataPlace {
  app?: 'crm' | 'helpdesk'
  accountId?: string
  collection?: string
  search?: string
  /** The record open in the editor; `new` while creating one. */
  recordId?: string
}

const RUN_STATES: FlowRunState[] = ['queued', 'running', 'completed', 'failed', 'stopped']

function optional(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) || undefined
}

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
    case 'integrations':
      return { name: 'integrations' }
    case 'connections':
      return parts[1]
        ? { name: 'connection', id: parts[1] }
        : {
            name: 'connections',
            customerId: optional(params, 'customer'),
            integrationKey: optional(params, 'integration')
          }
    case 'flows':
      if (parts[1] === 'new') return { name: 'new-flow', customerId: optional(params, 'customer') }
      return parts[1] ? { name: 'flow', id: parts[1] } : { name: 'flows' }
    case 'instances':
      return parts[1]
        ? { name: 'instance', id: parts[1] }
        : { name: 'instances', customerId: optional(params, 'customer'), flowId: optional(params, 'flow') }
    case 'runs': {
      if (parts[1]) return { name: 'run', id: parts[1] }
      const state = params.get('state') as FlowRunState | null
      return {
        name: 'runs',
        filters: {
          customerId: optional(params, 'customer'),
          flowInstanceId: optional(params, 'instance'),
          flowId: optional(params, 'flow'),
          state: state && RUN_STATES.includes(state) ? state : undefined,
          since: optional(params, 'since')
        }
      }
    }
    case 'snapshots':
      return { name: 'snapshots' }
    case 'data-sources':
      return parts[1] ? { name: 'data-source', id: parts[1] } : { name: 'data-sources' }
    case 'field-mappings':
      return parts[1] ? { name: 'field-mapping', id: parts[1] } : { name: 'field-mappings' }
    case 'data': {
      const app = params.get('app')
      return {
        name: 'sandbox-data',
        place: {
          app: app === 'crm' || app === 'helpdesk' ? app : undefined,
          accountId: optional(params, 'account'),
          collection: optional(params, 'collection'),
          search: optional(params, 'q'),
          recordId: optional(params, 'record')
        }
      }
    }
    case 'app-events':
      return parts[1] ? { name: 'app-event-type', id: parts[1] } : { name: 'app-event-types' }
    default:
      return { name: 'customers' }
  }
}

function withQuery(path: string, entries: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(entries)) if (v) params.set(k, v)
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/** The fragment of a route (the inverse of {@link parseRoute}). */
export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'customer':
      return `#/customers/${encodeURIComponent(route.id)}`
    case 'tokens':
      return route.customerId ? `#/tokens?customer=${encodeURIComponent(route.customerId)}` : '#/tokens'
    case 'connections':
      return withQuery('#/connections', { customer: route.customerId, integration: route.integrationKey })
    case 'connection':
      return `#/connections/${encodeURIComponent(route.id)}`
    case 'flow':
      return `#/flows/${encodeURIComponent(route.id)}`
    case 'new-flow':
      return withQuery('#/flows/new', { customer: route.customerId })
    case 'instances':
      return withQuery('#/instances', { customer: route.customerId, flow: route.flowId })
    case 'instance':
      return `#/instances/${encodeURIComponent(route.id)}`
    case 'runs':
      return withQuery('#/runs', {
        customer: route.filters.customerId,
        instance: route.filters.flowInstanceId,
        flow: route.filters.flowId,
        state: route.filters.state,
        since: route.filters.since
      })
    case 'run':
      return `#/runs/${encodeURIComponent(route.id)}`
    case 'data-source':
      return `#/data-sources/${encodeURIComponent(route.id)}`
    case 'field-mapping':
      return `#/field-mappings/${encodeURIComponent(route.id)}`
    case 'sandbox-data':
      return withQuery('#/data', {
        app: route.place.app,
        account: route.place.accountId,
        collection: route.place.collection,
        q: route.place.search,
        record: route.place.recordId
      })
    case 'app-event-types':
      return '#/app-events'
    case 'app-event-type':
      return `#/app-events/${encodeURIComponent(route.id)}`
    default:
      return `#/${route.name}`
  }
}
