import type { ElementError } from './flows'

/** What an external event subscription listens to (Membrane's `config`). */
export interface ExternalEventSubscriptionConfigDto {
  type: 'data-record-created' | 'data-record-updated' | 'data-record-deleted' | 'connector-event'
  dataSource?: { collectionKey: string }
}

/** An app webhook a customer's connection holds (`/external-event-subscriptions`): today, one per data-record trigger node. */
export interface ExternalEventSubscriptionDto {
  id: string
  name: string
  /** The customer (engine id). */
  userId: string
  connectionId: string
  integrationId: string
  config: ExternalEventSubscriptionConfigDto
  status: 'subscribed' | 'unsubscribed' | 'error'
  error?: ElementError
  /** Deliveries arrive by webhook; `pullEvents()` also asks the app for changes since the cursor. */
  isRealTime: boolean
  requiresPull: boolean
  /** Where the app delivers (signed with the subscription's secret). */
  webhookUri: string
  /** Where the subscription stands: `{since, lastEventId?, lastRecordId?, lastEventAt?, lastPullAt?}`. */
  stateData: Record<string, unknown>
  /** The flow instance and trigger node the subscription feeds. */
  flowInstanceId: string
  nodeKey: string
  eventsReceived: number
  createdAt: string
  updatedAt: string
}

/** One event an app delivered (or a pull collected) for a subscription. */
export interface ExternalEventLogRecordDto {
  id: string
  name: string
  userId: string
  externalEventSubscriptionId: string
  integrationId: string
  connectionId: string
  payload?: unknown
  launchedFlowRunIds: string[]
  status: 'created' | 'success' | 'error'
  error?: ElementError
  createdAt: string
}

/** One `pullEvents()` of a subscription: the window it asked the app about and the events it found. */
export interface ExternalEventPullDto {
  id: string
  name: string
  userId: string
  externalEventSubscriptionId: string
  integrationId: string
  connectionId: string
  startDatetime: string
  endDatetime: string
  status: 'running' | 'success' | 'error'
  collectedEventIds: string[]
  error?: ElementError
  createdAt: string
}
