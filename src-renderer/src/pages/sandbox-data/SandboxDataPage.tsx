import { useEffect, useMemo, useState } from 'react'
import type { SandboxBrowserAccount, SandboxBrowserApp, SandboxRecordPage, SandboxRecordView } from '@contract/sandbox'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf, type SandboxDataPlace } from '../../app/routes'
import { countOf } from '../../format/plural'
import { fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { Input, Segmented, Select } from '../../ui/controls'
import { DatabaseIcon, PlusIcon, SearchIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { RecordDialog } from './RecordDialog'
import { columnsOf, cellText, singular } from './record-model'

const PAGE_SIZE = 50

/**
 * The records inside the sandbox apps, per account: list, search, open, create, edit, delete.
 * Writes go through the app's own record store, so its signed webhooks go out and data-record
 * flows start exactly as when the app changes a record.
 */
export function SandboxDataPage(props: { place: SandboxDataPlace }) {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const records = useChangeVersion('records')
  const connections = useChangeVersion('connections')
  const apps = useLoaded(() => api.call('sandboxData.apps'), [api], [records, connections])

  const app: SandboxBrowserApp | undefined =
    apps.data?.find((a) => a.key === props.place.app) ?? apps.data?.find((a) => a.accounts.length) ?? apps.data?.[0]
  // the account a customer connected to comes first: that is where a presenter's flows listen
  const account: SandboxBrowserAccount | undefined =
    app?.accounts.find((a) => a.id === props.place.accountId) ??
    app?.accounts.find((a) => a.connections.length) ??
    app?.accounts[0]
  const collection =
    app?.collections.find((c) => c.key === props.place.collection) ?? (app ? app.collections[0] : undefined)
  const go = (changes: Partial<SandboxDataPlace>) =>
    navigate({
      name: 'sandbox-data',
      place: {
        app: app?.key,
        accountId: account?.id,
        collection: collection?.key,
        search: props.place.search,
        ...changes
      }
    })

  let body
  if (apps.error && !apps.data) body = <ErrorState message={apps.error} onRetry={apps.reload} />
  else if (!apps.data || !app) body = <SkeletonRows rows={5} label="Loading the sandbox apps" />
  else if (!account || !collection)
    body = (
      <EmptyState
        icon={<DatabaseIcon size={20} />}
        title={`No ${app.name} account yet`}
        actions={
          <a className="btn btn-primary" href={hrefOf({ name: 'integrations' })}>
            Connect a customer
          </a>
        }
      >
        An account is made when a customer connects to {app.name}; its records show here.
      </EmptyState>
    )
  else
    body = (
      <RecordList
        key={`${app.key}|${account.id}|${collection.key}|${props.place.search ?? ''}`}
        app={app}
        account={account}
        collection={collection}
        search={props.place.search}
        version={records}
        onNew={() => go({ recordId: 'new' })}
      />
    )

  return (
    <div className="page">
      <PageHeader
        title="Sandbox data"
        description="The records inside the sandbox apps, per account. Creating, changing or deleting one here sends the app's signed webhooks, so data-record flows start as they would from the app."
        actions={
          collection &&
          account && (
            <Button variant="primary" icon={<PlusIcon />} onClick={() => go({ recordId: 'new' })}>
              New {singular(collection.key)}
            </Button>
          )
        }
      />
      {app && (
        <div className="filter-bar">
          <Select
            small
            aria-label="App"
            value={app.key}
            onChange={(e) =>
              go({
                app: e.target.value as SandboxBrowserApp['key'],
                accountId: undefined,
                collection: undefined,
                search: undefined
              })
            }
            style={{ width: 180 }}
          >
            {apps.data?.map((a) => (
              <option key={a.key} value={a.key}>
                {a.name}
              </option>
            ))}
          </Select>
          {account && (
            <Select
              small
              aria-label="Account"
              value={account.id}
              onChange={(e) => go({ accountId: e.target.value, search: undefined })}
              style={{ width: 260 }}
            >
              {app.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                  {a.connections.length
                    ? ` · ${[...new Set(a.connections.map((c) => c.customerName))].join(', ')}`
                    : ''}
                </option>
              ))}
            </Select>
          )}
          {collection && (
            <Segmented
              label="Collection"
              value={collection.key}
              onChange={(key) => go({ collection: key, search: undefined })}
              options={app.collections.map((c) => ({
                value: c.key,
                label: c.name,
                count: account ? (account.recordCounts[c.key] ?? 0) : undefined
              }))}
            />
          )}
          <span className="spacer" />
          {collection && account && (
            <SearchBox
              key={`${app.key}|${account.id}|${collection.key}`}
              initial={props.place.search ?? ''}
              label={`Search ${collection.name.toLowerCase()}`}
              onSearch={(search) => go({ search: search || undefined })}
            />
          )}
        </div>
      )}
      {account && <AccountLine account={account} />}
      <Card flush>{body}</Card>
      {app && account && collection && props.place.recordId && (
        <RecordDialog
          key={`${account.id}|${collection.key}|${props.place.recordId}`}
          app={app.key}
          accountId={account.id}
          collection={collection}
          schema={account.schemas[collection.key] ?? {}}
          recordId={props.place.recordId === 'new' ? undefined : props.place.recordId}
          onClose={() => go({ recordId: undefined })}
          onSaved={(record) => go({ recordId: record.id })}
          onDeleted={() => go({ recordId: undefined })}
        />
      )}
    </div>
  )
}

