import { useEffect, useState } from 'react'
import type { ConnectionDto } from '@contract/connections'
import type { ConsoleIntegration } from '@contract/console-views'
import type { CustomerDto } from '@contract/customers'
import { messageOf } from '../../api/console-client'
import { useApi, useConsole } from '../../store/store'
import { Button } from '../../ui/button'
import { Callout } from '../../ui/card'
import { Select } from '../../ui/controls'
import { Dialog } from '../../ui/dialog'
import { controlProps, Field } from '../../ui/field'
import { AlertCircleIcon, CheckCircleIcon, ExternalIcon, InfoIcon, PlugIcon } from '../../ui/icons'
import { CustomerPicker } from '../customers/CustomerPicker'
import { AppLogo } from './ConnectionStatus'
import { useConnectWindow } from './use-connect-window'

/** How each app asks the person to connect, in a sentence. */
function howItConnects(integration: ConsoleIntegration | undefined): string {
  if (!integration) return ''
  if (integration.authType === 'oauth2')
    return `${integration.name} opens its approval page: pick or name an account and approve. The engine stores the tokens sealed and refreshes them.`
  return `${integration.name} asks for its credentials on a form generated from its input schema; the engine checks them with the app before it saves anything.`
}

/**
 * Connects a customer to an integration through the real connect page, in a popup: OAuth
 * approval for the CRM, the generated form for API-key apps. The dialog follows the popup and
 * hands over the new connection.
 */
export function ConnectDialog(props: {
  open: boolean
  onClose(): void
  customer?: CustomerDto | null
  integrationKey?: string
  onConnected(connection: ConnectionDto): void
}) {
  const api = useApi()
  const notify = useConsole((s) => s.notify)
  const [customer, setCustomer] = useState<CustomerDto | null>(props.customer ?? null)
  const [integrations, setIntegrations] = useState<ConsoleIntegration[] | null>(null)
  const [integrationKey, setIntegrationKey] = useState(props.integrationKey ?? '')
  const [loadError, setLoadError] = useState<string | null>(null)
  const flow = useConnectWindow((connection) => {
    notify({
      kind: 'success',
      title: `Connected ${connection.name}`,
      text: connection.externalAccount ? `Account: ${connection.externalAccount.name}` : undefined
    })
    props.onConnected(connection)
  })

  useEffect(() => {
    if (!props.open) return
    flow.reset()
    setCustomer(props.customer ?? null)
    setIntegrationKey(props.integrationKey ?? '')
    api.call('integrations.overview').then(
      (overview) => {
        const live = overview.integrations.filter((i) => !i.archivedAt)
        setIntegrations(live)
        setIntegrationKey((key) => key || live[0]?.key || '')
      },
      (e) => setLoadError(messageOf(e))
    )
    if (!props.customer)
      api.call('testCustomer.get').then(
        (c) => setCustomer((current) => current ?? c),
        () => undefined
      )
    // reset only when the dialog opens
  }, [props.open])

  const integration = integrations?.find((i) => i.key === integrationKey)
  const busy = flow.state.phase === 'opening' || flow.state.phase === 'waiting'
  const start = () => {
    if (!customer || !integration) return
    void flow.open({ customerId: customer.id, integrationKey: integration.key })
  }
  const close = () => {
    flow.reset()
    props.onClose()
  }

  return (
    <Dialog
      open={props.open}
      onClose={close}
      onSubmit={start}
      title="Connect a customer"
      description="Opens the same connect page your app's customers see, in a popup window."
      footer={
        <>
          <Button onClick={close}>{flow.state.phase === 'connected' ? 'Close' : 'Cancel'}</Button>
          {flow.state.phase !== 'connected' && (
            <Button
              type="submit"
              variant="primary"
              icon={<ExternalIcon />}
              busy={busy}
              disabled={!customer || !integration || integration.hasMissingParameters}
            >
              {busy ? 'Waiting for the connect window…' : 'Open connect page'}
            </Button>
          )}
        </>
      }
    >
      {loadError && (
        <Callout tone="danger" icon={<AlertCircleIcon />} title="Could not load the integrations">
          {loadError}
        </Callout>
      )}
      <Field label="Customer" required>
        {(ids) => <CustomerPicker id={ids.id} value={customer} onChange={setCustomer} />}
      </Field>
      <Field label="Integration" required hint={howItConnects(integration)}>
        {(ids) => (
          <div className="row" style={{ gap: 'var(--space-2)' }}>
            <AppLogo src={integration?.logoUri} name={integration?.name ?? ''} size={32} />
            <Select
              {...controlProps(ids)}
              value={integrationKey}
              onChange={(e) => setIntegrationKey(e.target.value)}
              disabled={!integrations}
            >
              {!integrations && <option>Loading…</option>}
              {integrations?.map((i) => (
                <option key={i.key} value={i.key}>
                  {i.name} ({i.authType === 'oauth2' ? 'OAuth 2.0' : 'API key'})
                </option>
              ))}
            </Select>
          </div>
        )}
      </Field>
      {integration?.hasMissingParameters && (
        <Callout tone="warning" icon={<AlertCircleIcon />} title="This integration is not set up">
          A required integration parameter is missing, so connections cannot be made until it is set.
        </Callout>
      )}
      <ConnectProgress state={flow.state} onRetry={start} onFocus={flow.focus} />
    </Dialog>
  )
}

/** What the connect window is doing, shown in the dialog or page that opened it. */
export function ConnectProgress(props: {
  state: ReturnType<typeof useConnectWindow>['state']
  onRetry(): void
  onFocus?(): void
}) {
  const s = props.state
  switch (s.phase) {
    case 'waiting':
      return (
        <Callout
          tone="info"
          icon={<span className="spinner" aria-hidden="true" />}
          title="Finish in the connect window"
          role="status"
          actions={
            props.onFocus && (
              <Button size="sm" onClick={props.onFocus}>
                Show it
              </Button>
            )
          }
        >
          Approve or fill in the form there; this updates by itself when it is done.
        </Callout>
      )
    case 'blocked':
      return (
        <Callout tone="warning" icon={<AlertCircleIcon />} title="The browser blocked the popup">
          Allow popups for this page, or{' '}
          <a href={s.url} target="_blank" rel="noreferrer">
            open the connect page
          </a>{' '}
          yourself; this updates when it is done.
        </Callout>
      )
    case 'connected':
      return (
        <Callout tone="success" icon={<CheckCircleIcon />} title={`Connected: ${s.connection.name}`} role="status">
          {s.connection.externalAccount ? `Account “${s.connection.externalAccount.name}”. ` : ''}The connection is
          ready to use.
        </Callout>
      )
    case 'failed':
      return (
        <Callout
          tone="danger"
          icon={<AlertCircleIcon />}
          title="Not connected"
          role="alert"
          actions={
            <Button size="sm" icon={<PlugIcon />} onClick={props.onRetry}>
              Try again
            </Button>
          }
        >
          {s.message}
        </Callout>
      )
    case 'closed':
      return (
        <Callout tone="info" icon={<InfoIcon />} title="The connect window was closed">
          Nothing was connected. Open it again when you are ready.
        </Callout>
      )
    default:
      return null
  }
}
