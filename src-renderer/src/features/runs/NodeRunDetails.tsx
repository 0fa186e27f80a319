import { useState } from 'react'
import type { FlowNodeRunDto, RunLogEntry } from '@contract/flow-runs'
import { formatClock } from '../../format/time'
import { Badge, Callout } from '../../ui/card'
import { Select } from '../../ui/controls'
import { AlertCircleIcon } from '../../ui/icons'
import { JsonView } from '../../ui/json-view'
import { Tabs } from '../../ui/tabs'

type Pane = 'output' | 'input' | 'logs'

/** A node run's status as a badge. */
export function NodeRunStatusBadge(props: { status: FlowNodeRunDto['status'] }) {
  const tone =
    props.status === 'completed'
      ? 'success'
      : props.status === 'failed'
        ? 'danger'
        : props.status === 'stopped'
          ? 'warning'
          : 'neutral'
  return (
    <Badge tone={tone} dot>
      {props.status[0].toUpperCase() + props.status.slice(1)}
    </Badge>
  )
}

/** "12 ms", "1.4 s". */
export function formatMs(ms: number): string {
  if (ms < 1) return '<1 ms'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

function parseOutput(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

function Logs(props: { logs: RunLogEntry[] }) {
  if (!props.logs.length) return <p className="subtle node-run-empty">This node wrote no logs.</p>
  return (
    <table className="table table-compact logs-table" aria-label="Logs">
      <tbody>
        {props.logs.map((log, i) => (
          <tr key={i} className={`log-${log.level}`}>
            <td className="mono subtle nowrap tabular" style={{ width: 96 }}>
              {formatClock(log.at)}
            </td>
            <td style={{ width: 56 }}>
              <span className={`log-level log-level-${log.level}`}>{log.level}</span>
            </td>
            <td>
              <div className="log-message">{log.message}</div>
              {log.data !== undefined && <JsonView value={log.data} label="Log data" openDepth={1} maxHeight={200} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * What one node did in a run: its input, its output(s), its logs and its error. A node that ran
 * several times (inside a loop) gets a picker per iteration.
 */
export function NodeRunDetails(props: { runs: FlowNodeRunDto[]; nodeKey: string; idPrefix: string }) {
  const [index, setIndex] = useState(0)
  const run = props.runs[Math.min(index, props.runs.length - 1)]
  const [pane, setPane] = useState<Pane>('output')
  if (!run) return <p className="subtle node-run-empty">Node “{props.nodeKey}” did not run in this run.</p>
  const outputs = run.outputs.map((o) => parseOutput(o.data))
  return (
    <div className="node-run" aria-label={`Run of node ${props.nodeKey}`}>
      <div className="node-run-meta">
        <NodeRunStatusBadge status={run.status} />
        <span className="subtle tabular">
          started {formatClock(run.startedAt)} · took {formatMs(run.durationMs)}
        </span>
        {props.runs.length > 1 && (
          <Select
            small
            aria-label="Which run of this node"
            value={String(index)}
            onChange={(e) => setIndex(Number(e.target.value))}
            style={{ width: 'auto', marginLeft: 'auto' }}
          >
            {props.runs.map((r, i) => (
              <option key={r.id} value={i}>
                Run {i + 1} of {props.runs.length}
                {r.iteration?.length ? ` · item ${r.iteration.map((it) => it.index).join('.')}` : ''}
              </option>
            ))}
          </Select>
        )}
      </div>
      {run.errors.map((e, i) => (
        <Callout key={i} tone="danger" icon={<AlertCircleIcon />} title="Error" role="alert">
          <span className="node-run-error">{e.message}</span>
        </Callout>
      ))}
      <Tabs<Pane>
        label={`Node ${props.nodeKey}`}
        idPrefix={props.idPrefix}
        value={pane}
        onChange={setPane}
        items={[
          {
            value: 'output',
            label: 'Output',
            extra: outputs.length > 1 ? <span className="tab-count">{outputs.length}</span> : undefined
          },
          { value: 'input', label: 'Input' },
          {
            value: 'logs',
            label: 'Logs',
            extra: run.logs.length ? <span className="tab-count">{run.logs.length}</span> : undefined
          }
        ]}
      />
      <div role="tabpanel" aria-labelledby={`${props.idPrefix}-tab-${pane}`} className="node-run-pane">
        {pane === 'output' &&
          (outputs.length ? (
            outputs.map((o, i) => (
              <JsonView
                key={i}
                value={o}
                label={`Output of ${props.nodeKey}${outputs.length > 1 ? ` (${i + 1})` : ''}`}
              />
            ))
          ) : (
            <p className="subtle node-run-empty">
              {run.status === 'failed'
                ? 'No output: the node failed.'
                : 'No output: the data stopped here (a filter or branch condition was false).'}
            </p>
          ))}
        {pane === 'input' && <JsonView value={run.input} label={`Input of ${props.nodeKey}`} />}
        {pane === 'logs' && <Logs logs={run.logs} />}
      </div>
    </div>
  )
}
