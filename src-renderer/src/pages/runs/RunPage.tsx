import { ReactFlowProvider } from '@xyflow/react'
import { useEffect, useMemo, useState } from 'react'
import type { FlowNodeRunDto } from '@contract/flow-runs'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { NotFound } from '../../ui/not-found'
import { hrefOf } from '../../app/routes'
import { FlowCanvas, type NodeRunState } from '../../features/builder/FlowCanvas'
import { iconOf } from '../../features/builder/node-icons'
import { nodeTypeSpec } from '../../features/builder/node-types'
import { formatMs, NodeRunDetails } from '../../features/runs/NodeRunDetails'
import { isLive, launchedByText, RunStateBadge, runDuration } from '../../features/runs/RunState'
import { useRunView } from '../../features/runs/use-run-view'
import { formatClock, formatDateTime } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { CopyButton } from '../../ui/copy-button'
import { AlertCircleIcon, ChevronRightIcon, FlowIcon, RotateIcon, StopIcon } from '../../ui/icons'
import { JsonView } from '../../ui/json-view'
import { PageHeader } from '../../ui/page-header'
import { ErrorState, SkeletonRows } from '../../ui/states'
import { Tabs } from '../../ui/tabs'
import { countOf } from '../../format/plural'

type IoTab = 'input' | 'output'

