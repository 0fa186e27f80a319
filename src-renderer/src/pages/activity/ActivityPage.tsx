import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ActivityEntry, ActivityKind } from '../../../../src-main/contract/activity'
import { messageOf } from '../../api/console-client'
import { formatClock, formatCount, formatDateTime } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { Input, Segmented } from '../../ui/controls'
import { ConfirmDialog } from '../../ui/dialog'
import { ActivityIcon, PauseIcon, PlayIcon, SearchIcon, TrashIcon, XIcon } from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'

const COLUMNS = '104px 86px minmax(0, 1.6fr) minmax(0, 1.5fr) minmax(0, 0.9fr) 64px 70px'
const ROW_HEIGHT = 40
const POLL_MS = 1500
type KindFilter = 'all' | ActivityKind

function statusTone(status?: number): 'success' | 'warning' | 'danger' | 'neutral' {
  if (!status) return 'neutral'
  if (status >= 500) return 'danger'
  if (status >= 400) return 'warning'
  return 'success'
}

function Title(props: { entry: ActivityEntry }) {
  const { entry } = props
  if (entry.kind === 'api') {
    const [method, ...rest] = entry.title.split(' ')
    return (
      <span className="truncate">
        <span className={`method method-${method}`}>{method}</span>{' '}
        <span className="mono" style={{ fontSize: 'var(--text-sm)' }}>
          {rest.join(' ')}
        </span>
      </span>
    )
  }
  return (
    <span className="mono truncate" style={{ fontSize: 'var(--text-sm)' }}>
      {entry.title}
    </span>
  )
}

function KindBadge(props: { kind: ActivityKind }) {
  return props.kind === 'api' ? (
    <Badge tone="accent">API</Badge>
  ) : props.kind === 'event' ? (
    <Badge>Event</Badge>
  ) : (
    <Badge tone="warning">Webhook</Badge>
  )
}

