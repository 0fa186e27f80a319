import type { IntegrationCreate } from '../../contract/integrations'
import type { ConsoleConnectionQuery, ConsoleFaultsInput } from '../../contract/console-views'
import { createInputParser } from '../common/input-parser'
import { createRefParser, ID, PAGING } from './console.inputs'

/** `{id}` of one connection. */
export const parseConnectionRef = createRefParser('connection reference (send {"id": "<connection id>"})')

/** Listing query of the connections page. */
export const parseConnectionQuery = createInputParser<ConsoleConnectionQuery>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      customerId: ID,
      integrationKey: ID,
      status: { enum: ['connected', 'disconnected', 'error'] },
      search: { type: 'string', maxLength: 500 },
      includeArchived: { type: 'boolean' },
      ...PAGING
    }
  },
  '',
  'connection query'
)

/** Who to connect to what (and which connection to reconnect). */
export const parseConnectLinkRequest = createInputParser<{
  customerId: string
  integrationKey: string
  connectionId?: string
}>(
  {
    type: 'object',
    required: ['customerId', 'integrationKey'],
    additionalProperties: false,
    properties: { customerId: ID, integrationKey: ID, connectionId: ID }
  },
  '',
  'connect request (send {"customerId": "…", "integrationKey": "crm"})'
)

/** `{requestId}` of a connect run. */
export const parseConnectResultRequest = createInputParser<{ requestId: string }>(
  {
    type: 'object',
    required: ['requestId'],
    additionalProperties: false,
    properties: { requestId: { type: 'string', minLength: 1, maxLength: 200 } }
  },
  '',
  'connect result request'
)

/** Fault simulation on one connection (the service checks what the connection supports). */
export const parseFaultsInput = createInputParser<ConsoleFaultsInput>(
  {
    type: 'object',
    required: ['id'],
    additionalProperties: false,
    properties: {
      id: ID,
      expireAccessToken: { type: 'boolean' },
      revokeRefreshToken: { type: 'boolean' },
      failNext: {
        type: 'object',
        required: ['count', 'status'],
        additionalProperties: false,
        properties: { count: { type: 'integer', minimum: 0, maximum: 1000 }, status: { enum: [429, 500] } }
      },
      latencyMs: { type: 'integer', minimum: 0, maximum: 60_000 }
    }
  },
  '',
  'fault simulation'
)

/** A new integration (the integration service checks key, name, connector and its parameters). */
export const parseIntegrationCreate = createInputParser<IntegrationCreate>(
  { type: 'object', required: ['key', 'name'] },
  '',
  'new integration'
)
