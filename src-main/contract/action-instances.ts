import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'
import type { ElementError } from './flows'
import type { PageQuery } from './pagination'

/** Setup state of an action instance: READY runs; SETUP_FAILED says why in `errors`. */
export type ActionInstanceState = 'READY' | 'SETUP_FAILED'

/** An action deployed for one customer, usually on one connection, with the customer's changes. */
export interface ActionInstanceDto {
  id: string
  /** The customer's engine id. */
  userId: string
  tenantId: string
  /** The action template (and Membrane's `parentId`). */
  actionId: string
  parentId: string
  actionKey: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  name: string
  /** Effective definition: the template's, with this customer's changes. */
  type: string
  config: Record<string, unknown>
  inputSchema?: Record<string, unknown>
  outputMapping?: unknown
  /** What the customer changed compared to the template (reset takes it back). */
  customized: { name: boolean; config: boolean; inputSchema: boolean; outputMapping: boolean }
  isCustomized: boolean
  state: ActionInstanceState
  errors?: ElementError[]
  /** Field schema of the collection the action works on, as the connection's account has it (setup fetches it). */
  fieldsSchema?: Record<string, unknown>
  setupAt?: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

const OBJECT = Type.Record(Type.String(), Type.Unknown())
const KEY = Type.String({ minLength: 1 })

/** Body of `POST /action-instances` and `POST /action-instance?…`. */
export const ActionInstanceCreate = Type.Object({
  actionId: Type.Optional(KEY),
  actionKey: Type.Optional(KEY),
  /** The customer's connection to this integration (or the integration of an integration-level action). */
  integrationKey: Type.Optional(KEY),
  /** Membrane's spelling of `integrationKey`, by id. */
  integrationId: Type.Optional(KEY),
  connectionId: Type.Optional(KEY),
  /** The connection, by key. */
  connectionKey: Type.Optional(KEY),
  instanceKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** Customer (engine id or internal id): needed only with an admin token that names none. */
  userId: Type.Optional(KEY),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  config: Type.Optional(OBJECT),
  inputSchema: Type.Optional(OBJECT),
  outputMapping: Type.Optional(Type.Unknown())
})
/** A new action instance as parsed. */
export type ActionInstanceCreate = Static<typeof ActionInstanceCreate>

/** Body of `PATCH /action-instance?…` (and `PUT`, which replaces every customisation); `null` takes a value back from the template. */
export const ActionInstanceUpdate = Type.Object({
  name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
  config: Type.Optional(Nullable(OBJECT)),
  inputSchema: Type.Optional(Nullable(OBJECT)),
  outputMapping: Type.Optional(Type.Unknown()),
  archivedAt: Type.Optional(Type.String())
})
/** An action instance change as parsed. */
export type ActionInstanceUpdate = Static<typeof ActionInstanceUpdate>

/** How `/action-instance?…` names an instance. */
export interface ActionInstanceSelector {
  id?: string
  actionId?: string
  actionKey?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}

/** Query of `GET /action-instances`. */
export interface ActionInstanceQuery extends PageQuery {
  actionId?: string
  actionKey?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  search?: string
  includeArchived?: boolean
}
