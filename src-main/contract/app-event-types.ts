import type { ElementError } from './flows'

/** A request your app is sent (subscribe / unsubscribe): parts may be formulas over `{webhookUri, user, appEventType}`. */
export interface AppEventRequestSpec {
  method?: string
  uri: unknown
  headers?: Record<string, unknown>
  query?: Record<string, unknown>
  body?: unknown
}

/** An app event type (`/app-event-types`): an event your app sends to the Workbench. */
export interface AppEventTypeDto {
  id: string
  key: string
  name: string
  description?: string
  /** Data schema the payload must match; bad payloads answer 400 naming the field. */
  schema?: Record<string, unknown>
  example?: unknown
  /** Part of `globalWebhookUri`. */
  webhookKey: string
  /** One URL for every customer: `userIdFormula` finds the customer in the payload. */
  globalWebhookUri: string
  /** Formula over the payload (e.g. `{"$var": "$.userId"}`) that gives the customer's internal id. */
  userIdFormula?: unknown
  /** Sent to your app when a customer subscribes (a flow with this event's trigger is deployed). */
  subscribeRequest?: AppEventRequestSpec
  /** Sent to your app when a subscription is archived. */
  unsubscribeRequest?: AppEventRequestSpec
  state: 'READY'
  revision: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** The customer a subscription or event is for, as Membrane embeds it. */
export interface AppEventUserDto {
  id: string
  internalId: string
  name: string
  fields?: Record<string, unknown>
}

/** One customer's subscription to an app event type (`/app-event-subscriptions`). */
export interface AppEventSubscriptionDto {
  id: string
  name: string
  appEventTypeId: string
  appEventType?: AppEventTypeDto
  /** The customer (engine id). */
  userId: string
  user?: AppEventUserDto
  instanceKey?: string
  /** Whether the subscribe request succeeded (or the type needs none). */
  isSubscribed: boolean
  schema?: Record<string, unknown>
  /** Where your app posts this customer's events (no token needed: the URL is the secret). */
  webhookUri: string
  /** The subscribe request as sent (an empty spec when the type has none). */
  subscriptionRequest: AppEventRequestSpec
  subscriptionResponse?: unknown
  state: 'READY' | 'SETUP_FAILED'
  errors?: ElementError[]
  revision: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** One app event received (`GET /app-events`): its payload and the runs it started. */
export interface AppEventLogRecordDto {
  id: string
  name: string
  userId: string
  user?: AppEventUserDto
  appEventTypeId: string
  appEventType?: AppEventTypeDto
  appEventSubscriptionId: string
  event: unknown
  datetime: string
  launchedFlowRunIds: string[]
}
