import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { hrefOf } from '../../app/routes'
import { formatCount, fromNow } from '../../format/time'
import { useConsole } from '../../store/store'
import { customerAt, type CustomerView } from '../../store/customer-list-slice'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { Input, Segmented } from '../../ui/controls'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { PlusIcon, SearchIcon, UsersIcon } from '../../ui/icons'
import { CreateCustomerDialog } from './CreateCustomerDialog'
import { countOf } from '../../format/plural'

const COLUMNS = 'minmax(0, 2.3fr) minmax(0, 1.3fr) minmax(0, 2fr) 132px 104px'
const ROW_HEIGHT = 52

function fieldChips(fields: Record<string, unknown>): [string, string][] {
  return Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .slice(0, 3)
    .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])
}

function CustomerRow(props: {
  customer: CustomerDto
  selected: boolean
  top: number
  onOpen(): void
  onHover(): void
}) {
  const c = props.customer
  return (
    <div
      id={`customer-row-${c.id}`}
      role="option"
      aria-selected={props.selected}
      className="list-row"
      style={{ gridTemplateColumns: COLUMNS, height: ROW_HEIGHT, transform: `translateY(${props.top}px)` }}
      onClick={props.onOpen}
      onMouseMove={props.onHover}
    >
      <div className="cell-main">
        <Avatar name={c.name} seed={c.id} />
        <div className="cell-stack">
          <span className="cell-title truncate">{c.name}</span>
          <span className="subtle mono truncate" style={{ fontSize: 'var(--text-xs)' }}>
            {c.id}
          </span>
        </div>
      </div>
      <span className="mono truncate" style={{ fontSize: 'var(--text-sm)' }}>
        {c.internalId}
      </span>
      <div className="row" style={{ gap: 4, minWidth: 0, overflow: 'hidden' }}>
        {fieldChips(c.fields).map(([k, v]) => (
          <span className="chip" key={k} title={`${k}: ${v}`}>
            <b>{k}</b> {v}
          </span>
        ))}
      </div>
      <div className="row" style={{ gap: 4 }}>
        {c.isTest && <Badge tone="accent">Test</Badge>}
        {c.archivedAt ? (
          <Badge tone="warning">Archived</Badge>
        ) : c.isActive ? (
          <Badge tone="success" dot>
            Active
          </Badge>
        ) : (
          <Badge>Idle</Badge>
        )}
      </div>
      <span className="subtle nowrap" style={{ fontSize: 'var(--text-sm)' }} title={c.createdAt}>
        {fromNow(c.createdAt)}
      </span>
    </div>
  )
}

/**
 * Customers: search, a virtualized list as long as the whole list (its scroll bar can land on any
 * position, and the page there is read directly), create, open.
 */
