import { Type } from '@sinclair/typebox'
import { ConsoleConnectionQuery, ConsoleFaultsInput } from '../../contract/console-views'
import { IntegrationCreate } from '../../contract/integrations'
import { inputParser } from '../common/input-parser'
import { createRefParser, ID } from './console.inputs'

/** `{id}` of one connection. */
export const parseConnectionRef = createRefParser('connection reference (send {"id": "<connection id>"})')

/** Listing query of the connections page. */
export const parseConnectionQuery = inputParser(ConsoleConnectionQuery, '', 'connection query')

/** Who to connect to what (and which connection to reconnect). */
export const parseConnectLinkRequest = inputParser(
  Type.Object({ customerId: ID, integrationKey: ID, connectionId: Type.Optional(ID) }, { additionalProperties: false }),
  '',
  'connect request (send {"customerId": "…", "integrationKey": "crm"})'
)

/** `{requestId}` of a connect run. */
export const parseConnectResultRequest = inputParser(
  Type.Object({ requestId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  '',
  'connect result request'
)

/** Fault simulation on one connection: the API's schema plus `id` (the service checks what the connection supports). */
export const parseFaultsInput = inputParser(ConsoleFaultsInput, '', 'fault simulation')

/** A new integration: the `POST /integrations` schema (the connector checks its parameters). */
export const parseIntegrationCreate = inputParser(IntegrationCreate, '', 'new integration')
