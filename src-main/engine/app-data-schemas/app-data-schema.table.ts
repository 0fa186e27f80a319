import type { Generated } from 'kysely'
import type { JsonColumn } from '../common/json-column'

/** Row of `app_data_schemas`: a named JSON Schema of your app's data (a universal workspace element). */
export interface AppDataSchemaTable {
  seq: Generated<number>
  id: string
  key: string
  name: string
  description: string | null
  /** JSON Schema, as JSON text. */
  schema: JsonColumn<Record<string, unknown>>
  code: string | null
  meta: JsonColumn<Record<string, unknown>> | null
  revision: number
  created_at: string
  updated_at: string
  archived_at: string | null
}
