import type { ConsoleConnectionView } from '../../contract/console-views'
import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { customerBrief, customerBriefs } from './console-briefs'
import {
  parseConnectionQuery,
  parseConnectionRef,
  parseConnectLinkRequest,
  parseConnectResultRequest,
  parseFaultsInput,
  parseIntegrationCreate
} from './console-connections.inputs'
import { parseNoInput } from './console.inputs'

/** Methods of the integrations and connections pages. */
export type ConnectionMethods =
  | 'integrations.overview'
  | 'integrations.create'
  | 'connections.list'
  | 'connections.get'
  | 'connections.connectLink'
  | 'connections.connectResult'
  | 'connections.probe'
  | 'connections.refresh'
  | 'connections.archive'
  | 'connections.simulate'
  | 'connections.clearFaults'

/** Handlers of the integrations and connections pages; every call acts as the console (admin). */
export function createConnectionHandlers(engine: Engine): Pick<ConsoleHandlers, ConnectionMethods> {
  const actor = engine.consoleActor
  const { connections, integrations, customers } = engine

  const view = (id: string): ConsoleConnectionView => {
    const connection = connections.get(actor, id)
    return {
      connection,
      customer: customerBrief(customers, connection.userId),
      integration: integrations.get(connection.integrationId, actor),
      faults: connection.archivedAt ? { failNextCount: 0, latencyMs: 0 } : connections.faults(actor, connection.id),
      canExpireAccessToken: connection.canRefreshCredentials || connection.accessTokenExpiresAt !== undefined,
      canRevokeRefreshToken: connection.canRefreshCredentials
    }
  }

  return {
    'integrations.overview': {
      parse: parseNoInput('integrations.overview'),
      run: () => {
        const counts = engine.consoleCounts.connectionCounts()
        const items = integrations.list(actor, { limit: 1000 }).items
        return {
          integrations: items.map((integration) => ({
            ...integration,
            connectionCounts: counts.get(integration.id) ?? { connected: 0, disconnected: 0, error: 0 }
          })),
          sandboxApps: engine.sandbox.apps()
        }
      }
    },
    'integrations.create': {
      parse: parseIntegrationCreate,
      run: (input) => integrations.create(actor, input, 'console')
    },
    'connections.list': {
      parse: parseConnectionQuery,
      run: (query) => {
        const page = connections.list(actor, {
          userId: query.customerId,
          integrationKey: query.integrationKey,
          connected: query.status === undefined ? undefined : query.status !== 'disconnected',
          search: query.search,
          includeArchived: query.includeArchived,
          cursor: query.cursor,
          limit: query.limit ?? 100
        })
        // the service filters connected / disconnected; "error" (failing but connected) is narrowed here
        const items =
          query.status && query.status !== 'disconnected'
            ? page.items.filter((c) => c.status === query.status)
            : page.items
        return {
          ...page,
          items,
          customers: customerBriefs(
            customers,
            items.map((c) => c.userId)
          )
        }
      }
    },
    'connections.get': { parse: parseConnectionRef, run: ({ id }) => view(id) },
    'connections.connectLink': { parse: parseConnectLinkRequest, run: (input) => engine.connectLinks.create(input) },
    'connections.connectResult': {
      parse: parseConnectResultRequest,
      run: ({ requestId }) => engine.connectLinks.outcome(requestId)
    },
    'connections.probe': { parse: parseConnectionRef, run: ({ id }) => engine.connectionProbe.probe(actor, id) },
    'connections.refresh': {
      parse: parseConnectionRef,
      run: async ({ id }) => {
        await connections.refreshCredentials(actor, id)
        return view(id)
      }
    },
    'connections.archive': {
      parse: parseConnectionRef,
      run: ({ id }) => {
        connections.archive(actor, id, 'console')
        return view(id)
      }
    },
    'connections.simulate': {
      parse: parseFaultsInput,
      run: async ({ id, ...faults }) => {
        await connections.simulateFaults(actor, id, faults)
        return view(id)
      }
    },
    'connections.clearFaults': {
      parse: parseConnectionRef,
      run: ({ id }) => {
        connections.clearFaults(actor, id)
        return view(id)
      }
    }
  }
}