function Details(props: { entry: ActivityEntry; onClose(): void }) {
  const { entry } = props
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [props])
  return (
    <aside className="drawer" role="dialog" aria-label="Activity details">
      <header className="drawer-header">
        <div className="stack-sm" style={{ gap: 4, minWidth: 0 }}>
          <KindBadge kind={entry.kind} />
          <h2 className="truncate">
            <Title entry={entry} />
          </h2>
        </div>
        <Button
          variant="ghost"
          size="sm"
          iconOnly
          aria-label="Close details"
          icon={<XIcon />}
          onClick={props.onClose}
          autoFocus
        />
      </header>
      <div className="drawer-body">
        <KeyValues
          label="Entry"
          rows={[
            {
              label: 'When',
              value: (
                <span title={entry.at}>
                  {formatDateTime(entry.at)} · {formatClock(entry.at)}
                </span>
              )
            },
            ...(entry.summary
              ? [
                  {
                    label: entry.kind === 'api' ? 'Query' : 'Summary',
                    value: <span className={entry.kind === 'api' ? 'mono' : undefined}>{entry.summary}</span>
                  }
                ]
              : []),
            ...(entry.actor ? [{ label: 'By', value: entry.actor }] : []),
            ...(entry.status
              ? [{ label: 'Status', value: <Badge tone={statusTone(entry.status)}>{entry.status}</Badge> }]
              : []),
            ...(entry.durationMs !== undefined ? [{ label: 'Duration', value: `${entry.durationMs} ms` }] : []),
            ...(entry.error
              ? [{ label: 'Error', value: <span style={{ color: 'var(--danger)' }}>{entry.error}</span> }]
              : [])
          ]}
        />
        {entry.details && Object.keys(entry.details).length > 0 && (
          <div className="stack-sm">
            <h3>Details</h3>
            <table className="table table-compact">
              <tbody>
                {Object.entries(entry.details).map(([k, v]) => (
                  <tr key={k}>
                    <td className="mono subtle" style={{ width: '40%', fontSize: 'var(--text-sm)' }}>
                      {k}
                    </td>
                    <td style={{ overflowWrap: 'anywhere', fontSize: 'var(--text-sm)' }}>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="subtle" style={{ fontSize: 'var(--text-sm)' }}>
          The log never records tokens, secrets or request bodies.
        </p>
      </div>
    </aside>
  )
}

/** API calls, engine events and webhook deliveries, newest first, updating live. */
export function ActivityPage() {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [kind, setKind] = useState<KindFilter>('all')
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  const [live, setLive] = useState(true)
  const [items, setItems] = useState<ActivityEntry[]>([])
  const [latestSeq, setLatestSeq] = useState(0)
  const [capacity, setCapacity] = useState(0)
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<ActivityEntry | null>(null)
  const [confirmClear, setConfirmClear] = useState(false)
  const scroller = useRef<HTMLDivElement>(null)
  const filter = useCallback(
    () => ({ kind: kind === 'all' ? undefined : kind, search: query.trim() || undefined }),
    [kind, query]
  )

  useEffect(() => {
    const t = setTimeout(() => setQuery(search), 200)
    return () => clearTimeout(t)
  }, [search])

  const load = useCallback(async () => {
    setStatus('loading')
    try {
      const page = await api.call('activity.list', { ...filter(), limit: 500 })
      setItems(page.items)
      setLatestSeq(page.latestSeq)
      setCapacity(page.capacity)
      setStatus('ready')
      setError(null)
    } catch (e) {
      setError(messageOf(e))
      setStatus('error')
    }
  }, [api, filter])

  useEffect(() => void load(), [load])

  useEffect(() => {
    if (!live || status !== 'ready') return
    const timer = setInterval(async () => {
      try {
        const page = await api.call('activity.list', { ...filter(), afterSeq: latestSeq, limit: 500 })
        setLatestSeq(page.latestSeq)
        if (page.items.length) setItems((old) => [...page.items, ...old].slice(0, page.capacity))
      } catch {
        // the next tick tries again; a lasting failure shows on reload
      }
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [api, filter, latestSeq, live, status])

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16
  })

  const clear = async () => {
    try {
      const { cleared } = await api.call('activity.clear')
      setItems([])
      setConfirmClear(false)
      notify({ kind: 'success', title: `Cleared ${formatCount(cleared)} entries` })
    } catch (e) {
      notify({ kind: 'error', title: 'Not cleared', text: messageOf(e) })
    }
  }

  let body
  if (status === 'error') body = <ErrorState message={error ?? ''} onRetry={() => void load()} />
  else if (status === 'loading' && !items.length) body = <SkeletonRows rows={8} label="Loading activity" />
  else if (!items.length) {
    body = (
      <EmptyState
        icon={<ActivityIcon size={20} />}
        title={query || kind !== 'all' ? 'Nothing matches' : 'Nothing has happened yet'}
      >
        {query || kind !== 'all'
          ? 'Try another filter.'
          : 'Calls to the local API, engine events and webhook deliveries show up here as they happen.'}
      </EmptyState>
    )
  }

  return (
    <div className="page page-fill">
      <PageHeader
        title="Activity"
        description="Every call to the local API, every engine event and every webhook delivery of this session, newest first."
        actions={
          <>
            <Button
              icon={live ? <PauseIcon size={14} /> : <PlayIcon size={14} />}
              onClick={() => setLive(!live)}
              aria-pressed={live}
            >
              {live ? 'Pause' : 'Resume'}
            </Button>
            <Button
              variant="danger-ghost"
              icon={<TrashIcon size={14} />}
              onClick={() => setConfirmClear(true)}
              disabled={!items.length}
            >
              Clear
            </Button>
          </>
        }
      />
      <div className="row-between">
        <div className="input-group" style={{ width: 320 }}>
          <SearchIcon />
          <Input
            type="search"
            aria-label="Filter activity"
            placeholder="Filter by path, event, customer…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="row">
          {live && (
            <span className="row subtle" style={{ fontSize: 'var(--text-sm)', gap: 6 }}>
              <span className="status-dot" aria-hidden="true" /> Live
            </span>
          )}
          <Segmented<KindFilter>
            label="Kind"
            value={kind}
            onChange={setKind}
            options={[
              { value: 'all', label: 'All' },
              { value: 'api', label: 'API calls' },
              { value: 'event', label: 'Events' },
              { value: 'webhook', label: 'Webhooks' }
            ]}
          />
        </div>
      </div>
      <Card flush className="list-frame">
        <div className="list-head" style={{ gridTemplateColumns: COLUMNS }} aria-hidden="true">
          <span>Time</span>
          <span>Kind</span>
          <span>What</span>
          <span>Details</span>
          <span>By</span>
          <span>Status</span>
          <span style={{ textAlign: 'right' }}>Time taken</span>
        </div>
        {body ? (
          <div className="list-empty">{body}</div>
        ) : (
          <div ref={scroller} className="list-scroll" role="list" aria-label="Activity">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((row) => {
                const entry = items[row.index]
                return (
                  <div
                    key={entry.seq}
                    role="listitem"
                    tabIndex={0}
                    className="list-row"
                    aria-current={selected?.seq === entry.seq || undefined}
                    style={{
                      gridTemplateColumns: COLUMNS,
                      height: ROW_HEIGHT,
                      transform: `translateY(${row.start}px)`,
                      fontSize: 'var(--text-sm)'
                    }}
                    onClick={() => setSelected(entry)}
                    onKeyDown={(e) => e.key === 'Enter' && setSelected(entry)}
                  >
                    <span className="mono subtle tabular" title={entry.at}>
                      {formatClock(entry.at)}
                    </span>
                    <span>
                      <KindBadge kind={entry.kind} />
                    </span>
                    <Title entry={entry} />
                    <span className="truncate muted" title={entry.error ?? entry.summary}>
                      {entry.error ? <span style={{ color: 'var(--danger)' }}>{entry.error}</span> : entry.summary}
                    </span>
                    <span className="truncate subtle">{entry.actor}</span>
                    <span>{entry.status ? <Badge tone={statusTone(entry.status)}>{entry.status}</Badge> : null}</span>
                    <span className="mono subtle tabular" style={{ textAlign: 'right' }}>
                      {entry.durationMs !== undefined ? `${entry.durationMs} ms` : ''}
                    </span>
                  </div>
                )
              })}
            </div>
          </div>
        )}
        <div className="list-foot">
          <span aria-live="polite">
            {formatCount(items.length)} {items.length === 1 ? 'entry' : 'entries'}
            {capacity ? ` · the log keeps the latest ${formatCount(capacity)}` : ''}
          </span>
          <span>Kept in memory for this session</span>
        </div>
      </Card>
      {selected && <Details entry={selected} onClose={() => setSelected(null)} />}
      <ConfirmDialog
        open={confirmClear}
        title="Clear the activity log?"
        confirmLabel="Clear"
        danger
        onConfirm={() => void clear()}
        onClose={() => setConfirmClear(false)}
      >
        Removes every entry from the log. New calls and events keep appearing.
      </ConfirmDialog>
    </div>
  )
}
