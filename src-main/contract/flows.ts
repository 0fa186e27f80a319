import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'
import type { ErrorBody } from './errors'
import { JSON_OBJECT, templateBodies, type TemplateDtoFields, type TemplateQuery } from './templates'

/** One outgoing edge of a node. A `filter` (JSONata) makes it a branch: the link is followed only when it is truthy. */
export interface FlowNodeLink {
  /** Key of the node this link leads to. */
  key?: string
  /** JSONata expression (a string) or a formula object `{"$jsonata": "..."}` / `{"$var": "..."}`. */
  filter?: unknown
  name?: string
}

/** One node of a flow graph (Membrane's FlowNode). */
export interface FlowNode {
  type: string
  name?: string
  description?: string
  /** Type-specific configuration; each type publishes a JSON Schema for it (see `FLOW_NODE_TYPES`). */
  config?: Record<string, unknown>
  /** What happens when this node fails: `stop` the branch and fail the run (default), or `continue`. */
  onError?: 'stop' | 'continue'
  /** Items a for-each node processes in parallel (default 1). */
  concurrency?: number
  links?: FlowNodeLink[]
  ui?: unknown
  /** Instance nodes only: the customer changed this node, so template updates leave it alone. */
  isCustomized?: boolean
}

/** A flow graph: node key → node. */
export type FlowNodes = Record<string, FlowNode>
/**
 * A flow graph as a request sends it: an object here; the flow graph validator then checks every
 * node against its type (a JSON Schema for the whole graph would repeat that validator).
 */
export const FlowNodes = Type.Unsafe<FlowNodes>({ type: 'object' })

/** A flow template as the API shows it. */
export interface FlowDto extends TemplateDtoFields {
  universalFlowId?: string
  nodes: FlowNodes
  parametersSchema?: Record<string, unknown>
  /** Runs of one instance allowed at the same time; more wait in the queue. */
  concurrency?: number
  autoCreateInstances: boolean
}

/**
 * Bodies of `POST /flows` (`FlowCreate`, also the console's `flows.create`) and of
 * `PATCH /flows/{sel}` (changes what it names) and `PUT` (replaces) (`FlowUpdate`): what a flow
 * body may set besides the shared fields; null clears an optional value.
 */
export const { Create: FlowCreate, Update: FlowUpdate } = templateBodies(
  {
    nodes: Type.Optional(FlowNodes),
    parametersSchema: Type.Optional(Nullable(JSON_OBJECT)),
    /** Runs of one instance allowed at the same time. */
    concurrency: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
    autoCreateInstances: Type.Optional(Type.Boolean())
  },
  {},
  'universalFlowId'
)
/** A new flow as parsed. */
export type FlowCreate = Static<typeof FlowCreate>
/** A flow change as parsed. */
export type FlowUpdate = Static<typeof FlowUpdate>

/** Query of `GET /flows`. */
export type FlowQuery = TemplateQuery

/** An error stored on an element (setup problems). */
export type ElementError = Pick<ErrorBody, 'type' | 'key' | 'message' | 'data'>
