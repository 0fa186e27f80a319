import { ReactFlowProvider } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react'
import type { FlowNodeRunDto, FlowRunDto } from '@contract/flow-runs'
import type { FlowNode, FlowNodes } from '@contract/flows'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge } from '../../ui/card'
import {
  AlertCircleIcon,
  CheckCircleIcon,
  ExternalIcon,
  PlayIcon,
  RedoIcon,
  SaveIcon,
  UndoIcon,
  WandIcon,
  XIcon
} from '../../ui/icons'
import { builderReducer, historyOf, initialBuilderState, isDirty, RAN_WITH } from './builder-state'
import { isLive, RunStateBadge, runDuration } from '../runs/RunState'
import { useRunView } from '../runs/use-run-view'
import { FlowCanvas, type NodeRunState } from './FlowCanvas'
import type { SampleScope } from './FormulaFields'
import {
  addNode,
  ancestorsOf,
  connect,
  disconnect,
  errorsByNode,
  fieldErrors,
  layout,
  plainMessage,
  removeNodes,
  renameNode,
  triggerKeys,
  withoutUi,
  withPosition,
  type Position
} from './graph-model'
import { nodeTypeSpec } from './node-types'
import { NodePanel } from './NodePanel'
import { Palette } from './Palette'
import { RunDialog } from './RunDialog'
import { exampleInput, INPUT_RANK, readRecordInput, recordTriggerOf } from './trigger-input'
import { countOf } from '../../format/plural'
import { formatCount } from '../../format/time'

const CHECK_DELAY_MS = 400

/** What the previews say they ran against, by the run input's rank (trigger-input.ts INPUT_RANK). */
const PREVIEW_SOURCE = ['an example input', 'a real record of the collection', 'the last run', 'the run input']

/** What a page gives the builder: how to save and run this flow, and what else to show. */
export interface FlowBuilderProps {
  /** Stable id of what is edited (remembers the run input per flow); absent for a new flow. */
  flowKey?: string
  name: string
  initialNodes: FlowNodes
  /** The customer whose data previews and runs use. */
  customerId?: string
  /** The integration of the flow's connection (app-data nodes pick collections of its app). */
  integrationKey?: string
  /** Persists the draft; answers the nodes as saved (the engine cleans them). Throws to refuse. */
  save(draft: { name: string; nodes: FlowNodes }): Promise<FlowNodes>
  /** Starts a run of the saved flow. */
  run(input: unknown, startNodeKey?: string): Promise<FlowRunDto>
  /** Loads the most recent run to show (node states, last-run data), if any. */
  latestRunId?: string
  /** Left of the toolbar: breadcrumbs and the name. */
  heading: ReactNode
  /** More toolbar buttons (deploy, reset, enable…). */
  actions?: ReactNode
  /** Shown above the canvas (setup errors, customised notice). */
  banner?: ReactNode
  saveLabel?: string
  runNote?: string
  /** Nothing is saved yet (a new flow): the builder says so instead of "Saved". */
  isNew?: boolean
  /**
   * The connection a data-record trigger's sample record is read through (the instance's, or one
   * of the template's integration): the run dialog and the previews start from a real record.
   */
  recordConnection?: { id: string; name: string; integrationKey: string }
  /** Tells the page when there are unsaved changes. */
  onDirtyChange?(dirty: boolean): void
  /** The name input lives in the page's heading; the builder owns its value. */
  renderName(name: string, setName: (name: string) => void): ReactNode
}

function runStates(run: FlowRunDto | undefined, nodeRuns: FlowNodeRunDto[]): Record<string, NodeRunState> | undefined {
  if (!run) return undefined
  const states: Record<string, NodeRunState> = {}
  for (const [key, summary] of Object.entries(run.nodes)) states[key] = summary.state
  for (const nr of nodeRuns)
    if (!states[nr.nodeKey]) states[nr.nodeKey] = nr.status === 'skipped' ? 'skipped' : nr.status
  return states
}

function storedInput(flowKey: string | undefined): string | undefined {
  if (!flowKey) return undefined
  try {
    return window.localStorage.getItem(`workbench.runInput.${flowKey}`) ?? undefined
  } catch {
    return undefined
  }
}

function rememberInput(flowKey: string | undefined, text: string): void {
  if (!flowKey) return
  try {
    window.localStorage.setItem(`workbench.runInput.${flowKey}`, text)
  } catch {
    // storage unavailable: the dialog starts from the default next time
  }
}

