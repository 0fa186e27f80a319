import { useEffect, useState } from 'react'
import type { ConnectionDto } from '@contract/connections'
import type { CustomerDto } from '@contract/customers'
import type { FlowInstanceDto } from '@contract/flow-instances'
import type { FlowDto } from '@contract/flows'
import { messageOf } from '../../api/console-client'
import { useApi } from '../../store/store'
import { Button } from '../../ui/button'
import { Callout } from '../../ui/card'
import { Input, Select } from '../../ui/controls'
import { Dialog } from '../../ui/dialog'
import { Field } from '../../ui/field'
import { AlertCircleIcon, FlowIcon, RocketIcon } from '../../ui/icons'
import { CustomerPicker } from '../customers/CustomerPicker'
import { nodeTypeSpec } from '../builder/node-types'

/** Whether a template has nodes that work on a connection (it must be deployed to one). */
export function needsConnection(flow: Pick<FlowDto, 'nodes' | 'integrationKey'>): boolean {
  return (
    !!flow.integrationKey ||
    Object.values(flow.nodes).some((n) => nodeTypeSpec(n.type)?.needsConnection && !n.config?.integrationKey)
  )
}

/** Picks a customer, then calls back (new ad-hoc flow, filters). */
export function PickCustomerDialog(props: {
  open: boolean
  title: string
  description: string
  confirmLabel: string
  onClose(): void
  onPick(customer: CustomerDto): void
}) {
  const api = useApi()
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  useEffect(() => {
    if (props.open)
      api.call('testCustomer.get').then(
        (c) => setCustomer((cur) => cur ?? c),
        () => undefined
      )
  }, [props.open, api])
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      onSubmit={() => customer && props.onPick(customer)}
      title={props.title}
      description={props.description}
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" icon={<FlowIcon size={14} />} disabled={!customer}>
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      <Field label="Customer" required>
        {(ids) => <CustomerPicker id={ids.id} value={customer} onChange={setCustomer} />}
      </Field>
    </Dialog>
  )
}

/**
 * Deploys a template for a customer: an instance that follows the template until the customer
 * customises it. Templates with app-data nodes are deployed to one of the customer's connections.
 */
export function DeployDialog(props: {
  open: boolean
  flow: FlowDto
  onClose(): void
  onDeployed(instance: FlowInstanceDto): void
}) {
  const api = useApi()
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  const [connections, setConnections] = useState<ConnectionDto[] | null>(null)
  const [connectionId, setConnectionId] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const wantsConnection = needsConnection(props.flow)

  useEffect(() => {
    if (!props.open) return
    setError(null)
    setName('')
    api.call('testCustomer.get').then(
      (c) => setCustomer((cur) => cur ?? c),
      () => undefined
    )
  }, [props.open, api])

  useEffect(() => {
    setConnections(null)
    setConnectionId('')
    if (!customer || !props.open) return
    api
      .call('connections.list', { customerId: customer.id, integrationKey: props.flow.integrationKey, limit: 200 })
      .then(
        (page) => {
          const live = page.items.filter((c) => !c.archivedAt)
          setConnections(live)
          if (wantsConnection && live[0]) setConnectionId(live[0].id)
        },
        () => setConnections([])
      )
  }, [customer, props.open, api, props.flow.integrationKey, wantsConnection])

  const deploy = async () => {
    if (!customer) return
    setBusy(true)
    setError(null)
    try {
      const instance = await api.call('instances.deploy', {
        flowId: props.flow.id,
        customerId: customer.id,
        connectionId: connectionId || undefined,
        name: name.trim() || undefined
      })
      props.onDeployed(instance)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      onSubmit={() => void deploy()}
      title={`Deploy “${props.flow.name}”`}
      description="Creates this customer's instance of the template. It follows the template until the customer customises it; setup runs at once."
      footer={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="primary"
            icon={<RocketIcon size={14} />}
            busy={busy}
            disabled={!customer || (wantsConnection && !connectionId)}
          >
            Deploy
          </Button>
        </>
      }
    >
      <Field label="Customer" required>
        {(ids) => <CustomerPicker id={ids.id} value={customer} onChange={setCustomer} />}
      </Field>
      <Field
        label="Connection"
        required={wantsConnection}
        hint={
          wantsConnection
            ? 'The flow reads and writes app data through this connection; setup subscribes to its webhooks.'
            : 'Optional: this template needs no connection.'
        }
      >
        {(ids) => (
          <Select
            id={ids.id}
            value={connectionId}
            onChange={(e) => setConnectionId(e.target.value)}
            disabled={!connections}
          >
            {!connections && <option value="">Loading…</option>}
            {connections && !wantsConnection && <option value="">No connection</option>}
            {connections && wantsConnection && !connections.length && (
              <option value="">
                This customer has no connection{props.flow.integrationKey ? ` to ${props.flow.integrationKey}` : ''}
              </option>
            )}
            {connections?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.status}){c.externalAccount ? ` · ${c.externalAccount.name}` : ''}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Instance name" hint={`Default: ${props.flow.name}`}>
        {(ids) => (
          <Input id={ids.id} value={name} placeholder={props.flow.name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      {error && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="Not deployed" role="alert">
          {error}
        </Callout>
      )}
    </Dialog>
  )
}
