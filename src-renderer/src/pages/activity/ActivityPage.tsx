import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import type {
  ActivityEntry,
  ActivityEntryDetail,
  ActivityKind,
  ActivityLinks,
  ActivityMessage
} from '@contract/activity'
import { hrefOf } from '../../app/routes'
import { messageOf } from '../../api/console-client'
import { formatClock, formatCount, formatDateTime } from '../../format/time'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { Checkbox, Input, Segmented } from '../../ui/controls'
import { ConfirmDialog } from '../../ui/dialog'
import { ActivityIcon, PauseIcon, PlayIcon, SearchIcon, TrashIcon, XIcon } from '../../ui/icons'
import { JsonView } from '../../ui/json-view'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { countOf } from '../../format/plural'

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

function Title(props: { entry: ActivityEntry; wrap?: boolean }) {
  const { entry } = props
  if (entry.kind === 'api') {
    const [method, ...rest] = entry.title.split(' ')
    return (
      <span className={props.wrap ? undefined : 'truncate'}>
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

function HeaderTable(props: { label: string; headers: Record<string, string> }) {
  const rows = Object.entries(props.headers)
  if (!rows.length) return <p className="muted">No headers.</p>
  return (
    <table className="table table-compact" aria-label={props.label}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" className="mono" style={{ width: '38%', fontSize: 'var(--text-sm)', fontWeight: 500 }}>
              {k}
            </th>
            <td className="mono" style={{ overflowWrap: 'anywhere', fontSize: 'var(--text-sm)' }}>
              {v}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function MessageView(props: { title: string; message: ActivityMessage; heading: ReactNode }) {
  const { message } = props
  return (
    <section className="stack-sm" aria-label={props.title}>
      <h3>{props.heading}</h3>
      <HeaderTable label={`${props.title} headers`} headers={message.headers} />
      {message.body !== undefined ? (
        typeof message.body === 'string' ? (
          <pre className="code-block" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {message.body}
          </pre>
        ) : (
          <JsonView value={message.body} label={`${props.title} body`} openDepth={2} maxHeight={360} />
        )
      ) : (
        <p className="muted">{message.bodyNote ?? 'No body.'}</p>
      )}
      {message.body !== undefined && message.bodyNote && <p className="muted">{message.bodyNote}</p>}
    </section>
  )
}

function Links(props: { links?: ActivityLinks; onFilter(links: ActivityLinks): void }) {
  const { links } = props
  if (!links) return null
  const items: { label: string; href: string; text: string; filter: ActivityLinks }[] = []
  if (links.flowRunId)
    items.push({
      label: 'Run',
      href: hrefOf({ name: 'run', id: links.flowRunId }),
      text: links.flowRunId,
      filter: { flowRunId: links.flowRunId }
    })
  if (links.connectionId)
    items.push({
      label: 'Connection',
      href: hrefOf({ name: 'connection', id: links.connectionId }),
      text: links.connectionId,
      filter: { connectionId: links.connectionId }
    })
  if (links.customerId)
    items.push({
      label: 'Customer',
      href: hrefOf({ name: 'customer', id: links.customerId }),
      text: links.customerId,
      filter: { customerId: links.customerId }
    })
  if (!items.length) return null
  return (
    <section className="stack-sm" aria-label="What this touched">
      <h3>What it touched</h3>
      <ul className="stack-sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((item) => (
          <li key={item.label} className="row-between" style={{ gap: 'var(--space-2)' }}>
            <span style={{ minWidth: 0 }}>
              <span className="muted">{item.label}</span>{' '}
              <a href={item.href} className="mono" style={{ overflowWrap: 'anywhere' }}>
                Open {item.label.toLowerCase()} {item.text}
              </a>
            </span>
            <Button size="sm" variant="ghost" onClick={() => props.onFilter(item.filter)}>
              Entries about this {item.label.toLowerCase()}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Details(props: { entry: ActivityEntry; onClose(): void; onFilter(links: ActivityLinks): void }) {
  const { entry, onClose } = props
  const api = useApi()
  const [detail, setDetail] = useState<ActivityEntryDetail | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    let live = true
    setDetail(null)
    setLoadError(null)
    api.call('activity.get', { seq: entry.seq }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setLoadError(messageOf(e))
    )
    return () => {
      live = false
    }
  }, [api, entry.seq])
  useEffect(() => {
    heading.current?.focus()
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose, entry.seq])
  const shown = detail ?? entry
  return (
    <aside className="drawer drawer-wide" role="dialog" aria-modal="false" aria-labelledby="activity-details-title">
      <header className="drawer-header">
        <div className="stack-sm" style={{ gap: 4, minWidth: 0, alignItems: 'flex-start' }}>
          <KindBadge kind={entry.kind} />
          <h2 id="activity-details-title" ref={heading} tabIndex={-1} style={{ overflowWrap: 'anywhere' }}>
            <Title entry={entry} wrap />
          </h2>
        </div>
        <Button variant="ghost" size="sm" iconOnly aria-label="Close details" icon={<XIcon />} onClick={onClose} />
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
                    value: (
                      <span className={entry.kind === 'api' ? 'mono' : undefined} style={{ overflowWrap: 'anywhere' }}>
                        {entry.summary}
                      </span>
                    )
                  }
                ]
              : []),
            ...(entry.actor ? [{ label: 'By', value: entry.actor }] : []),
            ...(entry.status
              ? [{ label: 'Status', value: <Badge tone={statusTone(entry.status)}>{entry.status}</Badge> }]
              : []),
            ...(entry.durationMs !== undefined ? [{ label: 'Duration', value: `${entry.durationMs} ms` }] : []),
            ...(entry.error
              ? [
                  {
                    label: 'Error',
                    value: <span style={{ color: 'var(--danger)', overflowWrap: 'anywhere' }}>{entry.error}</span>
                  }
                ]
              : [])
          ]}
        />
        <Links links={shown.links} onFilter={props.onFilter} />
        {loadError && <ErrorState message={loadError} />}
        {detail?.exchange && (
          <>
            <MessageView
              title="Request"
              message={detail.exchange.request}
              heading={
                <>
                  Request{' '}
                  <span className="mono muted" style={{ fontWeight: 400, overflowWrap: 'anywhere' }}>
                    {detail.exchange.request.method} {detail.exchange.request.url}
                  </span>
                </>
              }
            />
            <MessageView
              title="Answer"
              message={detail.exchange.response}
              heading={
                <>
                  Answer{' '}
                  <Badge tone={statusTone(detail.exchange.response.status)}>{detail.exchange.response.status}</Badge>
                </>
              }
            />
          </>
        )}
        {shown.details && Object.keys(shown.details).length > 0 && (
          <div className="stack-sm">
            <h3>Details</h3>
            <table className="table table-compact">
              <tbody>
                {Object.entries(shown.details).map(([k, v]) => (
                  <tr key={k}>
                    <td className="mono muted" style={{ width: '40%', fontSize: 'var(--text-sm)' }}>
                      {k}
                    </td>
                    <td style={{ overflowWrap: 'anywhere', fontSize: 'var(--text-sm)' }}>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted" style={{ fontSize: 'var(--text-sm)' }}>
          Tokens, secrets, passwords and API keys are replaced by [redacted] before anything is stored.
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
  const [failedOnly, setFailedOnly] = useState(false)
  const [about, setAbout] = useState<ActivityLinks>({})
  const scroller = useRef<HTMLDivElement>(null)
  const opener = useRef<HTMLElement | null>(null)
  const filter = useCallback(
    () => ({
      kind: kind === 'all' ? undefined : kind,
      search: query.trim() || undefined,
      ...about,
      ...(failedOnly ? { failedOnly: true } : {})
    }),
    [kind, query, about, failedOnly]
  )
  const closeDetails = useCallback(() => {
    setSelected(null)
    // back to the row that opened it, for keyboard users
    opener.current?.focus()
  }, [])
  const open = (entry: ActivityEntry, from: HTMLElement) => {
    opener.current = from
    setSelected(entry)
  }
  const aboutLabel = about.flowRunId
    ? `run ${about.flowRunId}`
    : about.connectionId
      ? `connection ${about.connectionId}`
      : about.customerId
        ? `customer ${about.customerId}`
        : null
  const filtered = !!(query || kind !== 'all' || failedOnly || aboutLabel)

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
      notify({ kind: 'success', title: `Cleared ${countOf(cleared, 'entry', 'entries')}` })
    } catch (e) {
      notify({ kind: 'error', title: 'Not cleared', text: messageOf(e) })
    }
  }

  let body
  if (status === 'error') body = <ErrorState message={error ?? ''} onRetry={() => void load()} />
  else if (status === 'loading' && !items.length) body = <SkeletonRows rows={8} label="Loading activity" />
  else if (!items.length) {
    body = (
      <EmptyState icon={<ActivityIcon size={20} />} title={filtered ? 'Nothing matches' : 'Nothing has happened yet'}>
        {filtered
          ? 'Try another filter.'
          : 'Calls to the local API, engine events and webhook deliveries show up here as they happen.'}
      </EmptyState>
    )
  }

  return (
    <div className="page page-fill">
      <PageHeader
        title="Activity"
        description="Every call to the local API, every engine event and every webhook delivery, newest first. Open an entry to see the whole request and answer."
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
        <div className="row" style={{ flexWrap: 'wrap' }}>
          {aboutLabel && (
            <span className="row" style={{ gap: 4 }}>
              <Badge tone="accent">About {aboutLabel}</Badge>
              <Button size="sm" variant="ghost" onClick={() => setAbout({})}>
                Show all
              </Button>
            </span>
          )}
          <Checkbox checked={failedOnly} onChange={setFailedOnly} label="Failures only" />
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
                    aria-label={`${entry.title}${entry.status ? `, status ${entry.status}` : ''}, ${formatClock(entry.at)}: open details`}
                    onClick={(e) => open(entry, e.currentTarget)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault()
                        open(entry, e.currentTarget)
                      }
                    }}
                  >
                    <span className="mono muted tabular" title={entry.at}>
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
            {countOf(items.length, 'entry', 'entries')}
            {capacity ? ` · the log keeps the latest ${formatCount(capacity)}` : ''}
          </span>
          <span>Kept in the workspace database</span>
        </div>
      </Card>
      {selected && (
        <Details
          entry={selected}
          onClose={closeDetails}
          onFilter={(links) => {
            setAbout(links)
            setSelected(null)
          }}
        />
      )}
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
