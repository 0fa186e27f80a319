import type { PageQuery } from './pagination'

/** A customer (tenant; legacy "user") as the API shows it. */
export interface CustomerDto {
  /** Engine id, immutable. */
  id: string
  /** Your app's id for the customer: the token's `id` / `tenantKey` claim. Unique in the workspace. */
  internalId: string
  name: string
  fields: Record<string, unknown>
  isTest: boolean
  isActive: boolean
  meta?: Record<string, unknown>
  /** Only with an admin token and `includeSecrets=true`. */
  credentials?: unknown
  lastActiveAt?: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** The customer `/self` answers with: the customer plus the workspace key. */
export interface SelfDto extends CustomerDto {
  workspaceKey: string
}

/** Body of `POST /customers`. */
export interface CustomerCreate {
  name: string
  internalId?: string
  fields?: Record<string, unknown>
  credentials?: unknown
  meta?: Record<string, unknown>
}

/** Body of `PATCH /customers/{id}` (keeps what it does not name) and `PUT` (replaces). */
export interface CustomerUpdate {
  name?: string
  internalId?: string
  fields?: Record<string, unknown>
  credentials?: unknown
  meta?: Record<string, unknown>
}

/** Query of `GET /customers`. */
export interface CustomerQuery extends PageQuery {
  search?: string
  isTest?: boolean
  isActive?: boolean
  includeArchived?: boolean
  /** Only archived customers (the console's "Archived" view; not a Membrane parameter). */
  archivedOnly?: boolean
  includeSecrets?: boolean
}

/** How the test customer is set: its internal id, name and fields. */
export interface TestCustomerUpdate {
  internalId?: string
  name?: string
  fields?: Record<string, unknown>
}
