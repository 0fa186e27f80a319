import { useCallback, useEffect, useState } from 'react'
import type { ConnectionDto } from '@contract/connections'
import type { ConsoleIntegration, ConsoleRunPage, PageWithCustomers } from '@contract/console-views'
import type { CustomerDto } from '@contract/customers'
import type { FlowInstanceDto } from '@contract/flow-instances'
import { messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import { ConnectDialog } from '../../features/connections/ConnectDialog'
import { isLive, RunStateBadge, runDuration } from '../../features/runs/RunState'
import { fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Badge, Card } from '../../ui/card'
import { FlowIcon, HistoryIcon, PlugIcon, PlusIcon } from '../../ui/icons'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { ConnectionsTable } from '../connections/ConnectionsPage'
import { InstancesTable } from '../instances/InstancesPage'

const RECENT_RUNS = 8

/** A customer's connections, flows (instances and ad-hoc) and recent runs, live. */
export function CustomerAutomation(props: { customer: CustomerDto }) {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const c = props.customer
  const [connections, setConnections] = useState<PageWithCustomers<ConnectionDto> | null>(null)
  const [integrations, setIntegrations] = useState<ConsoleIntegration[]>([])
  const [instances, setInstances] = useState<PageWithCustomers<FlowInstanceDto> | null>(null)
  const [runs, setRuns] = useState<ConsoleRunPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [connectOpen, setConnectOpen] = useState(false)
  const connectionsVersion = useChangeVersion('connections')
  const instancesVersion = useChangeVersion('instances')
  const runsVersion = useChangeVersion('runs')

  const fail = (e: unknown) => setError(messageOf(e))
  const loadConnections = useCallback(() => {
    api.call('connections.list', { customerId: c.id, limit: 200 }).then(setConnections, fail)
  }, [api, c.id])
  const loadInstances = useCallback(() => {
    api.call('instances.list', { customerId: c.id, limit: 200 }).then(setInstances, fail)
  }, [api, c.id])
  const loadRuns = useCallback(() => {
    api.call('runs.list', { customerId: c.id, limit: RECENT_RUNS }).then(setRuns, fail)
  }, [api, c.id])
  useEffect(loadConnections, [loadConnections, connectionsVersion])
  useEffect(loadInstances, [loadInstances, instancesVersion])
  useEffect(loadRuns, [loadRuns, runsVersion])
  useEffect(() => {
    api.call('integrations.overview').then(
      (o) => setIntegrations(o.integrations),
      () => undefined
    )
  }, [api])

  const archived = !!c.archivedAt
  return (
    <>
      {error && (
        <Card>
          <ErrorState
            message={error}
            onRetry={() => (setError(null), loadConnections(), loadInstances(), loadRuns())}
          />
        </Card>
      )}
      <Card
        title="Connections"
        description="This customer's links to apps."
        flush
        actions={
          <Button size="sm" icon={<PlugIcon size={14} />} disabled={archived} onClick={() => setConnectOpen(true)}>
            Connect
          </Button>
        }
      >
        {!connections ? (
          <SkeletonRows rows={2} label="Loading connections" />
        ) : connections.items.length ? (
          <ConnectionsTable page={connections} integrations={integrations} showCustomer={false} />
        ) : (
          <EmptyState icon={<PlugIcon size={20} />} title="Not connected to any app">
            Connect to the sandbox CRM or helpdesk through the real connect page.
          </EmptyState>
        )}
      </Card>
      <Card
        title="Flows"
        description="Instances of templates deployed for this customer, and its own ad-hoc flows."
        flush
        actions={
          <>
            <a className="btn btn-ghost btn-sm" href={hrefOf({ name: 'flows' })}>
              Deploy a template
            </a>
            <Button
              size="sm"
              icon={<PlusIcon size={14} />}
              disabled={archived}
              onClick={() => navigate({ name: 'new-flow', customerId: c.id })}
            >
              New ad-hoc flow
            </Button>
          </>
        }
      >
        {!instances ? (
          <SkeletonRows rows={2} label="Loading flows" />
        ) : instances.items.length ? (
          <InstancesTable
            page={instances}
            showCustomer={false}
            onChanged={(i) =>
              setInstances((p) => (p ? { ...p, items: p.items.map((x) => (x.id === i.id ? i : x)) } : p))
            }
          />
        ) : (
          <EmptyState icon={<FlowIcon size={20} />} title="No flows yet">
            Build an ad-hoc flow on the canvas, or deploy a template to this customer.
          </EmptyState>
        )}
      </Card>
      <Card
        title="Recent runs"
        flush
        actions={
          <a className="btn btn-ghost btn-sm" href={hrefOf({ name: 'runs', filters: { customerId: c.id } })}>
            All runs
          </a>
        }
      >
        {!runs ? (
          <SkeletonRows rows={2} label="Loading runs" />
        ) : runs.items.length ? (
          <table className="table table-rows">
            <tbody>
              {runs.items.map((r) => (
                <tr key={r.id} className="row-link">
                  <td style={{ width: 120 }}>
                    <RunStateBadge state={r.state} />
                  </td>
                  <td>
                    <a className="cell-title" href={hrefOf({ name: 'run', id: r.id })}>
                      {runs.instances[r.flowInstanceId]?.name ?? r.flowInstanceId}
                    </a>{' '}
                    {runs.instances[r.flowInstanceId]?.isAdHoc && <Badge tone="accent">Ad-hoc</Badge>}
                  </td>
                  <td className="subtle nowrap">{fromNow(r.startTime)}</td>
                  <td className="mono tabular nowrap" style={{ textAlign: 'right' }}>
                    {isLive(r) ? '…' : runDuration(r)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <EmptyState icon={<HistoryIcon size={20} />} title="No runs yet">
            Runs of this customer's flows appear here as they start.
          </EmptyState>
        )}
      </Card>
      <ConnectDialog
        open={connectOpen}
        customer={c}
        onClose={() => setConnectOpen(false)}
        onConnected={(connection) => {
          setConnectOpen(false)
          navigate({ name: 'connection', id: connection.id })
        }}
      />
    </>
  )
}
