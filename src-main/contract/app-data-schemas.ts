import type { PageQuery } from './pagination'

/** An app data schema as the API shows it (Membrane's AppDataSchema): a named JSON Schema of your app's data. */
export interface AppDataSchemaDto {
  id: string
  key: string
  name: string
  description?: string
  schema: Record<string, unknown>
  code?: string
  meta?: Record<string, unknown>
  /** Increments on every change. */
  revision: string
  state: 'READY'
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** Query of `GET /app-data-schemas`. */
export interface AppDataSchemaQuery extends PageQuery {
  search?: string
  includeArchived?: boolean
}
