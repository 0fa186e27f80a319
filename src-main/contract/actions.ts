import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'
import type { RunError, RunLogEntry } from './flow-runs'
import type { PageQuery } from './pagination'
import { TEMPLATE_CREATE_FIELDS, type TemplateQuery } from './templates'

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

const OBJECT = Type.Record(Type.String(), Type.Unknown())

/** What an action body may set; null clears an optional value. */
const ACTION_FIELDS = {
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  type: Type.Optional(Type.String({ minLength: 1 })),
  config: Type.Optional(OBJECT),
  inputSchema: Type.Optional(Nullable(OBJECT)),
  outputMapping: Type.Optional(Type.Unknown()),
  customOutputSchema: Type.Optional(Nullable(OBJECT)),
  meta: Type.Optional(Nullable(OBJECT))
}

/** Body of `POST /actions`. */
export const ActionCreate = Type.Object({
  ...ACTION_FIELDS,
  ...TEMPLATE_CREATE_FIELDS,
  connectionId: Type.Optional(Type.String()),
  /** Membrane's name for `parentId`. */
  universalParentId: Type.Optional(Type.String({ minLength: 1 }))
})
/** A new action as parsed. */
export type ActionCreate = Static<typeof ActionCreate>

/** Body of `PATCH /actions/{sel}` and `PUT`. */
export const ActionUpdate = Type.Object(ACTION_FIELDS)
/** An action change as parsed. */
export type ActionUpdate = Static<typeof ActionUpdate>

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
