import type { Generated } from 'kysely'
import type { JsonColumn } from '../common/json-column'
import type { CreateConnectionRequest } from './connection-request.inputs'

/** Row of `connection_requests`: a connect link made for one customer (its outcome is the connect run's). */
export interface ConnectionRequestTable {
  seq: Generated<number>
  id: string
  customer_id: string
  integration_id: string
  /** The connection to reconnect, if the request names one. */
  connection_id: string | null
  /** The create payload as given (JSON). */
  payload: JsonColumn<CreateConnectionRequest>
  created_at: string
  expires_at: string
}
