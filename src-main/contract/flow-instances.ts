import { Type, type Static } from '@sinclair/typebox'
import { FlowNodes, type ElementError } from './flows'
import { Nullable } from './schema-kit'
import type { PageQuery } from './pagination'

/** Setup state of an instance: READY runs; SETUP_FAILED says why in `errors`. */
export type FlowInstanceState = 'READY' | 'SETUP_FAILED'

/** One data-record trigger of a deployed instance: the webhook it subscribed to at the app, and what it has seen. */
export interface RecordTriggerSetupDto {
  nodeKey: string
  collectionKey: string
  events: Array<'created' | 'updated' | 'deleted'>
  /** The app's id of the webhook subscription. */
  subscriptionId: string
  /** Where the app delivers the events (this engine's ingress). */
  callbackUrl: string
  subscribedAt: string
  /** Where the trigger stands: deploy time at first, then the last event seen. */
  cursor: { since: string; lastEventId?: string; lastRecordId?: string; lastEventAt?: string }
  eventsReceived: number
}

/** What deploying an instance to a connection did (kept and shown; `setup` re-runs it). */
export interface FlowInstanceSetupDto {
  connectionId?: string
  /**
   * Field schemas of the collections the nodes use, as the connection's account has them now:
   * by collection key, or `<integrationKey>.<collection>` for nodes that use another connection.
   */
  fieldSchemas: Record<string, Record<string, unknown>>
  triggers: RecordTriggerSetupDto[]
}

/** A flow deployed for one customer: from a template (`flowId`) or ad hoc (its own nodes, no template). */
export interface FlowInstanceDto {
  id: string
  /** The customer's engine id (Membrane's `userId` / `tenantId`). */
  userId: string
  tenantId: string
  name: string
  /** Template id; absent for an ad-hoc customer flow. */
  flowId?: string
  flowKey?: string
  universalFlowId?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  /** True for a customer's own flow that has no template. */
  isAdHoc: boolean
  enabled: boolean
  parameters?: Record<string, unknown>
  /** The nodes that run: the template's, with this customer's customisations. */
  nodes: FlowNodes
  /** What the customer changed compared to the template. */
  customized: { name: boolean; nodes: boolean }
  isCustomized: boolean
  /** The template revision the nodes were taken from. */
  flowRevision?: string
  /** The template changed since this instance last took its nodes (`update-to-latest-flow` applies it). */
  isOutdated: boolean
  concurrency?: number
  state: FlowInstanceState
  errors?: ElementError[]
  /** What setup did on the connection: subscriptions and field schemas (instances with a connection). */
  setup?: FlowInstanceSetupDto
  setupAt?: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

const INSTANCE_NAME = Type.String({ minLength: 1, maxLength: 500 })
const OBJECT = Type.Record(Type.String(), Type.Unknown())
const CONCURRENCY = Type.Integer({ minimum: 1, maximum: 1000 })

/** Body of `POST /flow-instances` (ad hoc when there is no `flowId`) and `POST /flow-instance?…`. */
export const FlowInstanceCreate = Type.Object({
  name: Type.Optional(INSTANCE_NAME),
  /** Template id or key; omit (and give `nodes`) for an ad-hoc customer flow. */
  flowId: Type.Optional(Type.String({ minLength: 1 })),
  flowKey: Type.Optional(Type.String({ minLength: 1 })),
  /** Deploys to the customer's connection to this integration (or names the integration of an integration-level flow). */
  integrationKey: Type.Optional(Type.String({ minLength: 1 })),
  /** Membrane's spelling of `integrationKey`, by id. */
  integrationId: Type.Optional(Type.String()),
  /** The connection to deploy to (id). */
  connectionId: Type.Optional(Type.String()),
  /** The connection to deploy to, by key. */
  connectionKey: Type.Optional(Type.String()),
  instanceKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** Customer (engine id or internal id): needed only with an admin token that names none. */
  userId: Type.Optional(Type.String({ minLength: 1 })),
  nodes: Type.Optional(FlowNodes),
  parameters: Type.Optional(OBJECT),
  enabled: Type.Optional(Type.Boolean()),
  concurrency: Type.Optional(CONCURRENCY),
  /** Snapshot imports: what the customer had changed. */
  customized: Type.Optional(OBJECT)
})
/** A new flow instance as parsed. */
export type FlowInstanceCreate = Static<typeof FlowInstanceCreate>

/** Body of `PATCH /flow-instance?…` (and `PUT`, which replaces name, nodes and parameters). */
export const FlowInstanceUpdate = Type.Object({
  name: Type.Optional(INSTANCE_NAME),
  enabled: Type.Optional(Type.Boolean()),
  parameters: Type.Optional(Nullable(OBJECT)),
  nodes: Type.Optional(FlowNodes),
  concurrency: Type.Optional(Nullable(CONCURRENCY)),
  archivedAt: Type.Optional(Type.String()),
  customized: Type.Optional(Type.Object({ name: Type.Optional(Type.Boolean()), nodes: Type.Optional(Type.Boolean()) }))
})
/** A flow instance change as parsed. */
export type FlowInstanceUpdate = Static<typeof FlowInstanceUpdate>

/** Body of `POST /flow-instances/{id}/reset`: what to take back from the template (everything when empty). */
export const FlowInstanceResetOptions = Type.Object({
  name: Type.Optional(Type.Boolean()),
  nodes: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
  allNodes: Type.Optional(Type.Boolean())
})
/** Reset options as parsed. */
export type FlowInstanceResetOptions = Static<typeof FlowInstanceResetOptions>

/** Query of `GET /flow-instances`. */
export interface FlowInstanceQuery extends PageQuery {
  flowId?: string
  flowKey?: string
  userId?: string
  enabled?: boolean
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  /** Only ad-hoc flows (true) or only template instances (false). */
  isAdHoc?: boolean
  search?: string
  includeArchived?: boolean
}

/** How `GET /flow-instance?…` names an instance. */
export interface FlowInstanceSelector {
  id?: string
  flowId?: string
  flowKey?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}
