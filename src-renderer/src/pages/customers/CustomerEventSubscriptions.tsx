import type { AppEventSubscriptionDto } from '@contract/app-event-types'
import type { ExternalEventSubscriptionDto } from '@contract/external-events'
import { useLoaded } from '../../api/use-loaded'
import { hrefOf } from '../../app/routes'
import { useApi } from '../../store/store'
import { Badge, Card } from '../../ui/card'
import { ErrorState, SkeletonRows } from '../../ui/states'

interface Subscriptions {
  appEvents: AppEventSubscriptionDto[]
  externalEvents: ExternalEventSubscriptionDto[]
}

/** The customer's app event subscriptions (your app → flows) and external event subscriptions (the apps → flows). */
export function CustomerEventSubscriptions(props: { customerId: string }) {
  const api = useApi()
  const loaded = useLoaded<Subscriptions>(
    () => api.call('customers.eventSubscriptions', { id: props.customerId }),
    [props.customerId]
  )
  return (
    <Card
      title="Event subscriptions"
      description="Made when a flow with an event trigger is deployed for this customer."
      flush
    >
      {loaded.error ? (
        <ErrorState message={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <SkeletonRows rows={2} label="Loading event subscriptions" />
      ) : (
        <>
          <table className="table" aria-label="App event subscriptions">
            <caption>App events from your app</caption>
            <thead>
              <tr>
                <th scope="col">Event type</th>
                <th scope="col">Subscribed</th>
                <th scope="col">Webhook URI</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.appEvents.length ? (
                loaded.data.appEvents.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <a href={hrefOf({ name: 'app-event-type', id: s.appEventTypeId })}>
                        {s.appEventType?.name ?? s.name}
                      </a>
                    </td>
                    <td>
                      {s.isSubscribed ? (
                        <Badge tone="success">Subscribed</Badge>
                      ) : (
                        <Badge tone="danger">{s.state}</Badge>
                      )}
                    </td>
                    <td className="mono">{s.webhookUri}</td>
                  </tr>
                ))
              ) : (
                <tr>
                  <td colSpan={3} className="subtle">
                    None: no deployed flow of this customer has an app-event trigger.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <table className="table" aria-label="External event subscriptions">
            <caption>Record events from the connected apps</caption>
            <thead>
              <tr>
                <th scope="col">Subscription</th>
                <th scope="col">Status</th>
                <th scope="col">Events</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.externalEvents.length ? (
                loaded.data.externalEvents.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <a href={hrefOf({ name: 'connection', id: s.connectionId })}>{s.name}</a>
                    </td>
                    <td>
                      <Badge tone={s.status === 'subscribed' ? 'success' : s.status === 'error' ? 'danger' : 'neutral'}>
                        {s.status}
                      </Badge>
                    </td>
                    <td>{s.eventsReceived}</td>
                  </tr>
                ))
              ) : (
                <tr>
                  <td colSpan={3} className="subtle">
                    None: no deployed flow of this customer has a data-record trigger.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </Card>
  )
}
