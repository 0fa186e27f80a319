import type { RunError, RunLogEntry } from './flow-runs'
import type { PageQuery } from './pagination'
import type { TemplateQuery } from './templates'

/** An action template as the API shows it: one operation with a typed input. */
export interface ActionDto {
  id: string
  key: string
  name: string
  description?: string
  integrationKey?: string
  isUniversal: boolean
  parentId?: string
  universalParentId?: string
  isCustomized: boolean
  /** One of `ACTION_TYPES`. */
  type: string
  config: Record<string, unknown>
  /** JSON Schema the run input must satisfy. */
  inputSchema?: Record<string, unknown>
  /** Mapping applied to the raw output (formulas see `input`, `output`, `user`). */
  outputMapping?: unknown
  customOutputSchema?: Record<string, unknown>
  revision: string
  state: 'READY'
  meta?: Record<string, unknown>
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** Body of `POST /actions`. */
export interface ActionCreate {
  key?: string
  name: string
  description?: string
  integrationKey?: string
  parentId?: string
  type?: string
  config?: Record<string, unknown>
  inputSchema?: Record<string, unknown>
  outputMapping?: unknown
  customOutputSchema?: Record<string, unknown>
  meta?: Record<string, unknown>
}

/** Body of `PATCH /actions/{sel}` and `PUT`. */
export type ActionUpdate = Partial<Omit<ActionCreate, 'integrationKey' | 'parentId'>>

/** Query of `GET /actions`. */
export type ActionQuery = TemplateQuery

/** What running an action answers. */
export interface ActionRunResult {
  output: unknown
  actionRunId: string
}

/** A stored action run, for logs. */
export interface ActionRunDto {
  id: string
  actionId: string
  actionKey: string
  userId: string
  /** The connection the action ran through, for actions that need one. */
  connectionId?: string
  /** The action instance that ran (with the customer's changes), if any. */
  actionInstanceId?: string
  state: 'completed' | 'failed'
  input?: unknown
  output?: unknown
  errors?: RunError[]
  logs: RunLogEntry[]
  startedAt: string
  endedAt: string
  durationMs: number
}

/** Query of `GET /action-runs`; newest first. */
export interface ActionRunQuery extends PageQuery {
  actionId?: string
  userId?: string
  state?: 'completed' | 'failed'
}