/** Which customers' connections reach the account: the flows that listen to it are theirs. */
function AccountLine({ account }: { account: SandboxBrowserAccount }) {
  return (
    <p className="muted" style={{ margin: 0 }}>
      {account.connections.length ? (
        <>
          Connected by{' '}
          {account.connections.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ', '}
              {/* underlined: a link inside a sentence must not be told apart by colour alone */}
              <a href={hrefOf({ name: 'connection', id: c.id })} style={{ textDecoration: 'underline' }}>
                {c.customerName}
              </a>
            </span>
          ))}
          . Writes here reach their data-record flows.
        </>
      ) : (
        'No connection uses this account: writes here send webhooks, but no customer’s flow listens to them.'
      )}
    </p>
  )
}

/** Search as you type, a moment after the last key, so each letter does not reload the list. */
function SearchBox(props: { initial: string; label: string; onSearch(text: string): void }) {
  const [text, setText] = useState(props.initial)
  const { onSearch, initial } = props
  useEffect(() => {
    if (text.trim() === initial) return
    const timer = setTimeout(() => onSearch(text.trim()), 300)
    return () => clearTimeout(timer)
  }, [text, initial, onSearch])
  return (
    <div className="input-group" style={{ width: 260 }}>
      <SearchIcon />
      <Input
        type="search"
        aria-label={props.label}
        placeholder={`${props.label}…`}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  )
}

function RecordList(props: {
  app: SandboxBrowserApp
  account: SandboxBrowserAccount
  collection: { key: string; name: string }
  search?: string
  version: number
  onNew(): void
}) {
  const api = useApi()
  const { app, account, collection, search } = props
  const [more, setMore] = useState<SandboxRecordView[]>([])
  const [cursor, setCursor] = useState<string | undefined>()
  const [loadingMore, setLoadingMore] = useState(false)
  const first = useLoaded(
    () =>
      api.call('sandboxData.list', {
        app: app.key,
        accountId: account.id,
        collection: collection.key,
        search,
        limit: PAGE_SIZE
      }),
    [api, app.key, account.id, collection.key, search],
    [props.version]
  )
  useEffect(() => {
    setMore([])
    setCursor(first.data?.cursor)
  }, [first.data])
  const page: SandboxRecordPage | null = first.data
  const columns = useMemo(() => (page ? columnsOf(collection.key, page.schema) : []), [page, collection.key])

  if (first.error && !page) return <ErrorState message={first.error} onRetry={first.reload} />
  if (!page) return <SkeletonRows rows={6} label={`Loading ${collection.name.toLowerCase()}`} />
  const items = [...page.items, ...more]
  if (!items.length)
    return search ? (
      <EmptyState icon={<SearchIcon size={20} />} title={`No ${collection.name.toLowerCase()} match “${search}”`}>
        The search looks in every field; try fewer letters.
      </EmptyState>
    ) : (
      <EmptyState
        icon={<DatabaseIcon size={20} />}
        title={`No ${collection.name.toLowerCase()} in ${account.name}`}
        actions={
          <Button variant="primary" icon={<PlusIcon />} onClick={props.onNew}>
            New {singular(collection.key)}
          </Button>
        }
      >
        Create one here, or through the app&apos;s API with a connection.
      </EmptyState>
    )
  const loadMore = async () => {
    if (!cursor) return
    setLoadingMore(true)
    try {
      const next = await api.call('sandboxData.list', {
        app: app.key,
        accountId: account.id,
        collection: collection.key,
        search,
        cursor,
        limit: PAGE_SIZE
      })
      setMore((m) => [...m, ...next.items])
      setCursor(next.cursor)
    } finally {
      setLoadingMore(false)
    }
  }
  return (
    <>
      <table className="table table-rows" aria-label={`${collection.name} of ${account.name}`}>
        <thead>
          <tr>
            <th>{singular(collection.key).replace(/^./, (c) => c.toUpperCase())}</th>
            {columns.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((record) => (
            <tr key={record.id} className="row-link">
              <td>
                <a
                  className="cell-stack"
                  href={hrefOf({
                    name: 'sandbox-data',
                    place: {
                      app: app.key,
                      accountId: account.id,
                      collection: collection.key,
                      search,
                      recordId: record.id
                    }
                  })}
                >
                  <span className="cell-title wrap-words">{record.name ?? record.id}</span>
                  <span className="subtle mono" style={{ fontSize: 'var(--text-xs)' }}>
                    {record.id}
                  </span>
                </a>
              </td>
              {columns.map((c) => (
                <td key={c.key} className={c.badge ? undefined : 'wrap-words'}>
                  {c.badge && record.fields[c.key] !== undefined ? (
                    <Badge>{cellText(record.fields[c.key])}</Badge>
                  ) : (
                    cellText(record.fields[c.key]) || <span className="subtle">—</span>
                  )}
                </td>
              ))}
              <td className="nowrap subtle" title={record.updatedAt}>
                {fromNow(record.updatedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="card-footer row-between">
        <span className="subtle">
          {search
            ? `${countOf(items.length, 'match', 'matches')}${cursor ? ' so far' : ''} among ${countOf(page.total, singular(collection.key), collection.key)}`
            : `${countOf(items.length, singular(collection.key), collection.key)} shown of ${countOf(page.total, singular(collection.key), collection.key)}`}
        </span>
        {cursor && (
          <Button size="sm" busy={loadingMore} onClick={() => void loadMore()}>
            Show more
          </Button>
        )}
      </div>
    </>
  )
}
