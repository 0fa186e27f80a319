import { useEffect, useState } from 'react'
import type { ConnectionDto, ConnectionStatus } from '@contract/connections'
import type { ConsoleIntegration, PageWithCustomers } from '@contract/console-views'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf } from '../../app/routes'
import { ConnectDialog } from '../../features/connections/ConnectDialog'
import { AppLogo, ConnectionStatusBadge } from '../../features/connections/ConnectionStatus'
import { CustomerFilter } from '../../features/customers/CustomerFilter'
import { CustomerLink } from '../../features/customers/CustomerLink'
import { fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Card } from '../../ui/card'
import { Checkbox, Segmented, Select } from '../../ui/controls'
import { PlugIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'

type StatusFilter = 'all' | ConnectionStatus

/** When the token expires, in words ("in 58 minutes", "expired 2 minutes ago"). */
export function tokenExpiry(connection: ConnectionDto): string {
  if (!connection.accessTokenExpiresAt) return connection.canRefreshCredentials ? '—' : 'Does not expire'
  const at = Date.parse(connection.accessTokenExpiresAt)
  return at <= Date.now()
    ? `Expired ${fromNow(connection.accessTokenExpiresAt)}`
    : `Expires ${fromNow(connection.accessTokenExpiresAt)}`
}

/** A table of connections (used here and on the customer page). */
export function ConnectionsTable(props: {
  page: PageWithCustomers<ConnectionDto>
  integrations: ConsoleIntegration[]
  showCustomer?: boolean
}) {
  const logos = new Map(props.integrations.map((i) => [i.id, i]))
  return (
    <table className="table table-rows">
      <thead>
        <tr>
          <th>Connection</th>
          {props.showCustomer !== false && <th>Customer</th>}
          <th>Status</th>
          <th>Account</th>
          <th>Access token</th>
          <th>Last used</th>
        </tr>
      </thead>
      <tbody>
        {props.page.items.map((c) => {
          const customer = props.page.customers[c.userId]
          return (
            <tr key={c.id} className="row-link">
              <td>
                <a className="cell-main" href={hrefOf({ name: 'connection', id: c.id })}>
                  <AppLogo src={logos.get(c.integrationId)?.logoUri} name={c.name} />
                  <span className="cell-stack">
                    <span className="cell-title truncate">{c.name}</span>
                    <span className="subtle mono truncate" style={{ fontSize: 'var(--text-xs)' }}>
                      {c.integrationKey} · {c.authOptionKey}
                    </span>
                  </span>
                </a>
              </td>
              {props.showCustomer !== false && <td>{customer && <CustomerLink customer={customer} />}</td>}
              <td>
                <ConnectionStatusBadge connection={c} />
              </td>
              <td className="truncate">{c.externalAccount?.name ?? <span className="subtle">—</span>}</td>
              <td className="nowrap">{tokenExpiry(c)}</td>
              <td className="nowrap subtle">{c.lastActiveAt ? fromNow(c.lastActiveAt) : 'Never'}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Every customer's connections, with filters, and the way to connect one more. */
export function ConnectionsPage(props: { customerId?: string; integrationKey?: string }) {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const [status, setStatus] = useState<StatusFilter>('all')
  const [includeArchived, setIncludeArchived] = useState(false)
  const [integrations, setIntegrations] = useState<ConsoleIntegration[]>([])
  const [connectOpen, setConnectOpen] = useState(false)
  const version = useChangeVersion('connections')

  const setFilter = (changes: { customerId?: string; integrationKey?: string }) =>
    navigate({ name: 'connections', customerId: props.customerId, integrationKey: props.integrationKey, ...changes })

  const {
    data: page,
    error,
    reload: load
  } = useLoaded(
    () =>
      api.call('connections.list', {
        customerId: props.customerId,
        integrationKey: props.integrationKey,
        status: status === 'all' ? undefined : status,
        includeArchived,
        limit: 500
      }),
    [api, props.customerId, props.integrationKey, status, includeArchived],
    [version]
  )
  useEffect(() => {
    api.call('integrations.overview').then(
      (o) => setIntegrations(o.integrations),
      () => undefined
    )
  }, [api])

  const filtered = !!(props.customerId || props.integrationKey || status !== 'all')
  let body
  if (error && !page) body = <ErrorState message={error} onRetry={load} />
  else if (!page) body = <SkeletonRows rows={4} label="Loading connections" />
  else if (!page.items.length)
    body = (
      <EmptyState
        icon={<PlugIcon size={20} />}
        title={filtered ? 'No connection matches' : 'No connections yet'}
        actions={
          !filtered && (
            <Button variant="primary" icon={<PlugIcon />} onClick={() => setConnectOpen(true)}>
              Connect a customer
            </Button>
          )
        }
      >
        {filtered
          ? 'Try other filters.'
          : 'Connect the test customer to the sandbox CRM (OAuth) or helpdesk (API key) to see a real connect flow.'}
      </EmptyState>
    )
  else body = <ConnectionsTable page={page} integrations={integrations} />

  return (
    <div className="page">
      <PageHeader
        title="Connections"
        description="Each customer's authenticated link to an app: its status, account and token. Open one to test it, refresh it or simulate faults."
        actions={
          <Button variant="primary" icon={<PlugIcon />} onClick={() => setConnectOpen(true)}>
            Connect a customer
          </Button>
        }
      />
      <div className="filter-bar">
        <CustomerFilter customerId={props.customerId} onChange={(customerId) => setFilter({ customerId })} />
        <Select
          small
          aria-label="Integration"
          value={props.integrationKey ?? ''}
          onChange={(e) => setFilter({ integrationKey: e.target.value || undefined })}
          style={{ width: 200 }}
        >
          <option value="">Any integration</option>
          {integrations.map((i) => (
            <option key={i.key} value={i.key}>
              {i.name}
            </option>
          ))}
        </Select>
        <Segmented<StatusFilter>
          label="Status"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: 'All' },
            { value: 'connected', label: 'Connected' },
            { value: 'error', label: 'Failing' },
            { value: 'disconnected', label: 'Disconnected' }
          ]}
        />
        <span className="spacer" />
        <Checkbox checked={includeArchived} onChange={setIncludeArchived} label="Show archived" />
      </div>
      <Card flush>{body}</Card>
      <ConnectDialog
        open={connectOpen}
        onClose={() => setConnectOpen(false)}
        integrationKey={props.integrationKey}
        onConnected={(connection) => {
          setConnectOpen(false)
          navigate({ name: 'connection', id: connection.id })
        }}
      />
    </div>
  )
}
