import { ReactFlowProvider } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { ActionChoice } from '../../../../src-main/contract/console-views'
import type { ErrorDetail } from '../../../../src-main/contract/errors'
import type { FlowNodeRunDto, FlowRunDto } from '../../../../src-main/contract/flow-runs'
import type { FlowNode, FlowNodes } from '../../../../src-main/contract/flows'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge } from '../../ui/card'
import { AlertCircleIcon, CheckCircleIcon, ExternalIcon, PlayIcon, SaveIcon, WandIcon, XIcon } from '../../ui/icons'
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
import { NodePanel, type IntegrationChoice } from './NodePanel'
import { Palette } from './Palette'
import { defaultRunInput, RunDialog } from './RunDialog'

const CHECK_DELAY_MS = 400

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
  const [name, setName] = useState(props.name)
  const [nodes, setNodes] = useState<FlowNodes>(props.initialNodes)
  const [saved, setSaved] = useState<{ name: string; nodes: FlowNodes }>({
    name: props.name,
    nodes: props.initialNodes
  })
  const [selected, setSelected] = useState<string | null>(null)
  const [problems, setProblems] = useState<ErrorDetail[]>([])
  const [checking, setChecking] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [runOpen, setRunOpen] = useState(false)
  const [runBusy, setRunBusy] = useState(false)
  const [runError, setRunError] = useState<string | null>(null)
  const [runInput, setRunInput] = useState(
    () => storedInput(props.flowKey) ?? JSON.stringify(defaultRunInput(props.initialNodes), null, 2)
  )
  const [showRun, setShowRun] = useState(!!props.latestRunId)
  const [fitToken, setFitToken] = useState(0)
  const [focus, setFocus] = useState<{ key: string; token: number } | undefined>()
  const [actions, setActions] = useState<ActionChoice[]>([])
  const [integrations, setIntegrations] = useState<IntegrationChoice[]>([])
  const [panelTab, setPanelTab] = useState<'settings' | 'run'>('settings')
  const run = useRunView(props.latestRunId)
  const dirty = name !== saved.name || JSON.stringify(nodes) !== JSON.stringify(saved.nodes)
  const onDirty = useRef(props.onDirtyChange)
  onDirty.current = props.onDirtyChange
  useEffect(() => onDirty.current?.(dirty), [dirty])

  useEffect(() => {
    api.call('actions.list').then(setActions, () => undefined)
    api.call('integrations.overview').then(
      (o) =>
        setIntegrations(
          o.integrations
            .filter((i) => !i.archivedAt)
            .map((i) => ({
              key: i.key,
              name: i.name,
              collections: o.sandboxApps.find((a) => i.connectorId === `sandbox-${a.key}`)?.collections ?? []
            }))
        ),
      () => undefined
    )
  }, [api])

  // the engine's own verdict on the draft, a moment after each change
  const logic = useMemo(() => JSON.stringify(withoutUi(nodes)), [nodes])
  useEffect(() => {
    if (!Object.keys(nodes).length) {
      setProblems([])
      return
    }
    let live = true
    setChecking(true)
    const t = setTimeout(() => {
      api
        .call('flows.check', { nodes })
        .then(
          (r) => live && setProblems(r.errors),
          () => undefined
        )
        .finally(() => live && setChecking(false))
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
  const states = showRun ? runStates(view?.run, view?.nodeRuns ?? []) : undefined
  const outputs = useMemo(() => {
    if (!showRun || !view) return undefined
    return Object.fromEntries(Object.entries(view.run.nodes).map(([k, s]) => [k, s.outputs]))
  }, [showRun, view])
  const runsOf = useCallback((key: string) => view?.nodeRuns.filter((r) => r.nodeKey === key), [view])

  const change = (next: FlowNodes) => {
    setNodes(next)
    setSaveError(null)
  }

  const add = (type: string, position?: Position) => {
    const from = selected && nodes[selected] && !nodeTypeSpec(type)?.isTrigger ? selected : undefined
    const { nodes: next, key } = addNode(nodes, type, { from, position })
    change(next)
    setSelected(key)
    setPanelTab('settings')
    if (!position) setFocus((f) => ({ key, token: (f?.token ?? 0) + 1 }))
  }

  const sample = useMemo((): SampleScope => {
    let input: Record<string, unknown> = {}
    let parsed: unknown
    try {
      parsed = JSON.parse(runInput)
    } catch {
      parsed = undefined
    }
    let source = 'the run input'
    const ran = selected ? view?.nodeRuns.find((r) => r.nodeKey === selected) : undefined
    if (ran && ran.input && typeof ran.input === 'object' && !nodeTypeSpec(nodes[selected!]?.type ?? '')?.isTrigger) {
      input = ran.input as Record<string, unknown>
      source = 'what it got in the last run'
    } else {
      for (const key of triggerKeys(nodes)) input[key] = parsed
      if (selected && view) {
        for (const key of ancestorsOf(nodes, selected)) {
          const out = view.nodeRuns.find((r) => r.nodeKey === key && r.outputs.length)
          if (out) {
            try {
              input[key] = JSON.parse(out.outputs[0].data)
              source = 'the run input and the last run'
            } catch {
              // an output that is not JSON is left out of the sample
            }
          }
        }
      }
    }
    return { scope: { input, flowInstance: {}, parameters: {} }, source }
  }, [runInput, selected, view, nodes])

  const save = async (): Promise<boolean> => {
    setSaving(true)
    setSaveError(null)
    try {
      const result = await props.save({ name: name.trim() || props.name, nodes })
      // keep positions as drawn even if the engine reorders keys
      setNodes(result)
      setSaved({ name: name.trim() || props.name, nodes: result })
      return true
    } catch (e) {
      const message = messageOf(e)
      setSaveError(message)
      if (e instanceof ConsoleCallError && e.details.length) setProblems(e.details)
      notify({ kind: 'error', title: 'Not saved', text: message })
      return false
    } finally {
      setSaving(false)
    }
  }

  const startRun = async (input: unknown, text: string, startNodeKey?: string) => {
    setRunBusy(true)
    setRunError(null)
    rememberInput(props.flowKey, text)
    setRunInput(text)
    try {
      if (dirty && !(await save())) {
        setRunError('The flow could not be saved; fix the problems shown on the canvas and run again.')
        return
      }
      const started = await props.run(input, startNodeKey)
      setRunOpen(false)
      setShowRun(true)
      run.follow(started.id)
      if (selected) setPanelTab('run')
    } catch (e) {
      setRunError(messageOf(e))
    } finally {
      setRunBusy(false)
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        if (dirty && !saving) void save()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  useEffect(() => {
    if (!dirty) return
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', onUnload)
    return () => window.removeEventListener('beforeunload', onUnload)
  }, [dirty])

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
          {props.renderName(name, setName)}
        </div>
        <div className="builder-status" aria-live="polite">
          {checking ? (
            <span className="subtle row" style={{ gap: 6 }}>
              <span className="spinner" style={{ width: 12, height: 12 }} aria-hidden="true" /> Checking…
            </span>
          ) : problemCount ? (
            <Badge tone="danger" title={problems.map((p) => plainMessage(p.message)).join('\n')}>
              <AlertCircleIcon size={12} /> {problemCount} problem{problemCount === 1 ? '' : 's'}
            </Badge>
          ) : !empty ? (
            <Badge tone="success">
              <CheckCircleIcon size={12} /> Valid
            </Badge>
          ) : null}
          {dirty ? <Badge tone="warning">Unsaved changes</Badge> : <span className="subtle">Saved</span>}
        </div>
        <div className="builder-actions">
          {props.actions}
          <Button
            icon={<SaveIcon size={14} />}
            busy={saving}
            disabled={!dirty}
            onClick={() => void save()}
            title="Save (Ctrl+S)"
          >
            {props.saveLabel ?? 'Save'}
          </Button>
          <Button variant="primary" icon={<PlayIcon size={14} />} disabled={empty} onClick={() => setRunOpen(true)}>
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
            onClick={() => setSaveError(null)}
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
            fitToken={fitToken}
            focus={focus}
            onSelect={(key) => {
              setSelected(key)
              if (key && showRun && view?.nodeRuns.some((r) => r.nodeKey === key)) setPanelTab('run')
              else setPanelTab('settings')
            }}
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
            onDelete={(keys) => {
              change(removeNodes(nodes, keys))
              if (selected && keys.includes(selected)) setSelected(null)
            }}
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
                setFitToken((t) => t + 1)
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
                  ? `${doneNodes} of ${Object.keys(nodes).length} nodes done · ${runDuration(liveRun)}`
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
                onClick={() => setShowRun(false)}
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
              actions,
              integrations,
              integrationKey: props.integrationKey,
              sample,
              customerId: props.customerId,
              runs: showRun ? runsOf(selected) : undefined
            }}
            onChange={(node: FlowNode) => change({ ...nodes, [selected]: node })}
            onRename={(key) => {
              const result = renameNode(nodes, selected, key)
              if (result.error) return result.error
              change(result.nodes)
              setSelected(key)
              return undefined
            }}
            onDelete={() => {
              change(removeNodes(nodes, [selected]))
              setSelected(null)
            }}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
      <RunDialog
        open={runOpen}
        nodes={nodes}
        input={runInput}
        busy={runBusy}
        error={runError}
        note={props.runNote}
        onClose={() => {
          setRunOpen(false)
          setRunError(null)
        }}
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
