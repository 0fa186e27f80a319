import type { FlowRunDto, FlowRunState } from '@contract/flow-runs'
import { Badge } from '../../ui/card'
import { formatMs } from './NodeRunDetails'

const TONE: Record<FlowRunState, 'neutral' | 'accent' | 'success' | 'danger' | 'warning'> = {
  queued: 'neutral',
  running: 'accent',
  completed: 'success',
  failed: 'danger',
  stopped: 'warning'
}

/** A run's state as a badge (running ones spin). */
export function RunStateBadge(props: { state: FlowRunState }) {
  return (
    <Badge tone={TONE[props.state]} dot={props.state !== 'running'}>
      {props.state === 'running' && <span className="spinner badge-spinner" aria-hidden="true" />}
      {props.state[0].toUpperCase() + props.state.slice(1)}
    </Badge>
  )
}

/** Whether a run can still change. */
export function isLive(run: Pick<FlowRunDto, 'state'>): boolean {
  return run.state === 'queued' || run.state === 'running'
}

/** How long a run took (or has been running, against `now`). */
export function runDuration(run: Pick<FlowRunDto, 'startTime' | 'endTime'>, now = Date.now()): string {
  const end = run.endTime ? Date.parse(run.endTime) : now
  return formatMs(Math.max(0, end - Date.parse(run.startTime)))
}

/** What started a run, in words. */
export function launchedByText(run: Pick<FlowRunDto, 'launchedBy' | 'repeatOf'>): string {
  const by: Record<string, string> = {
    'api-trigger': 'API',
    manual: 'Console / manual',
    'schedule-trigger': 'Schedule',
    'app-event-trigger': 'App event',
    'data-source-trigger': 'Data record event'
  }
  const text = by[run.launchedBy.type] ?? run.launchedBy.type.replace(/-/g, ' ')
  return run.repeatOf ? `${text} · repeat` : text
}
