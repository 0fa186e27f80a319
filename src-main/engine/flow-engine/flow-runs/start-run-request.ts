import type { FlowRunLaunchType } from '../../../contract/flow-runs'

// Apart from the runner so the triggers that start runs (record events, schedules, app events) can
// name a request without importing the runner, which imports the instances they serve.
/** A run to start on an instance: where, with what input, and who launched it. */
export interface StartRunRequest {
  startNodeKey?: string
  input?: unknown
  launchedBy: { type: FlowRunLaunchType; ids?: string[] }
  meta?: Record<string, unknown>
  repeatOf?: string
}
