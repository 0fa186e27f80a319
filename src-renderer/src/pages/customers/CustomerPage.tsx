import { useEffect, useState } from 'react'
import type { CustomerDto } from '@contract/customers'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { NotFound } from '../../ui/not-found'
import { hrefOf } from '../../app/routes'
import { CustomerTokenDialog } from '../../features/tokens/CustomerTokenDialog'
import { formatDateTime, fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { Badge, Callout, Card } from '../../ui/card'
import { CopyableText } from '../../ui/copy-button'
import { ConfirmDialog } from '../../ui/dialog'
import { ArchiveIcon, ChevronRightIcon, KeyIcon, RestoreIcon } from '../../ui/icons'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { ErrorState, SkeletonRows } from '../../ui/states'
import { CustomerAutomation } from './CustomerAutomation'
import { CustomerEditor } from './CustomerEditor'
import { CustomerEventSubscriptions } from './CustomerEventSubscriptions'

/** About a customer: the ids, the timestamps. */
export function CustomerFacts(props: { customer: CustomerDto }) {
  const c = props.customer
  return (
    <Card title="About">
      <KeyValues
        label="About this customer"
        rows={[
          {
            label: 'Engine id',
            value: <CopyableText text={c.id} copyLabel="Copy the engine id" />
          },
          {
            label: 'Internal id',
            value: <CopyableText text={c.internalId} copyLabel="Copy the internal id" />
          },
          { label: 'Created', value: <span title={c.createdAt}>{formatDateTime(c.createdAt)}</span> },
          { label: 'Updated', value: <span title={c.updatedAt}>{fromNow(c.updatedAt)}</span> },
          {
            label: 'Last active',
            value: c.lastActiveAt ? (
              <span title={c.lastActiveAt}>{fromNow(c.lastActiveAt)}</span>
            ) : (
              <span className="subtle">Never used a token</span>
            )
          }
        ]}
      />
    </Card>
  )
}

/** One customer: details and fields (generated form), token, archive and restore. */
export function CustomerPage(props: { id: string }) {
  const api = useApi()
  const putCustomer = useConsole((s) => s.putCustomer)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const notify = useConsole((s) => s.notify)
  const navigate = useConsole((s) => s.navigate)
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  const [error, setError] = useState<ConsoleCallError | Error | null>(null)
  const [tokenOpen, setTokenOpen] = useState(false)
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [busy, setBusy] = useState(false)

  // a change made anywhere (REST, a scenario switch, an import) reloads the customer
  const customersVersion = useChangeVersion('customers')
  const load = () => {
    setError(null)
    api.call('customers.get', { id: props.id }).then(setCustomer, (e: Error) => setError(e))
  }
  useEffect(load, [api, props.id, customersVersion])

  if (error instanceof ConsoleCallError && error.status === 404) return <NotFound message={error.message} />
  if (error) {
    return (
      <div className="page">
        <div className="card">
          <ErrorState message={messageOf(error)} onRetry={load} />
        </div>
      </div>
    )
  }
  if (!customer) {
    return (
      <div className="page">
        <div className="card">
          <SkeletonRows rows={5} label="Loading customer" />
        </div>
      </div>
    )
  }

  const changed = (c: CustomerDto) => {
    setCustomer(c)
    putCustomer(c)
  }
  const setArchived = async (archive: boolean) => {
    setBusy(true)
    try {
      const c = await api.call(archive ? 'customers.archive' : 'customers.restore', { id: customer.id })
      changed(c)
      void refreshInfo()
      notify({ kind: 'success', title: archive ? `Archived ${c.name}` : `Restored ${c.name}` })
      setConfirmArchive(false)
    } catch (e) {
      notify({ kind: 'error', title: archive ? 'Not archived' : 'Not restored', text: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page">
      <PageHeader
        breadcrumbs={
          <>
            <a href={hrefOf({ name: 'customers' })}>Customers</a>
            <ChevronRightIcon size={13} />
            <span className="truncate">{customer.name}</span>
          </>
        }
        icon={<Avatar name={customer.name} seed={customer.id} large />}
        title={customer.name}
        badges={
          <>
            {customer.isTest && <Badge tone="accent">Test customer</Badge>}
            {customer.archivedAt ? (
              <Badge tone="warning">Archived</Badge>
            ) : customer.isActive ? (
              <Badge tone="success" dot>
                Active
              </Badge>
            ) : null}
          </>
        }
        description={<span className="mono">{customer.internalId}</span>}
        actions={
          <>
            {customer.archivedAt ? (
              <Button icon={<RestoreIcon />} busy={busy} onClick={() => void setArchived(false)}>
                Restore
              </Button>
            ) : (
              !customer.isTest && (
                <Button variant="danger-ghost" icon={<ArchiveIcon />} onClick={() => setConfirmArchive(true)}>
                  Archive
                </Button>
              )
            )}
            <Button
              variant="primary"
              icon={<KeyIcon />}
              disabled={!!customer.archivedAt}
              onClick={() => setTokenOpen(true)}
            >
              Get token
            </Button>
          </>
        }
      />
      {customer.archivedAt && (
        <Callout
          tone="warning"
          icon={<ArchiveIcon />}
          title={`Archived ${fromNow(customer.archivedAt)}`}
          actions={
            <Button size="sm" icon={<RestoreIcon />} busy={busy} onClick={() => void setArchived(false)}>
              Restore
            </Button>
          }
        >
          Tokens for this customer are refused until it is restored. Its data is kept.
        </Callout>
      )}
      <div className="grid-main-aside">
        <div className="stack">
          <CustomerEditor
            key={customer.id}
            customer={customer}
            disabledReason={customer.archivedAt ? 'Restore the customer to edit it.' : undefined}
            save={(changes) => api.call('customers.update', { id: customer.id, changes })}
            onSaved={(c) => {
              changed(c)
              if (c.internalId !== props.id && props.id === customer.internalId)
                navigate({ name: 'customer', id: c.id })
            }}
          />
          <CustomerAutomation customer={customer} />
          <CustomerEventSubscriptions customerId={customer.id} />
        </div>
        <div className="stack sticky-aside">
          <CustomerFacts customer={customer} />
        </div>
      </div>
      <CustomerTokenDialog open={tokenOpen} customer={customer} onClose={() => setTokenOpen(false)} />
      <ConfirmDialog
        open={confirmArchive}
        title={`Archive ${customer.name}?`}
        confirmLabel="Archive customer"
        danger
        busy={busy}
        onConfirm={() => void setArchived(true)}
        onClose={() => setConfirmArchive(false)}
      >
        The customer leaves the default list and its tokens are refused until you restore it. Nothing is deleted.
      </ConfirmDialog>
    </div>
  )
}
