import type { EventBus } from '../events/event-bus'
import type { WebhookDispatcher } from '../webhooks/webhook.dispatcher'
import type { ActivityLog } from './activity-log'

/** The activity log records every engine event and webhook delivery; returns what stops it. */
export function setupActivityLog(events: EventBus, activity: ActivityLog, webhooks: WebhookDispatcher): () => void {
  const stops = [activity.followEvents(events), webhooks.onDelivery((delivery) => activity.recordWebhook(delivery))]
  return () => {
    for (const stop of stops) stop()
  }
}
