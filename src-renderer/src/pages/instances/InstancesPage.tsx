import { useEffect, useState } from 'react'
import type { ConsoleFlow, PageWithCustomers } from '@contract/console-views'
import type { FlowInstanceDto } from '@contract/flow-instances'
import { messageOf } from '../../api/console-client'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf } from '../../app/routes'
import { CustomerFilter } from '../../features/customers/CustomerFilter'
import { CustomerLink } from '../../features/customers/CustomerLink'
import { fromNow } from '../../format/time'
import { useChangeVersion } from '../../store/live-slice'
import { useApi, useConsole } from '../../store/store'
import { Badge, Card } from '../../ui/card'
import { Checkbox, Segmented, Select } from '../../ui/controls'
import { AlertCircleIcon, LayersIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'
import { countOf } from '../../format/plural'

type Kind = 'all' | 'template' | 'ad-hoc'

/** An instance's setup state as a badge. */
export function InstanceStateBadge(props: { instance: FlowInstanceDto }) {
  const i = props.instance
  if (i.archivedAt) return <Badge>Archived</Badge>
  if (i.state === 'SETUP_FAILED')
    return (
      <Badge tone="danger" dot title={i.errors?.map((e) => e.message).join('\n')}>
        Setup failed
      </Badge>
    )
  return (
    <Badge tone="success" dot>
      Ready
    </Badge>
  )
}

/** An enable / disable switch for one instance, in a table row. */
function EnabledToggle(props: { instance: FlowInstanceDto; onChanged(instance: FlowInstanceDto): void }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [busy, setBusy] = useState(false)
  const i = props.instance
  return (
    <label
      className="switch"
      title={i.enabled ? 'Triggers start runs' : 'Triggers are ignored; runs by hand still work'}
    >
      <input
        type="checkbox"
        role="switch"
        aria-label={`${i.name} enabled`}
        checked={i.enabled}
        disabled={busy || !!i.archivedAt}
        onChange={async (e) => {
          setBusy(true)
          try {
            props.onChanged(await api.call('instances.update', { id: i.id, changes: { enabled: e.target.checked } }))
          } catch (error) {
            notify({ kind: 'error', title: 'Not changed', text: messageOf(error) })
          } finally {
            setBusy(false)
          }
        }}
      />
      <span className="subtle">{i.enabled ? 'On' : 'Off'}</span>
    </label>
  )
}

/** A table of instances (used here and on the customer page). */
export function InstancesTable(props: {
  page: PageWithCustomers<FlowInstanceDto>
  flows?: Map<string, ConsoleFlow>
  showCustomer?: boolean
  onChanged(instance: FlowInstanceDto): void
}) {
  return (
    <table className="table table-rows">
      <thead>
        <tr>
          <th>Flow</th>
          {props.showCustomer !== false && <th>Customer</th>}
          <th>From</th>
          <th>Setup</th>
          <th>Enabled</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {props.page.items.map((i) => {
          const customer = props.page.customers[i.userId]
          const flow = i.flowId ? props.flows?.get(i.flowId) : undefined
          return (
            <tr key={i.id} className="row-link">
              <td>
                <a className="cell-stack" href={hrefOf({ name: 'instance', id: i.id })}>
                  <span className="cell-title truncate">{i.name}</span>
                  <span className="subtle" style={{ fontSize: 'var(--text-xs)' }}>
                    {countOf(Object.keys(i.nodes).length, 'node')}
                    {i.integrationKey ? ` · on ${i.integrationKey}` : ''}
                    {i.isCustomized ? ' · customised' : ''}
                    {i.isOutdated ? ' · template changed' : ''}
                  </span>
                  {i.state === 'SETUP_FAILED' && i.errors?.[0] && (
                    <span className="row-error">
                      <AlertCircleIcon size={12} /> {i.errors[0].message}
                    </span>
                  )}
                </a>
              </td>
              {props.showCustomer !== false && <td>{customer && <CustomerLink customer={customer} />}</td>}
              <td>
                {i.isAdHoc ? (
                  <Badge tone="accent">Ad-hoc</Badge>
                ) : (
                  <a href={hrefOf({ name: 'flow', id: i.flowId! })} className="truncate">
                    {flow?.name ?? i.flowKey ?? 'Template'}
                  </a>
                )}
              </td>
              <td>
                <InstanceStateBadge instance={i} />
              </td>
              <td>
                <EnabledToggle instance={i} onChanged={props.onChanged} />
              </td>
              <td className="subtle nowrap">{fromNow(i.updatedAt)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Every deployed instance and ad-hoc flow: setup status and errors, enable / disable. */
export function InstancesPage(props: { customerId?: string; flowId?: string }) {
  const api = useApi()
  const navigate = useConsole((s) => s.navigate)
  const [kind, setKind] = useState<Kind>('all')
  const [includeArchived, setIncludeArchived] = useState(false)
  const [flows, setFlows] = useState<ConsoleFlow[]>([])
  const version = useChangeVersion('instances')

  const {
    data: page,
    setData: setPage,
    error,
    reload: load
  } = useLoaded(
    () =>
      api.call('instances.list', {
        customerId: props.customerId,
        flowId: props.flowId,
        isAdHoc: kind === 'all' ? undefined : kind === 'ad-hoc',
        includeArchived,
        limit: 500
      }),
    [api, props.customerId, props.flowId, kind, includeArchived],
    [version]
  )
  useEffect(() => {
    api.call('flows.list', { includeArchived: true, limit: 1000 }).then(
      (p) => setFlows(p.items),
      () => undefined
    )
  }, [api])

  const flowMap = new Map(flows.map((f) => [f.id, f]))
  const filtered = !!(props.customerId || props.flowId || kind !== 'all')
  let body
  if (error && !page) body = <ErrorState message={error} onRetry={load} />
  else if (!page) body = <SkeletonRows rows={4} label="Loading instances" />
  else if (!page.items.length)
    body = (
      <EmptyState icon={<LayersIcon size={20} />} title={filtered ? 'No instance matches' : 'Nothing deployed yet'}>
        {filtered ? 'Try other filters.' : 'Deploy a template from its page, or build an ad-hoc flow for a customer.'}
      </EmptyState>
    )
  else
    body = (
      <InstancesTable
        page={page}
        flows={flowMap}
        onChanged={(i) => setPage((p) => (p ? { ...p, items: p.items.map((x) => (x.id === i.id ? i : x)) } : p))}
      />
    )

  return (
    <div className="page">
      <PageHeader
        title="Instances"
        description="Flows deployed for customers, from templates or ad hoc: whether setup worked, and whether their triggers are on."
      />
      <div className="filter-bar">
        <CustomerFilter
          customerId={props.customerId}
          onChange={(customerId) => navigate({ name: 'instances', customerId, flowId: props.flowId })}
        />
        <Select
          small
          aria-label="Template"
          value={props.flowId ?? ''}
          onChange={(e) =>
            navigate({ name: 'instances', customerId: props.customerId, flowId: e.target.value || undefined })
          }
          style={{ width: 220 }}
        >
          <option value="">Any template</option>
          {flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </Select>
        <Segmented<Kind>
          label="Kind"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'all', label: 'All' },
            { value: 'template', label: 'From templates' },
            { value: 'ad-hoc', label: 'Ad-hoc' }
          ]}
        />
        <span className="spacer" />
        <Checkbox checked={includeArchived} onChange={setIncludeArchived} label="Show archived" />
      </div>
      <Card flush>{body}</Card>
    </div>
  )
}
