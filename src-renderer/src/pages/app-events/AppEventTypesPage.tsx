import { useEffect, useState } from 'react'
import type { AppEventRequestSpec, AppEventTypeDto } from '@contract/app-event-types'
import type { CustomerDto } from '@contract/customers'
import type { FlowRunDto } from '@contract/flow-runs'
import { ConsoleCallError, messageOf } from '../../api/console-client'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf } from '../../app/routes'
import { CustomerPicker } from '../../features/customers/CustomerPicker'
import { RunStateBadge } from '../../features/runs/RunState'
import { useApi } from '../../store/store'
import { Button } from '../../ui/button'
import { Callout, Card } from '../../ui/card'
import { Textarea } from '../../ui/controls'
import { controlProps, Field } from '../../ui/field'
import { AlertCircleIcon, BoltIcon, ZapIcon } from '../../ui/icons'
import { JsonView } from '../../ui/json-view'
import { KeyValues } from '../../ui/key-values'
import { PageHeader } from '../../ui/page-header'
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states'

/** Every app event type your app declares (REST `/app-event-types` or the SDK). */
export function AppEventTypesPage() {
  const api = useApi()
  const loaded = useLoaded<AppEventTypeDto[]>(() => api.call('appEventTypes.list', {}), [])
  return (
    <div className="page">
      <PageHeader
        title="App events"
        description="Events your app sends; flows with an app-event trigger on a type start for the customer the event is for."
      />
      <Card flush>
        {loaded.error ? (
          <ErrorState message={loaded.error} onRetry={loaded.reload} />
        ) : !loaded.data ? (
          <SkeletonRows rows={3} label="Loading app event types" />
        ) : !loaded.data.length ? (
          <EmptyState icon={<BoltIcon />} title="No app event types yet">
            Create one with POST /app-event-types or the SDK&apos;s appEventTypes.create().
          </EmptyState>
        ) : (
          <table className="table" aria-label="App event types">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Name</th>
                <th scope="col">Subscribe request</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((t) => (
                <tr key={t.id}>
                  <td className="mono">
                    <a href={hrefOf({ name: 'app-event-type', id: t.id })}>{t.key}</a>
                  </td>
                  <td>{t.name}</td>
                  <td className="mono">{t.subscribeRequest ? `${requestLine(t.subscribeRequest)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  )
}

/** `POST /subscriptions`; a formula URI (an object) is shown as JSON. */
function requestLine(spec: AppEventRequestSpec): string {
  const uri = typeof spec.uri === 'string' ? spec.uri : JSON.stringify(spec.uri)
  return `${spec.method ?? 'POST'} ${uri}`
}

function pretty(value: unknown): string {
  return value === undefined ? '{}' : JSON.stringify(value, null, 2)
}

/** Sends a test event for a customer, through the same path as your app's, and lists the runs it started. */
function SendTestEvent(props: { type: AppEventTypeDto }) {
  const api = useApi()
  const [customer, setCustomer] = useState<CustomerDto | null>(null)
  const [text, setText] = useState(() => pretty(props.type.example))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState<{ runs: FlowRunDto[] } | null>(null)

  // the test customer is the one a developer tries things as; another can be picked
  useEffect(() => {
    let live = true
    api.call('testCustomer.get').then(
      (c) => live && setCustomer((current) => current ?? c),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [])

  const send = async () => {
    setError(null)
    setSent(null)
    let payload: unknown
    try {
      payload = JSON.parse(text)
    } catch {
      setError('The payload is not valid JSON.')
      return
    }
    if (!customer) {
      setError('Pick the customer the event is for.')
      return
    }
    setBusy(true)
    try {
      setSent(await api.call('appEventTypes.sendTest', { id: props.type.id, customerId: customer.id, payload }))
    } catch (e) {
      const details = e instanceof ConsoleCallError ? e.details : []
      setError(details.length ? details.map((d) => `${d.path}: ${d.message}`).join('; ') : messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card
      title="Send a test event"
      description="The payload is checked against the type's schema, then the flows subscribed for that customer start."
    >
      <div className="stack">
        <Field label="Customer">
          {(ids) => (
            <CustomerPicker id={ids.id} describedBy={ids.describedBy} value={customer} onChange={setCustomer} />
          )}
        </Field>
        <Field label="Payload (JSON)">
          {(ids) => (
            <Textarea
              {...controlProps(ids)}
              className="mono"
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <div className="row">
          <Button variant="primary" icon={<ZapIcon />} busy={busy} onClick={() => void send()}>
            Send test event
          </Button>
        </div>
        {error && (
          <Callout tone="danger" icon={<AlertCircleIcon />} title="Nothing was started" role="alert">
            {error}
          </Callout>
        )}
        {sent &&
          (sent.runs.length ? (
            <table className="table" aria-label="Runs the event started">
              <caption>The event started {sent.runs.length === 1 ? '1 run' : `${sent.runs.length} runs`}</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Flow</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {sent.runs.map((r) => (
                  <tr key={r.id}>
                    <td className="mono">
                      <a href={hrefOf({ name: 'run', id: r.id })}>{r.id}</a>
                    </td>
                    <td>{r.name ?? r.flowInstanceId}</td>
                    <td>
                      <RunStateBadge state={r.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p role="status">Received; no flow is subscribed to this event for {customer?.name}.</p>
          ))}
      </div>
    </Card>
  )
}

/** One app event type: what it carries, its URLs, and a test event. */
export function AppEventTypePage(props: { id: string }) {
  const api = useApi()
  const loaded = useLoaded<AppEventTypeDto>(() => api.call('appEventTypes.get', { id: props.id }), [props.id])
  if (loaded.error || !loaded.data)
    return (
      <div className="page">
        <Card>
          {loaded.error ? (
            <ErrorState message={loaded.error} onRetry={loaded.reload} />
          ) : (
            <SkeletonRows rows={4} label="Loading the app event type" />
          )}
        </Card>
      </div>
    )
  const t = loaded.data
  return (
    <div className="page">
      <PageHeader
        breadcrumbs={<a href={hrefOf({ name: 'app-event-types' })}>App events</a>}
        title={t.name}
        description={<span className="mono">{t.key}</span>}
      />
      <div className="grid-main-aside">
        <div className="stack">
          <SendTestEvent type={t} />
          <Card title="Schema">
            {t.schema ? (
              <JsonView value={t.schema} label="Payload schema" openDepth={2} />
            ) : (
              <p className="subtle">Any payload is accepted.</p>
            )}
          </Card>
        </div>
        <div className="stack sticky-aside">
          <Card title="About">
            <KeyValues
              label="About this event type"
              rows={[
                { label: 'Global webhook', value: <span className="mono">{t.globalWebhookUri}</span> },
                {
                  label: 'Subscribe request',
                  value: t.subscribeRequest ? (
                    <span className="mono">{`${requestLine(t.subscribeRequest)}`}</span>
                  ) : (
                    <span className="subtle">None</span>
                  )
                }
              ]}
            />
          </Card>
        </div>
      </div>
    </div>
  )
}
