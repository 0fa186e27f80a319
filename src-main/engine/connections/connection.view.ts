import type { Selectable } from 'kysely'
import type { SqliteBool } from '../common/json-column'
import type { ConnectionTable } from './connection.table'

/**
 * A connection as `ConnectionService` hands it to the engine's other nouns (`resolve`, `byId`,
 * `latestFor`): its columns with what its DTO needs from the integration and the customer. Other
 * folders import this type, never the repository: their queries go through the service.
 */
export type ConnectionView = Selectable<ConnectionTable> & {
  integration_key: string
  integration_name: string
  connector_id: string
  customer_is_test: SqliteBool
}
