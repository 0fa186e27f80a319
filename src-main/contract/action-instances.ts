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

/** Body of `POST /action-instances` and `POST /action-instance?…`. */
export interface ActionInstanceCreate {
  actionId?: string
  actionKey?: string
  /** The customer's connection to this integration (or the integration of an integration-level action). */
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  /** Customer (engine id or internal id): needed only with an admin token that names none. */
  userId?: string
  name?: string
  config?: Record<string, unknown>
  inputSchema?: Record<string, unknown>
  outputMapping?: unknown
}

/** Body of `PATCH /action-instance?…` (and `PUT`, which replaces every customisation); `null` takes a value back from the template. */
export interface ActionInstanceUpdate {
  name?: string | null
  config?: Record<string, unknown> | null
  inputSchema?: Record<string, unknown> | null
  outputMapping?: unknown
  archivedAt?: string
}

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
