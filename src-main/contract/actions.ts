import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'
import type { RunError, RunLogEntry } from './flow-runs'
import type { PageQuery } from './pagination'
import {
  JSON_OBJECT,
  TEMPLATE_BODY_FIELDS,
  TEMPLATE_CREATE_FIELDS,
  type TemplateDtoFields,
  type TemplateQuery
} from './templates'

/** An action template as the API shows it: one operation with a typed input. */
export interface ActionDto extends TemplateDtoFields {
  universalParentId?: string
  /** One of `ACTION_TYPES`. */
  type: string
  config: Record<string, unknown>
  /** JSON Schema the run input must satisfy. */
  inputSchema?: Record<string, unknown>
  /** Mapping applied to the raw output (formulas see `input`, `output`, `user`). */
  outputMapping?: unknown
  customOutputSchema?: Record<string, unknown>
}

/** What an action body may set; null clears an optional value. */
const ACTION_FIELDS = {
  ...TEMPLATE_BODY_FIELDS,
  type: Type.Optional(Type.String({ minLength: 1 })),
  config: Type.Optional(JSON_OBJECT),
  inputSchema: Type.Optional(Nullable(JSON_OBJECT)),
  outputMapping: Type.Optional(Type.Unknown()),
  customOutputSchema: Type.Optional(Nullable(JSON_OBJECT))
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
