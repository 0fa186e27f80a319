import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './schema-kit'
import type { RunError, RunLogEntry } from './flow-runs'
import type { PageQuery } from './pagination'
import { JSON_OBJECT, templateBodies, type TemplateDtoFields, type TemplateQuery } from './templates'

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

/**
 * Bodies of `POST /actions` (`ActionCreate`) and of `PATCH /actions/{sel}` and `PUT`
 * (`ActionUpdate`): what an action body may set besides the shared fields; null clears a value.
 */
export const { Create: ActionCreate, Update: ActionUpdate } = templateBodies(
  {
    type: Type.Optional(Type.String({ minLength: 1 })),
    config: Type.Optional(JSON_OBJECT),
    inputSchema: Type.Optional(Nullable(JSON_OBJECT)),
    outputMapping: Type.Optional(Type.Unknown()),
    customOutputSchema: Type.Optional(Nullable(JSON_OBJECT))
  },
  { connectionId: Type.Optional(Type.String()) },
  'universalParentId'
)

/** A new action as parsed. */
export type ActionCreate = Static<typeof ActionCreate>
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
