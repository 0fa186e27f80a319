import type { ErrorBody } from './errors'
import type { TemplateQuery } from './templates'

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

/** A flow template as the API shows it. */
export interface FlowDto {
  id: string
  key: string
  name: string
  description?: string
  /** Set for integration-level flows; absent for universal flows. */
  integrationKey?: string
  isUniversal: boolean
  /** The universal flow an integration-level flow was derived from (reset goes back to it). */
  parentId?: string
  universalFlowId?: string
  /** The flow differs from its parent (integration-level copies only). */
  isCustomized: boolean
  nodes: FlowNodes
  parametersSchema?: Record<string, unknown>
  /** Runs of one instance allowed at the same time; more wait in the queue. */
  concurrency?: number
  autoCreateInstances: boolean
  /** Increments on every change; instances remember the revision they were built from. */
  revision: string
  state: 'READY'
  meta?: Record<string, unknown>
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** Body of `POST /flows`. */
export interface FlowCreate {
  key?: string
  name: string
  description?: string
  integrationKey?: string
  /** A universal flow (id or key) to copy nodes from and reset to. */
  parentId?: string
  nodes?: FlowNodes
  parametersSchema?: Record<string, unknown>
  concurrency?: number
  autoCreateInstances?: boolean
  meta?: Record<string, unknown>
}

/** Body of `PATCH /flows/{sel}` (changes what it names) and `PUT` (replaces). */
export type FlowUpdate = Partial<Omit<FlowCreate, 'integrationKey' | 'parentId'>>

/** Query of `GET /flows`. */
export type FlowQuery = TemplateQuery

/** An error stored on an element (setup problems). */
export type ElementError = Pick<ErrorBody, 'type' | 'key' | 'message' | 'data'>
