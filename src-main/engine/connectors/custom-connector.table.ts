import type { Generated } from 'kysely'
import type { JsonColumn } from '../common/json-column'

/** Row of `custom_connectors`: a workspace's own connector, as pushed by the Membrane CLI. */
export interface CustomConnectorTable {
  seq: Generated<number>
  id: string
  uuid: string
  key: string
  name: string
  /** The connector record as posted (JSON), minus the fields the engine owns. */
  spec: JsonColumn<{ logoUri?: string }>
  /** The uploaded source zip. */
  source_zip: Buffer | null
  source_size: number
  uploaded_at: string | null
  created_at: string
  updated_at: string
}
