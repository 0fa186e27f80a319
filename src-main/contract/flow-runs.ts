import { Type, type Static } from '@sinclair/typebox'
import type { ErrorBody } from './errors'
import type { PageQuery } from './pagination'

/** Every run state, in life order: queued → running → completed | failed | stopped. */
export const FLOW_RUN_STATES = ['queued', 'running', 'completed', 'failed', 'stopped'] as const
/** One of {@link FLOW_RUN_STATES}. */
export type FlowRunState = (typeof FLOW_RUN_STATES)[number]

/** The final states: a run in one of them never changes again. */
export const FINAL_FLOW_RUN_STATES: readonly FlowRunState[] = ['completed', 'failed', 'stopped']

/** What started a run. */
export type FlowRunLaunchType =
  'api-trigger' | 'manual' | 'schedule-trigger' | 'app-event-trigger' | 'data-source-trigger'

/** An error as it is stored on runs and node runs (Membrane's ErrorData). */
export type RunError = Pick<ErrorBody, 'type' | 'key' | 'message' | 'data'>

/** Per-node summary of a run. */
export interface FlowRunNodeSummary {
  state: 'running' | 'completed' | 'failed' | 'stopped'
  runs: number
  erroredRuns: number
  outputs: number
}

/** A flow run as the API shows it (Membrane's FlowRun). */
export interface FlowRunDto {
  id: string
  /** The customer's engine id. */
  userId: string
  tenantId: string
  /** The flow instance id (Membrane's name). */
  connectionFlowId: string
  /** The same id under its older name (the IA SDK's `repeat()` reads it). */
  flowInstanceId: string
  /** Template id; absent for ad-hoc flows. */
  flowId?: string
  integrationFlowId?: string
  universalFlowId?: string
  integrationKey?: string
  connectionId?: string
  name?: string
  startNodeKey: string
  input?: unknown
  state: FlowRunState
  /** When the run was accepted (queued). */
  startTime: string
  /** When it reached a final state. */
  endTime?: string
  errors?: RunError[]
  nodes: Record<string, FlowRunNodeSummary>
  launchedBy: { type: FlowRunLaunchType; ids?: string[] }
  /** The run this one repeats, if any. */
  repeatOf?: string
  meta?: Record<string, unknown>
}

/** Body of `POST /flow-runs`. */
export const FlowRunCreate = Type.Object({
  flowInstanceId: Type.String({ minLength: 1 }),
  startNodeKey: Type.Optional(Type.String({ minLength: 1 })),
  /** Deprecated alias of `startNodeKey` (the SDK still sends it). */
  nodeKey: Type.Optional(Type.String({ minLength: 1 })),
  input: Type.Optional(Type.Unknown()),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
})
/** A run request as parsed. */
export type FlowRunCreate = Static<typeof FlowRunCreate>

/** Query of `GET /flow-runs`; newest first. */
export interface FlowRunQuery extends PageQuery {
  flowInstanceId?: string
  connectionFlowId?: string
  flowId?: string
  integrationFlowId?: string
  universalFlowId?: string
  userId?: string
  tenantId?: string
  state?: FlowRunState
  integrationKey?: string
  connectionId?: string
  /** ISO time: runs started at or after. */
  from?: string
  /** ISO time: runs started before. */
  to?: string
}

/** Status of one node run. */
export type FlowNodeRunStatus = 'completed' | 'failed' | 'skipped' | 'stopped'

/** One execution of one node inside a run (Membrane's FlowNodeRunRecord, plus timing). */
export interface FlowNodeRunDto {
  id: string
  runId: string
  nodeKey: string
  /** The node's type when it ran. */
  nodeType: string
  status: FlowNodeRunStatus
  /** What the node received: the outputs of the nodes before it on its path, by node key. */
  input: unknown
  upstreamRuns: Array<{ nodeKey: string; runId: string; outputId: string }>
  /** The node's outputs; `data` is JSON text, as in Membrane. */
  outputs: Array<{ id: string; data: string; downstreamRuns: Array<{ runId: string; nodeKey: string }> }>
  logs: RunLogEntry[]
  errors: RunError[]
  /** For-each iterations this node ran inside: outermost first. */
  iteration?: Array<{ nodeKey: string; index: number }>
  startedAt: string
  durationMs: number
}

/** One log line written by a node (JavaScript `console.*`, HTTP exchanges, filters). */
export interface RunLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  data?: unknown
  at: string
}