export function CustomersPage() {
  const list = useConsole((s) => s.customerList)
  const info = useConsole((s) => s.info)
  const setQuery = useConsole((s) => s.setCustomerQuery)
  const reload = useConsole((s) => s.reloadCustomers)
  const loadRange = useConsole((s) => s.loadCustomerRange)
  const remember = useConsole((s) => s.rememberCustomerScroll)
  const navigate = useConsole((s) => s.navigate)
  const [search, setSearch] = useState(list.search)
  const [active, setActive] = useState(0)
  const [creating, setCreating] = useState(false)
  const scroller = useRef<HTMLDivElement>(null)
  const searchBox = useRef<HTMLInputElement>(null)

  useEffect(() => {
    // first visit, or a list shown again after visiting a customer: it picks up changes made
    // elsewhere while the pages on screen stay (the scroll position below is kept)
    void reload()
    const el = scroller.current
    if (el && list.scrollTop) el.scrollTop = list.scrollTop
    return () => remember(scroller.current?.scrollTop ?? 0)
    // once per visit
  }, [])

  useEffect(() => {
    if (search === list.search) return
    const t = setTimeout(() => setQuery({ search }), 180)
    return () => clearTimeout(t)
  }, [search, list.search, setQuery])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
        e.preventDefault()
        searchBox.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const virtualizer = useVirtualizer({
    count: list.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12
  })
  const virtualItems = virtualizer.getVirtualItems()
  const firstIndex = virtualItems.length ? virtualItems[0].index : 0
  const lastIndex = virtualItems.length ? virtualItems[virtualItems.length - 1].index : 0

  // the pages under the rows on screen, wherever the scroll bar put them
  useEffect(() => {
    if (list.status === 'ready') void loadRange(firstIndex, lastIndex)
  }, [firstIndex, lastIndex, list.status, list.pages, loadRange])

  useEffect(() => setActive(0), [list.search, list.view])

  const open = (c: CustomerDto) => navigate({ name: 'customer', id: c.id })
  const move = (to: number) => {
    const next = Math.max(0, Math.min(list.total - 1, to))
    setActive(next)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  const searching = !!list.search.trim()
  const activeCustomer = customerAt(list, active)
  const footer =
    list.status !== 'ready'
      ? ''
      : searching
        ? `${countOf(list.total, 'match', 'matches')} for “${list.search.trim()}”`
        : countOf(list.total, 'customer')

  let body
  if (list.status === 'error')
    body = <ErrorState message={list.error ?? 'Unknown error'} onRetry={() => void reload()} />
  else if (list.status !== 'ready' && !list.total) body = <SkeletonRows rows={8} label="Loading customers" />
  else if (!list.total) {
    body = searching ? (
      <EmptyState icon={<SearchIcon size={20} />} title={`No customers match “${list.search.trim()}”`}>
        Search looks at names, internal ids and engine ids.{' '}
        {list.view !== 'all' && 'Try “All” to include archived customers.'}
      </EmptyState>
    ) : list.view === 'archived' ? (
      <EmptyState icon={<UsersIcon size={20} />} title="No archived customers">
        Customers you archive show up here, ready to restore.
      </EmptyState>
    ) : (
      <EmptyState
        icon={<UsersIcon size={20} />}
        title="No customers yet"
        actions={
          <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
            New customer
          </Button>
        }
      >
        Customers appear the first time your app calls the API with a token for them, or create one here.
      </EmptyState>
    )
  }

  return (
    <div className="page page-fill">
      <PageHeader
        title="Customers"
        description="Your app's users (tenants). They are created the first time a token names them; here you find, edit, archive and restore them."
        actions={
          <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
            New customer
          </Button>
        }
      />
      <div className="row-between">
        <div className="input-group" style={{ width: 360 }}>
          <SearchIcon />
          <Input
            ref={searchBox}
            type="search"
            aria-label="Search customers"
            placeholder="Search by name or id…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault()
                scroller.current?.focus()
                move(active)
              }
              if (e.key === 'Enter' && activeCustomer) open(activeCustomer)
            }}
          />
          {!search && (
            <span className="input-suffix kbd" aria-hidden="true">
              /
            </span>
          )}
        </div>
        <div className="row">
          {list.status === 'loading' && <span className="spinner subtle" aria-label="Searching" />}
          <Segmented<CustomerView>
            label="Which customers"
            value={list.view}
            onChange={(view) => setQuery({ view })}
            options={[
              { value: 'active', label: 'Active', count: info ? formatCount(info.customerCount) : undefined },
              {
                value: 'archived',
                label: 'Archived',
                count: info ? formatCount(info.archivedCustomerCount) : undefined
              },
              { value: 'all', label: 'All' }
            ]}
          />
        </div>
      </div>
      <Card flush className="list-frame">
        <div className="list-head" style={{ gridTemplateColumns: COLUMNS }} aria-hidden="true">
          <span>Customer</span>
          <span>Internal id</span>
          <span>Fields</span>
          <span>Status</span>
          <span>Created</span>
        </div>
        {body ? (
          <div className="list-empty">{body}</div>
        ) : (
          <div
            ref={scroller}
            className="list-scroll"
            role="listbox"
            aria-label="Customers"
            tabIndex={0}
            aria-activedescendant={activeCustomer ? `customer-row-${activeCustomer.id}` : undefined}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') move(active + 1)
              else if (e.key === 'ArrowUp') move(active - 1)
              else if (e.key === 'PageDown') move(active + 10)
              else if (e.key === 'PageUp') move(active - 10)
              else if (e.key === 'Home') move(0)
              else if (e.key === 'End') move(list.total - 1)
              else if (e.key === 'Enter' && activeCustomer) open(activeCustomer)
              else return
              e.preventDefault()
            }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualItems.map((item) => {
                const customer = customerAt(list, item.index)
                if (!customer) {
                  // a row whose page is on its way: the same height, so the scroll bar does not jump
                  return (
                    <div
                      key={`loading-${item.index}`}
                      className="list-row"
                      style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, cursor: 'default' }}
                      role="presentation"
                    >
                      <span className="row subtle">
                        <span className="spinner" aria-hidden="true" /> Loading…
                      </span>
                    </div>
                  )
                }
                return (
                  <CustomerRow
                    key={customer.id}
                    customer={customer}
                    top={item.start}
                    selected={item.index === active}
                    onOpen={() => open(customer)}
                    onHover={() => item.index !== active && setActive(item.index)}
                  />
                )
              })}
            </div>
          </div>
        )}
        <div className="list-foot">
          <span aria-live="polite">{footer}</span>
          <span className="row" style={{ gap: 6 }}>
            <span className="kbd">↑</span>
            <span className="kbd">↓</span> to move, <span className="kbd">↵</span> to open
          </span>
        </div>
      </Card>
      <CreateCustomerDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false)
          window.location.hash = hrefOf({ name: 'customer', id: c.id })
        }}
      />
    </div>
  )
}
