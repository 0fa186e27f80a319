import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'
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

const NAME = Type.String({ minLength: 1, maxLength: 500 })
const INTERNAL_ID = Type.String({ minLength: 1, maxLength: 256 })
const OBJECT = Type.Record(Type.String(), Type.Unknown())

/**
 * Body of `POST /customers` and of the console's `customers.create`: one schema for both, so a
 * customer the console makes follows the API's rules. Unknown keys are ignored, as Membrane does.
 */
export const CustomerCreate = Type.Object({
  name: NAME,
  internalId: Type.Optional(INTERNAL_ID),
  fields: Type.Optional(OBJECT),
  credentials: Type.Optional(Type.Unknown()),
  meta: Type.Optional(OBJECT)
})
/** A new customer as parsed. */
export type CustomerCreate = Static<typeof CustomerCreate>

/** Body of `PATCH /customers/{id}` (keeps what it does not name) and `PUT` (replaces); null `meta` clears it. */
export const CustomerUpdate = Type.Object({
  name: Type.Optional(NAME),
  internalId: Type.Optional(INTERNAL_ID),
  fields: Type.Optional(OBJECT),
  credentials: Type.Optional(Type.Unknown()),
  meta: Type.Optional(Nullable(OBJECT))
})
/** A customer change as parsed. */
export type CustomerUpdate = Static<typeof CustomerUpdate>

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
export const TestCustomerUpdate = Type.Object({
  internalId: Type.Optional(INTERNAL_ID),
  name: Type.Optional(NAME),
  fields: Type.Optional(OBJECT)
})
/** A test customer change as parsed. */
export type TestCustomerUpdate = Static<typeof TestCustomerUpdate>