function Timeline(props: {
  nodeRuns: FlowNodeRunDto[]
  runStart: number
  totalMs: number
  selected: string | null
  onSelect(key: string): void
  names: Record<string, string>
}) {
  const span = Math.max(props.totalMs, 1)
  return (
    <ol className="timeline" aria-label="Node timeline">
      {props.nodeRuns.map((nr) => {
        const offset = Math.max(0, Date.parse(nr.startedAt) - props.runStart)
        const Icon = iconOf(nr.nodeType)
        const left = Math.min(100, (offset / span) * 100)
        const width = Math.max(0.8, Math.min(100 - left, (nr.durationMs / span) * 100))
        return (
          <li key={nr.id}>
            <button
              type="button"
              className="timeline-row"
              aria-current={props.selected === nr.nodeKey || undefined}
              onClick={() => props.onSelect(nr.nodeKey)}
            >
              <span className={`timeline-dot status-${nr.status}`} title={nr.status} />
              <span className="visually-hidden">{nr.status}</span>
              <span className="timeline-name">
                <Icon size={13} />
                <span className="truncate">{props.names[nr.nodeKey] ?? nr.nodeKey}</span>
                <span className="mono subtle truncate">{nr.nodeKey}</span>
                {nr.iteration?.length ? (
                  <span className="chip">item {nr.iteration.map((i) => i.index).join('.')}</span>
                ) : null}
              </span>
              <span className="timeline-bar" aria-hidden="true">
                <span
                  className={`timeline-fill status-${nr.status}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                />
              </span>
              <span className="mono subtle tabular timeline-offset">+{formatMs(offset)}</span>
              <span className="mono tabular timeline-duration">{formatMs(nr.durationMs)}</span>
            </button>
          </li>
        )
      })}
    </ol>
  )
}

/** One run: the graph with each node's state, the node timeline, each node's input / output / logs, stop and repeat. */
export function RunPage(props: { id: string }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const navigate = useConsole((s) => s.navigate)
  const { view, errorObject, error, reload } = useRunView(props.id)
  const [selected, setSelected] = useState<string | null>(null)
  const [io, setIo] = useState<IoTab>('output')
  const [busy, setBusy] = useState<string | null>(null)
  const [, setTick] = useState(0)

  const live = view ? isLive(view.run) : false
  useEffect(() => {
    if (!live) return
    const t = setInterval(() => setTick((n) => n + 1), 500)
    return () => clearInterval(t)
  }, [live])

  // pick the node to show: the failed one, else the last that ran
  useEffect(() => {
    if (!view || selected) return
    const failed = view.nodeRuns.find((r) => r.status === 'failed')
    const last = view.nodeRuns[view.nodeRuns.length - 1]
    if (failed ?? last) setSelected((failed ?? last).nodeKey)
  }, [view, selected])

  const states = useMemo(() => {
    if (!view) return undefined
    const out: Record<string, NodeRunState> = {}
    for (const [key, s] of Object.entries(view.run.nodes)) out[key] = s.state
    return out
  }, [view])

  if (errorObject instanceof ConsoleCallError && errorObject.status === 404)
    return <NotFound message={errorObject.message} />
  if (error && !view)
    return (
      <div className="page">
        <Card>
          <ErrorState message={error} onRetry={reload} />
        </Card>
      </div>
    )
  if (!view)
    return (
      <div className="page">
        <Card>
          <SkeletonRows rows={6} label="Loading the run" />
        </Card>
      </div>
    )

  const { run, customer, instance, nodeRuns } = view
  const names = Object.fromEntries(
    Object.entries(instance.nodes).map(([k, n]) => [k, n.name || nodeTypeSpec(n.type)?.name || k])
  )
  const runStart = Date.parse(run.startTime)
  const totalMs = (run.endTime ? Date.parse(run.endTime) : Date.now()) - runStart
  const selectedRuns = selected ? nodeRuns.filter((r) => r.nodeKey === selected) : []
  const missing = nodeRuns.some((r) => !instance.nodes[r.nodeKey])

  const stop = async () => {
    setBusy('stop')
    try {
      await api.call('runs.stop', { id: run.id })
      reload()
      notify({ kind: 'success', title: 'Run stopped' })
    } catch (e) {
      notify({ kind: 'error', title: 'Not stopped', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }
  const repeat = async () => {
    setBusy('repeat')
    try {
      const next = await api.call('runs.repeat', { id: run.id })
      notify({
        kind: 'success',
        title: 'Repeated with the same input',
        text: `With the flow as it is now (${countOf(Object.keys(instance.nodes).length, 'node')}).`
      })
      navigate({ name: 'run', id: next.id })
    } catch (e) {
      notify({ kind: 'error', title: 'Not repeated', text: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="page page-wide">
      <PageHeader
        breadcrumbs={
          <>
            <a href={hrefOf({ name: 'runs', filters: {} })}>Runs</a>
            <ChevronRightIcon size={13} />
            <a href={hrefOf({ name: 'runs', filters: { flowInstanceId: instance.id } })}>{instance.name}</a>
            <ChevronRightIcon size={13} />
            <span className="mono truncate">{run.id}</span>
          </>
        }
        title={instance.name}
        badges={
          <>
            <RunStateBadge state={run.state} />
            {instance.isAdHoc && <Badge tone="accent">Ad-hoc</Badge>}
            {run.repeatOf && (
              <a href={hrefOf({ name: 'run', id: run.repeatOf })} className="badge">
                Repeat of a run
              </a>
            )}
          </>
        }
        description={
          <span className="row" style={{ gap: 'var(--space-2)', flexWrap: 'wrap' }}>
            <a className="row" style={{ gap: 6 }} href={hrefOf({ name: 'customer', id: customer.id })}>
              <Avatar name={customer.name} seed={customer.id} /> {customer.name}
            </a>
            <span className="subtle">·</span>
            <span title={run.startTime}>Started {formatDateTime(run.startTime)}</span>
            <span className="subtle">·</span>
            <span className="tabular">{live ? `running for ${runDuration(run)}` : `took ${runDuration(run)}`}</span>
            <span className="subtle">·</span>
            <span>{launchedByText(run)}</span>
          </span>
        }
        actions={
          <>
            <a className="btn btn-ghost" href={hrefOf({ name: 'instance', id: instance.id })}>
              <FlowIcon size={14} /> Open flow
            </a>
            {live ? (
              <Button variant="danger" icon={<StopIcon size={14} />} busy={busy === 'stop'} onClick={() => void stop()}>
                Stop
              </Button>
            ) : (
              <Button
                variant="primary"
                icon={<RotateIcon size={14} />}
                busy={busy === 'repeat'}
                disabled={instance.archived}
                onClick={() => void repeat()}
                title={instance.archived ? 'The flow is archived' : 'Run again with the same input'}
              >
                Repeat
              </Button>
            )}
          </>
        }
      />
      {run.errors?.map((e, i) => (
        <Callout
          key={i}
          tone="danger"
          icon={<AlertCircleIcon />}
          title="The run failed"
          role="alert"
          actions={
            typeof e.data?.nodeKey === 'string' && (
              <Button size="sm" onClick={() => setSelected(e.data!.nodeKey as string)}>
                Show the node
              </Button>
            )
          }
        >
          {e.message}
          {!live && (
            <span className="subtle">
              {' '}
              Fix the node in <a href={hrefOf({ name: 'instance', id: instance.id })}>the flow</a>, save, and repeat
              this run with the same input.
            </span>
          )}
        </Callout>
      ))}
      <div className="run-layout">
        <div className="stack">
          <Card
            title="Flow"
            flush
            description={
              missing
                ? 'Some nodes that ran have since been removed from the flow; they are in the timeline.'
                : undefined
            }
          >
            <div className="run-canvas">
              <ReactFlowProvider>
                <FlowCanvas
                  label="Run graph"
                  readOnly
                  nodes={instance.nodes}
                  selected={selected}
                  states={states}
                  outputs={Object.fromEntries(Object.entries(run.nodes).map(([k, s]) => [k, s.outputs]))}
                  onSelect={(k) => k && setSelected(k)}
                />
              </ReactFlowProvider>
            </div>
          </Card>
          <Card
            title="Timeline"
            description={`${countOf(nodeRuns.length, 'node run')}${view.nodeRunsTruncated ? ' (the first 1,000 are shown)' : ''}, in start order.`}
            flush
          >
            {nodeRuns.length ? (
              <Timeline
                nodeRuns={nodeRuns}
                runStart={runStart}
                totalMs={totalMs}
                selected={selected}
                onSelect={setSelected}
                names={names}
              />
            ) : (
              <p className="subtle" style={{ padding: 'var(--space-5)' }}>
                {live ? 'Waiting for the first node…' : 'No node ran.'}
              </p>
            )}
          </Card>
          <Card title="Run input and output" flush>
            <Tabs<IoTab>
              label="Run input and output"
              idPrefix="run-io"
              value={io}
              onChange={setIo}
              items={[
                { value: 'output', label: 'Output' },
                { value: 'input', label: 'Input' }
              ]}
            />
            <div role="tabpanel" aria-labelledby={`run-io-tab-${io}`} className="card-body">
              {io === 'input' ? (
                <JsonView value={run.input} label="Run input" empty="The run started without input." />
              ) : (
                <JsonView
                  value={view.output}
                  label="Run output"
                  empty={
                    live
                      ? 'The run has not finished.'
                      : run.state === 'completed'
                        ? 'The run produced no output.'
                        : `No output: the run ${run.state}.`
                  }
                />
              )}
            </div>
          </Card>
        </div>
        <div className="stack sticky-aside">
          <Card
            title={selected ? (names[selected] ?? selected) : 'Node'}
            description={
              selected ? (
                <span className="row" style={{ gap: 6 }}>
                  <span className="mono">{selected}</span>
                  <CopyButton text={selected} iconOnly variant="ghost" aria-label="Copy the node key" />
                  <span className="subtle">
                    {instance.nodes[selected]
                      ? nodeTypeSpec(instance.nodes[selected].type)?.name
                      : selectedRuns[0]?.nodeType}
                  </span>
                </span>
              ) : undefined
            }
          >
            {selected ? (
              <NodeRunDetails
                key={`${selected}:${selectedRuns.length}`}
                runs={selectedRuns}
                nodeKey={selected}
                idPrefix="run-node"
              />
            ) : (
              <p className="subtle">Click a node on the graph or in the timeline to see its input, output and logs.</p>
            )}
          </Card>
          <p className="subtle run-id-foot">
            Run <span className="mono">{run.id}</span> · started {formatClock(run.startTime)}
            {run.endTime ? ` · ended ${formatClock(run.endTime)}` : ''}
          </p>
        </div>
      </div>
    </div>
  )
}