function BuilderInner(props: FlowBuilderProps) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const setLeaveGuard = useConsole((s) => s.setLeaveGuard)
  const [state, dispatch] = useReducer(builderReducer, props, (p) => {
    const stored = storedInput(p.flowKey)
    const example = exampleInput(p.initialNodes)
    return initialBuilderState({
      name: p.name,
      nodes: p.initialNodes,
      isNew: !!p.isNew,
      runInput: stored ?? JSON.stringify(example.input, null, 2),
      runInputSource: stored !== undefined ? RAN_WITH : example.source,
      runInputRank: stored !== undefined ? INPUT_RANK.chosen : example.rank,
      showRun: !!p.latestRunId
    })
  })
  const { name, nodes, selected, panelTab, problems, checking, saving, saveError, showRun } = state
  const run = useRunView(props.latestRunId)
  const dirty = isDirty(state)
  const { canUndo, canRedo } = historyOf(state)
  const onDirty = useRef(props.onDirtyChange)
  onDirty.current = props.onDirtyChange
  useEffect(() => onDirty.current?.(dirty), [dirty])

  useEffect(() => {
    api.call('actions.list').then(
      (actions) => dispatch({ type: 'choices', actions }),
      () => undefined
    )
    api.call('integrations.overview').then(
      (o) =>
        dispatch({
          type: 'choices',
          integrations: o.integrations
            .filter((i) => !i.archivedAt)
            .map((i) => ({
              key: i.key,
              name: i.name,
              collections: o.sandboxApps.find((a) => i.connectorId === `sandbox-${a.key}`)?.collections ?? []
            }))
        }),
      () => undefined
    )
  }, [api])

  // input that fits the trigger: the last run's, else (never run) a real record of the trigger's collection
  const lastRun = run.view?.run
  useEffect(() => {
    if (!lastRun || lastRun.input === undefined) return
    dispatch({
      type: 'suggestInput',
      input: JSON.stringify(lastRun.input, null, 2),
      source: "The last run's input.",
      rank: INPUT_RANK.lastRun
    })
    // once per run: its input does not change
  }, [lastRun?.id])
  const recordTrigger = JSON.stringify(recordTriggerOf(nodes) ?? null)
  const connection = props.recordConnection
  const wantsRecord = !props.latestRunId && state.runInputRank < INPUT_RANK.record
  useEffect(() => {
    if (!wantsRecord || !connection || recordTrigger === 'null') return
    let live = true
    readRecordInput(api, nodes, connection).then(
      (found) => {
        if (!live || !found) return
        if ('reason' in found) {
          const example = exampleInput(nodes)
          dispatch({
            type: 'suggestInput',
            input: JSON.stringify(example.input, null, 2),
            source: `${example.source.replace(/[.:].*$/, '')}: ${found.reason}.`,
            rank: INPUT_RANK.example
          })
        } else dispatch({ type: 'suggestInput', ...found, input: JSON.stringify(found.input, null, 2) })
      },
      () => undefined
    )
    return () => {
      live = false
    }
    // read again only when the trigger's collection or the connection changes, not on every edit
  }, [api, connection?.id, recordTrigger, wantsRecord])

  // the engine's own verdict on the draft, a moment after each change
  const logic = useMemo(() => JSON.stringify(withoutUi(nodes)), [nodes])
  useEffect(() => {
    if (!Object.keys(nodes).length) {
      dispatch({ type: 'checked', problems: [] })
      return
    }
    let live = true
    dispatch({ type: 'checking' })
    const t = setTimeout(() => {
      api.call('flows.check', { nodes }).then(
        (r) => live && dispatch({ type: 'checked', problems: r.errors }),
        () => live && dispatch({ type: 'checked' })
      )
    }, CHECK_DELAY_MS)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [api, logic])

  const split = useMemo(() => errorsByNode(problems), [problems])
  const problemCounts = useMemo(
    () => Object.fromEntries(Object.entries(split.byNode).map(([k, v]) => [k, v.length])),
    [split]
  )
  const view = run.view
  // one object per run state, so the canvas redraws only when a node's state moved
  const states = useMemo(() => (showRun ? runStates(view?.run, view?.nodeRuns ?? []) : undefined), [showRun, view])
  const outputs = useMemo(() => {
    if (!showRun || !view) return undefined
    return Object.fromEntries(Object.entries(view.run.nodes).map(([k, s]) => [k, s.outputs]))
  }, [showRun, view])
  const runsOf = useCallback((key: string) => view?.nodeRuns.filter((r) => r.nodeKey === key), [view])

  const change = (next: FlowNodes, options: { group?: string; select?: string | null; notice?: string } = {}) =>
    dispatch({ type: 'edit', nodes: next, ...options })

  const remove = (keys: string[]) => {
    const names = keys.map((k) => nodes[k]?.name || k)
    change(removeNodes(nodes, keys), {
      select: selected && keys.includes(selected) ? null : undefined,
      notice: keys.length === 1 ? `Deleted node “${names[0]}”` : `Deleted ${keys.length} nodes`
    })
  }

  const add = (type: string, position?: Position) => {
    const from = selected && nodes[selected] && !nodeTypeSpec(type)?.isTrigger ? selected : undefined
    const { nodes: next, key } = addNode(nodes, type, { from, position })
    change(next, { select: key })
    if (!position) dispatch({ type: 'focus', key })
  }

  const sample = useMemo((): SampleScope => {
    let parsed: unknown
    try {
      parsed = JSON.parse(state.runInput)
    } catch {
      parsed = undefined
    }
    const input: Record<string, unknown> = {}
    let source = PREVIEW_SOURCE[state.runInputRank] ?? 'the run input'
    const lastInput = view?.run.input
    // without a run, a data-record trigger's later nodes see the record as the trigger gives it (mapped fields too)
    for (const key of triggerKeys(nodes)) input[key] = view ? lastInput : (state.sampleTriggerOutput ?? parsed)
    if (view) source = 'the last run'
    const ran = selected ? view?.nodeRuns.find((r) => r.nodeKey === selected) : undefined
    const ranInput = ran?.input && typeof ran.input === 'object' ? (ran.input as Record<string, unknown>) : undefined
    if (ranInput && Object.keys(ranInput).length && !nodeTypeSpec(nodes[selected!]?.type ?? '')?.isTrigger) {
      return { scope: { input: ranInput, flowInstance: {}, parameters: {} }, source: 'what it got in the last run' }
    }
    if (selected && view) {
      // a node that has not run yet (new, or after one that failed) sees what the nodes before it
      // produced in the last run
      for (const key of ancestorsOf(nodes, selected)) {
        const out = view.nodeRuns.find((r) => r.nodeKey === key && r.outputs.length)
        if (!out) continue
        try {
          input[key] = JSON.parse(out.outputs[0].data)
        } catch {
          // an output that is not JSON is left out of the sample
        }
      }
    }
    return { scope: { input, flowInstance: {}, parameters: {} }, source }
  }, [state.runInput, state.runInputRank, state.sampleTriggerOutput, selected, view, nodes])

  const save = async (): Promise<boolean> => {
    dispatch({ type: 'saving' })
    try {
      const finalName = name.trim() || props.name
      const result = await props.save({ name: finalName, nodes })
      dispatch({ type: 'saved', name: finalName, nodes: result })
      return true
    } catch (e) {
      const message = messageOf(e)
      dispatch({
        type: 'saveFailed',
        message,
        problems: e instanceof ConsoleCallError && e.details.length ? e.details : undefined
      })
      notify({ kind: 'error', title: 'Not saved', text: message })
      return false
    }
  }

  const startRun = async (input: unknown, text: string, startNodeKey?: string) => {
    dispatch({ type: 'runStarting', input: text })
    rememberInput(props.flowKey, text)
    try {
      if (dirty && !(await save())) {
        dispatch({
          type: 'runFailed',
          message: 'The flow could not be saved; fix the problems shown on the canvas and run again.'
        })
        return
      }
      const started = await props.run(input, startNodeKey)
      dispatch({ type: 'runStarted', openRunTab: true })
      run.follow(started.id)
    } catch (e) {
      dispatch({ type: 'runFailed', message: messageOf(e) })
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return
      const key = e.key.toLowerCase()
      const target = e.target as HTMLElement | null
      const typing = !!target?.closest?.('input, textarea, select, [contenteditable="true"], .cm-editor')
      const inDialog = !!target?.closest?.('[role="dialog"]') || state.runOpen
      if ((e.metaKey || e.ctrlKey) && key === 's') {
        e.preventDefault()
        if (dirty && !saving) void save()
        return
      }
      if (inDialog) return
      // fields keep their own undo; everywhere else Ctrl+Z undoes the last edit of the flow
      if ((e.metaKey || e.ctrlKey) && !typing && (key === 'z' || key === 'y')) {
        e.preventDefault()
        dispatch({ type: e.shiftKey || key === 'y' ? 'redo' : 'undo' })
        return
      }
      if (e.key === 'Escape' && selected && !target?.closest?.('.cm-tooltip-autocomplete')) {
        e.preventDefault()
        dispatch({ type: 'select', key: null })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  useEffect(() => {
    if (!dirty) return
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onUnload)
    // leaving for another page of the console asks too
    const release = setLeaveGuard(() => window.confirm('This flow has unsaved changes. Leave and lose them?'))
    return () => {
      window.removeEventListener('beforeunload', onUnload)
      release()
    }
  }, [dirty, setLeaveGuard])

  const selectedNode = selected ? nodes[selected] : undefined
  const problemCount = problems.length
  const empty = !Object.keys(nodes).length
  const liveRun = view && showRun ? view.run : undefined
  const doneNodes = liveRun ? Object.values(liveRun.nodes).filter((s) => s.state !== 'running').length : 0

  return (
    <div className="builder">
      <div className="builder-toolbar">
        <div className="builder-heading">
          {props.heading}
          {props.renderName(name, (next) => dispatch({ type: 'rename', name: next }))}
        </div>
        <div className="builder-status" aria-live="polite">
          {checking ? (
            <span className="subtle row" style={{ gap: 6 }}>
              <span className="spinner" style={{ width: 12, height: 12 }} aria-hidden="true" /> Checking…
            </span>
          ) : problemCount ? (
            <Badge tone="danger" title={problems.map((p) => plainMessage(p.message)).join('\n')}>
              <AlertCircleIcon size={12} /> {countOf(problemCount, 'problem')}
            </Badge>
          ) : !empty ? (
            <Badge tone="success">
              <CheckCircleIcon size={12} /> Valid
            </Badge>
          ) : null}
          {!state.saved ? (
            <Badge tone="warning">Not saved yet</Badge>
          ) : dirty ? (
            <Badge tone="warning">Unsaved changes</Badge>
          ) : (
            <span className="subtle">Saved</span>
          )}
        </div>
        <div className="builder-actions">
          {props.actions}
          <Button
            iconOnly
            variant="ghost"
            icon={<UndoIcon size={14} />}
            aria-label="Undo"
            title="Undo (Ctrl+Z)"
            disabled={!canUndo}
            onClick={() => dispatch({ type: 'undo' })}
          />
          <Button
            iconOnly
            variant="ghost"
            icon={<RedoIcon size={14} />}
            aria-label="Redo"
            title="Redo (Ctrl+Shift+Z)"
            disabled={!canRedo}
            onClick={() => dispatch({ type: 'redo' })}
          />
          <Button
            icon={<SaveIcon size={14} />}
            busy={saving}
            disabled={!dirty}
            onClick={() => void save()}
            title="Save (Ctrl+S)"
          >
            {props.saveLabel ?? 'Save'}
          </Button>
          <Button
            variant="primary"
            icon={<PlayIcon size={14} />}
            disabled={empty}
            onClick={() => dispatch({ type: 'openRun' })}
          >
            Run
          </Button>
        </div>
      </div>
      {props.banner}
      {saveError && (
        <div className="builder-banner builder-banner-danger" role="alert">
          <AlertCircleIcon size={14} />
          <span>{saveError}</span>
          <Button
            size="sm"
            variant="ghost"
            iconOnly
            aria-label="Dismiss"
            icon={<XIcon size={13} />}
            onClick={() => dispatch({ type: 'dismissSaveError' })}
          />
        </div>
      )}
      <div className={['builder-body', selectedNode && 'has-panel'].filter(Boolean).join(' ')}>
        <Palette onAdd={(type) => add(type)} hasTrigger={triggerKeys(nodes).length > 0} />
        <div className="builder-canvas">
          <FlowCanvas
            label="Flow canvas"
            nodes={nodes}
            selected={selected}
            problems={problemCounts}
            states={states}
            outputs={outputs}
            fitToken={state.fitToken}
            focus={state.focus}
            onSelect={(key) =>
              dispatch({
                type: 'select',
                key,
                tab: key && showRun && view?.nodeRuns.some((r) => r.nodeKey === key) ? 'run' : 'settings'
              })
            }
            onMove={(moved) =>
              change(
                Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, moved[k] ? withPosition(n, moved[k]) : n]))
              )
            }
            onConnect={(source, target) => {
              const result = connect(nodes, source, target)
              if (result.error) notify({ kind: 'error', title: 'Not linked', text: result.error })
              else change(result.nodes)
            }}
            onDisconnect={(source, target) => change(disconnect(nodes, source, target))}
            onDelete={remove}
            onDropType={(type, position) => add(type, position)}
          />
          {empty && (
            <div className="builder-empty">
              <div className="state-icon">
                <PlayIcon size={18} />
              </div>
              <div className="state-title">Start with a trigger</div>
              <p className="state-text">
                Pick one from the palette (or drag it here), then add the steps that follow. Each step is configured in
                the panel on the right.
              </p>
              <div className="row" style={{ justifyContent: 'center', flexWrap: 'wrap' }}>
                {['manual-trigger', 'api-trigger']
                  .filter((t) => nodeTypeSpec(t))
                  .map((t) => (
                    <Button key={t} size="sm" onClick={() => add(t)}>
                      Add {nodeTypeSpec(t)!.name}
                    </Button>
                  ))}
              </div>
            </div>
          )}
          {split.graph.length > 0 && !empty && (
            <div className="builder-graph-problems" role="alert">
              <AlertCircleIcon size={14} />
              <span>{plainMessage(split.graph[0].message)}</span>
            </div>
          )}
          <div className="builder-canvas-tools">
            <Button
              size="sm"
              icon={<WandIcon size={14} />}
              disabled={empty}
              onClick={() => {
                const positions = layout(nodes, false)
                change(Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, withPosition(n, positions[k])])))
                dispatch({ type: 'fit' })
              }}
            >
              Tidy up
            </Button>
          </div>
          {liveRun && (
            <div className={`run-strip run-strip-${liveRun.state}`} role="status" aria-label="Run progress">
              <RunStateBadge state={liveRun.state} />
              <span className="run-strip-text">
                {isLive(liveRun)
                  ? `${formatCount(doneNodes)} of ${countOf(Object.keys(nodes).length, 'node')} done · ${runDuration(liveRun)}`
                  : liveRun.state === 'failed'
                    ? `Failed${liveRun.errors?.[0] ? `: ${liveRun.errors[0].message}` : ''}`
                    : `${liveRun.state === 'completed' ? 'Completed' : 'Stopped'} in ${runDuration(liveRun)}`}
              </span>
              <span className="spacer" />
              <a className="btn btn-ghost btn-sm" href={hrefOf({ name: 'run', id: liveRun.id })}>
                <ExternalIcon size={13} /> Open run page
              </a>
              <Button
                size="sm"
                variant="ghost"
                iconOnly
                aria-label="Hide the run"
                icon={<XIcon size={13} />}
                onClick={() => dispatch({ type: 'showRun', show: false })}
              />
            </div>
          )}
        </div>
        {selectedNode && selected && (
          <NodePanel
            key={`${selected}:${panelTab}:${view?.run.id ?? ''}`}
            nodeKey={selected}
            node={selectedNode}
            initialTab={panelTab}
            errors={fieldErrors(split.byNode[selected], selected)}
            ctx={{
              nodes,
              actions: state.actions,
              integrations: state.integrations,
              integrationKey: props.integrationKey,
              sample,
              customerId: props.customerId,
              runs: showRun ? runsOf(selected) : undefined
            }}
            onChange={(node: FlowNode) => change({ ...nodes, [selected]: node }, { group: `node:${selected}` })}
            onRename={(key) => {
              const result = renameNode(nodes, selected, key)
              if (result.error) return result.error
              change(result.nodes, { select: key })
              return undefined
            }}
            onDelete={() => remove([selected])}
            onClose={() => dispatch({ type: 'select', key: null })}
          />
        )}
      </div>
      {state.notice && (
        <div className="builder-notice" role="status" key={state.notice.token}>
          <span>{state.notice.text}</span>
          <Button size="sm" icon={<UndoIcon size={13} />} onClick={() => dispatch({ type: 'undo' })}>
            Undo
          </Button>
          <Button
            size="sm"
            variant="ghost"
            iconOnly
            aria-label="Dismiss"
            icon={<XIcon size={13} />}
            onClick={() => dispatch({ type: 'dismissNotice' })}
          />
        </div>
      )}
      <RunDialog
        open={state.runOpen}
        nodes={nodes}
        input={state.runInput}
        inputSource={state.runInputSource}
        busy={state.runBusy}
        error={state.runError}
        note={props.runNote}
        onClose={() => dispatch({ type: 'closeRun' })}
        onRun={(input, text, start) => void startRun(input, text, start)}
      />
    </div>
  )
}

/** The flow builder: palette, canvas and node panel, with saving, checking and running. */
export function FlowBuilder(props: FlowBuilderProps) {
  return (
    <ReactFlowProvider>
      <BuilderInner {...props} />
    </ReactFlowProvider>
  )
}
