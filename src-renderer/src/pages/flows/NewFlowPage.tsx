import { useEffect, useRef, useState } from 'react'
import type { ConnectionDto } from '@contract/connections'
import type { CustomerBrief } from '@contract/console-views'
import type { FlowNodes } from '@contract/flows'
import { messageOf } from '../../api/console-client'
import { hrefOf } from '../../app/routes'
import { FlowBuilder } from '../../features/builder/FlowBuilder'
import { distinctName } from '../../features/builder/flow-names'
import { useApi, useConsole } from '../../store/store'
import { Badge, Card } from '../../ui/card'
import { Select } from '../../ui/controls'
import { ErrorState, Loading } from '../../ui/states'
import { BuilderCrumbs, NameInput } from './builder-heading'

/**
 * A new flow on an empty canvas: an ad-hoc flow of one customer (`?customer=`), or a template.
 * The first save creates it; the address then names it, so a reload opens it again.
 */
export function NewFlowPage(props: { customerId?: string }) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const refreshInfo = useConsole((s) => s.refreshInfo)
  const [customer, setCustomer] = useState<CustomerBrief | null>(null)
  const [error, setError] = useState<string | null>(null)
  const created = useRef<string | null>(null)
  const [createdId, setCreatedId] = useState<string | null>(null)
  const [connections, setConnections] = useState<ConnectionDto[]>([])
  const [connectionId, setConnectionId] = useState('')
  // names of the flows there are, so a new one gets a name of its own
  const [taken, setTaken] = useState<string[] | null>(null)

  useEffect(() => {
    const names = props.customerId
      ? api
          .call('instances.list', { customerId: props.customerId, isAdHoc: true, includeArchived: true, limit: 200 })
          .then((p) => p.items.map((i) => i.name ?? ''))
      : api.call('flows.list', { includeArchived: true, limit: 200 }).then((p) => p.items.map((f) => f.name))
    names.then(setTaken, () => setTaken([]))
  }, [api, props.customerId])

  useEffect(() => {
    if (!props.customerId) return
    api.call('customers.get', { id: props.customerId }).then(
      (c) => setCustomer({ id: c.id, internalId: c.internalId, name: c.name, isTest: c.isTest }),
      (e) => setError(messageOf(e))
    )
    api.call('connections.list', { customerId: props.customerId, limit: 200 }).then(
      (p) => setConnections(p.items.filter((c) => !c.archivedAt)),
      () => undefined
    )
  }, [api, props.customerId])

  if (props.customerId && error)
    return (
      <div className="page">
        <Card>
          <ErrorState message={error} />
        </Card>
      </div>
    )
  if ((props.customerId && !customer) || !taken)
    return (
      <div className="page">
        <Card>
          <Loading label="Loading the customer…" />
        </Card>
      </div>
    )

  const adHoc = !!customer
  const save = async ({ name, nodes }: { name: string; nodes: FlowNodes }): Promise<FlowNodes> => {
    if (adHoc) {
      const instance = created.current
        ? await api.call('instances.update', { id: created.current, changes: { name, nodes } })
        : await api.call('instances.createAdHoc', {
            customerId: customer.id,
            name,
            nodes,
            connectionId: connectionId || undefined
          })
      if (!created.current) {
        created.current = instance.id
        setCreatedId(instance.id)
        window.history.replaceState(null, '', hrefOf({ name: 'instance', id: instance.id }))
        notify({ kind: 'success', title: `Saved “${instance.name}”`, text: `An ad-hoc flow of ${customer.name}.` })
      }
      return instance.nodes
    }
    const flow = created.current
      ? await api.call('flows.update', { id: created.current, changes: { name, nodes } })
      : await api.call('flows.create', { name, nodes })
    if (!created.current) {
      created.current = flow.id
      setCreatedId(flow.id)
      window.history.replaceState(null, '', hrefOf({ name: 'flow', id: flow.id }))
      notify({
        kind: 'success',
        title: `Saved template “${flow.name}”`,
        text: `Key ${flow.key}. Deploy it to customers from its page.`
      })
    }
    void refreshInfo()
    return flow.nodes
  }

  return (
    <div className="page-builder">
      <FlowBuilder
        name={distinctName(adHoc ? `${customer.name} flow` : 'New flow template', taken)}
        initialNodes={{}}
        isNew
        customerId={customer?.id}
        save={save}
        saveLabel={createdId ? 'Save' : adHoc ? 'Save flow' : 'Save template'}
        runNote={
          adHoc
            ? `Runs as ${customer.name}.`
            : "Templates run on the test customer's instance (deployed on the first run)."
        }
        run={(input, startNodeKey) =>
          adHoc
            ? api.call('runs.start', { flowInstanceId: created.current!, input, startNodeKey })
            : api.call('flows.run', { flowId: created.current!, input, startNodeKey })
        }
        heading={
          <BuilderCrumbs
            items={
              adHoc
                ? [
                    { label: 'Customers', href: hrefOf({ name: 'customers' }) },
                    { label: customer.name, href: hrefOf({ name: 'customer', id: customer.id }) },
                    { label: createdId ? 'Ad-hoc flow' : 'New ad-hoc flow' }
                  ]
                : [
                    { label: 'Flows', href: hrefOf({ name: 'flows' }) },
                    { label: createdId ? 'Template' : 'New template' }
                  ]
            }
          />
        }
        integrationKey={connections.find((c) => c.id === connectionId)?.integrationKey}
        recordConnection={connections.find((c) => c.id === connectionId)}
        actions={
          adHoc ? (
            <>
              {connections.length > 0 && (
                <Select
                  small
                  aria-label="Connection"
                  title="The connection the flow's app-data nodes work through"
                  value={connectionId}
                  disabled={!!createdId}
                  onChange={(e) => setConnectionId(e.target.value)}
                  style={{ width: 220 }}
                >
                  <option value="">No connection</option>
                  {connections.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                      {c.externalAccount ? ` · ${c.externalAccount.name}` : ''}
                    </option>
                  ))}
                </Select>
              )}
              <Badge tone="accent">Ad-hoc · {customer.name}</Badge>
            </>
          ) : (
            <Badge>Template</Badge>
          )
        }
        renderName={(name, setName) => <NameInput value={name} onChange={setName} />}
      />
    </div>
  )
}
