import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConsoleFlow, ConsoleRunPage } from '@contract/console-views'
import type { FlowRunDto, FlowRunState } from '@contract/flow-runs'
import { messageOf } from '../../api/console-client'
import { hrefOf, type RunFilters } from '../../app/routes'
import { CustomerFilter } from '../../features/customers/CustomerFilter'
import { isLive, launchedByText, RunStateBadge, runDuration } from '../../features/runs/RunState'
import { formatDateTime, fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Avatar } from '../../ui/avatar'
import { Badge, Card } from '../../ui/card'
import { Segmented, Select } from '../../ui/controls'
import { HistoryIcon, XIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { countOf } from '../../format/plural'

const COLUMNS = '118px minmax(0, 2fr) minmax(0, 1.4fr) 150px 96px minmax(0, 1fr) 72px'
const ROW_HEIGHT = 52
const PAGE_SIZE = 100
type StateFilter = 'all' | FlowRunState

const SINCE: Record<string, { label: string; ms: number }> = {
  '1h': { label: 'Last hour', ms: 3600_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 3600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 3600_000 }
}

type Names = Pick<ConsoleRunPage, 'customers' | 'instances'>

function mergeNames(a: Names, b: Names): Names {
  return { customers: { ...a.customers, ...b.customers }, instances: { ...a.instances, ...b.instances } }
}

/** Runs of every customer and flow, newest first, filtered by the URL; updates while runs are in flight. */
export function RunsPage(props: { filters: RunFilters }) {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const f = props.filters
  const [items, setItems] = useState<FlowRunDto[]>([])
  const [names, setNames] = useState<Names>({ customers: {}, instances: {} })
  const [cursor, setCursor] = useState<string | undefined>()
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [flows, setFlows] = useState<ConsoleFlow[]>([])
  const [loadingMore, setLoadingMore] = useState(false)
  const [, setTick] = useState(0)
  const scroller = useRef<HTMLDivElement>(null)
  const version = useChangeVersion('runs')
  const filterKey = JSON.stringify(f)

  const query = useCallback(
    (cursorValue?: string, limit = PAGE_SIZE) => ({
      customerId: f.customerId,
      flowInstanceId: f.flowInstanceId,
      flowId: f.flowId,
      state: f.state,
      from: f.since && SINCE[f.since] ? new Date(Date.now() - SINCE[f.since].ms).toISOString() : undefined,
      cursor: cursorValue,
      limit
    }),
    [filterKey]
  )

  const load = useCallback(async () => {
    setStatus('loading')
    try {
      const page = await api.call('runs.list', query())
      setItems(page.items)
      setNames({ customers: page.customers, instances: page.instances })
      setCursor(page.cursor)
      setStatus('ready')
      setError(null)
    } catch (e) {
      setError(messageOf(e))
      setStatus('error')
    }
  }, [api, query])
  useEffect(() => void load(), [load])

  // live: when runs changed, re-read the first page and merge it in (new runs on top, states updated)
  const firstVersion = useRef(version)
  useEffect(() => {
    if (version === firstVersion.current || status !== 'ready') return
    let live = true
    api.call('runs.list', query()).then(
      (page) => {
        if (!live) return
        setNames((n) => mergeNames(n, page))
        setItems((old) => {
          const fresh = new Map(page.items.map((r) => [r.id, r]))
          const known = new Set(old.map((r) => r.id))
          const added = page.items.filter((r) => !known.has(r.id))
          return [...added, ...old.map((r) => fresh.get(r.id) ?? r)]
        })
      },
      () => undefined
    )
    return () => {
      live = false
    }
  }, [version])

  useEffect(() => {
    api.call('flows.list', { includeArchived: true, limit: 1000 }).then(
      (p) => setFlows(p.items),
      () => undefined
    )
  }, [api])

  const anyLive = items.some(isLive)
  useEffect(() => {
    if (!anyLive) return
    const t = setInterval(() => setTick((n) => n + 1), 1000)
    return () => clearInterval(t)
  }, [anyLive])

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12
  })
  const virtualItems = virtualizer.getVirtualItems()
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? 0
  useEffect(() => {
    if (!cursor || loadingMore || status !== 'ready' || lastIndex < items.length - 10) return
    setLoadingMore(true)
    api
      .call('runs.list', query(cursor))
      .then(
        (page) => {
          setItems((old) => [...old, ...page.items])
          setNames((n) => mergeNames(n, page))
          setCursor(page.cursor)
        },
        () => undefined
      )
      .finally(() => setLoadingMore(false))
  }, [lastIndex, cursor, loadingMore, status, items.length])

  const set = (changes: Partial<RunFilters>) => navigate({ name: 'runs', filters: { ...f, ...changes } })
  const filtered = Object.values(f).some(Boolean)
  const instanceName = f.flowInstanceId ? (names.instances[f.flowInstanceId]?.name ?? 'This flow') : undefined

  let body
  if (status === 'error') body = <ErrorState message={error ?? ''} onRetry={() => void load()} />
  else if (status === 'loading' && !items.length) body = <SkeletonRows rows={6} label="Loading runs" />
  else if (!items.length)
    body = (
      <EmptyState
        icon={<HistoryIcon size={20} />}
        title={filtered ? 'No run matches' : 'No runs yet'}
        actions={
          filtered ? (
            <a className="btn btn-secondary" href={hrefOf({ name: 'runs', filters: {} })}>
              Clear the filters
            </a>
          ) : (
            <>
              <a className="btn btn-primary" href={hrefOf({ name: 'new-flow' })}>
                Build a flow
              </a>
              <a className="btn btn-secondary" href={hrefOf({ name: 'sandbox-data', place: {} })}>
                Trigger one from sandbox data
              </a>
            </>
          )
        }
      >
        {filtered
          ? 'Try other filters.'
          : 'Run a flow from the builder, create a record in a sandbox app for a data-record flow, or call POST /flow-runs from your app: runs appear here as they start.'}
      </EmptyState>
    )

  return (
    <div className="page page-fill">
      <PageHeader
        title="Runs"
        description="Every flow run, newest first. Runs in flight update by themselves; open one for its nodes' input, output and logs."
      />
      <div className="filter-bar">
        <CustomerFilter customerId={f.customerId} onChange={(customerId) => set({ customerId })} />
        {f.flowInstanceId && (
          <span className="filter-chip">
            <span className="truncate">Flow: {instanceName}</span>
            <button type="button" aria-label="Clear the flow filter" onClick={() => set({ flowInstanceId: undefined })}>
              <XIcon size={13} />
            </button>
          </span>
        )}
        <Select
          small
          aria-label="Template"
          value={f.flowId ?? ''}
          onChange={(e) => set({ flowId: e.target.value || undefined })}
          style={{ width: 190 }}
        >
          <option value="">Any template</option>
          {flows.map((fl) => (
            <option key={fl.id} value={fl.id}>
              {fl.name}
            </option>
          ))}
        </Select>
        <Select
          small
          aria-label="Time"
          value={f.since ?? ''}
          onChange={(e) => set({ since: e.target.value || undefined })}
          style={{ width: 150 }}
        >
          <option value="">Any time</option>
          {Object.entries(SINCE).map(([k, v]) => (
            <option key={k} value={k}>
              {v.label}
            </option>
          ))}
        </Select>
        <span className="spacer" />
        <Segmented<StateFilter>
          label="State"
          value={f.state ?? 'all'}
          onChange={(state) => set({ state: state === 'all' ? undefined : state })}
          options={[
            { value: 'all', label: 'All' },
            { value: 'running', label: 'Running' },
            { value: 'completed', label: 'Completed' },
            { value: 'failed', label: 'Failed' },
            { value: 'stopped', label: 'Stopped' }
          ]}
        />
      </div>
      <Card flush className="list-frame">
        <div className="list-head" style={{ gridTemplateColumns: COLUMNS }} aria-hidden="true">
          <span>State</span>
          <span>Flow</span>
          <span>Customer</span>
          <span>Started</span>
          <span>Took</span>
          <span>Started by</span>
          <span style={{ textAlign: 'right' }}>Nodes</span>
        </div>
        {body ? (
          <div className="list-empty">{body}</div>
        ) : (
          <div ref={scroller} className="list-scroll" role="list" aria-label="Runs">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualItems.map((row) => {
                const run = items[row.index]
                const customer = names.customers[run.userId]
                const instance = names.instances[run.flowInstanceId]
                const failedNode =
                  run.state === 'failed'
                    ? Object.entries(run.nodes).find(([, s]) => s.state === 'failed')?.[0]
                    : undefined
                return (
                  <a
                    key={run.id}
                    role="listitem"
                    className="list-row"
                    href={hrefOf({ name: 'run', id: run.id })}
                    aria-label={`${instance?.name ?? 'Run'} ${run.state}`}
                    style={{
                      gridTemplateColumns: COLUMNS,
                      height: ROW_HEIGHT,
                      transform: `translateY(${row.start}px)`
                    }}
                  >
                    <span>
                      <RunStateBadge state={run.state} />
                    </span>
                    <span className="cell-stack">
                      <span className="cell-title truncate">
                        {instance?.name ?? run.name ?? run.flowInstanceId}{' '}
                        {instance?.isAdHoc && <Badge tone="accent">Ad-hoc</Badge>}
                      </span>
                      <span className="subtle truncate" style={{ fontSize: 'var(--text-xs)' }}>
                        {failedNode ? (
                          <span style={{ color: 'var(--danger)' }}>failed at {failedNode}</span>
                        ) : (
                          <span className="mono">{run.id}</span>
                        )}
                      </span>
                    </span>
                    <span className="cell-main">
                      {customer && <Avatar name={customer.name} seed={customer.id} />}
                      <span className="truncate">{customer?.name ?? run.userId}</span>
                    </span>
                    <span className="subtle nowrap" title={formatDateTime(run.startTime)}>
                      {fromNow(run.startTime)}
                    </span>
                    <span className="mono tabular nowrap" style={{ fontSize: 'var(--text-sm)' }}>
                      {runDuration(run)}
                    </span>
                    <span className="subtle truncate">{launchedByText(run)}</span>
                    <span className="tabular subtle" style={{ textAlign: 'right' }}>
                      {Object.keys(run.nodes).length}
                    </span>
                  </a>
                )
              })}
            </div>
          </div>
        )}
        <div className="list-foot">
          <span aria-live="polite">
            {countOf(items.length, 'run')}
            {cursor ? ' · scroll for more' : ''}
            {loadingMore ? ' · loading…' : ''}
          </span>
          <span className="row" style={{ gap: 6 }}>
            <span className="status-dot" aria-hidden="true" /> Live
          </span>
        </div>
      </Card>
    </div>
  )
}
