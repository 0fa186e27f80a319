import type { EventBus } from '../events/event-bus'
import type { WebhookDispatcher } from './webhook.dispatcher'

/** Connection and flow-run events go to the workspace's `webhookUri`, signed (an archived connection is `connection.deleted`). */
export function setupWorkspaceWebhooks(events: EventBus, webhooks: WebhookDispatcher): void {
  events.on('connection.created', ({ connection }) => webhooks.send('connection.created', { connection }))
  events.on('connection.disconnected', ({ connection, error }) =>
    webhooks.send('connection.disconnected', { connection, error })
  )
  events.on('connection.reconnected', ({ connection }) => webhooks.send('connection.reconnected', { connection }))
  events.on('connection.archived', ({ connection }) => webhooks.send('connection.deleted', { connection }))
  for (const state of ['queued', 'started', 'completed', 'failed', 'stopped'] as const) {
    events.on(`flowRun.${state}`, ({ flowRun }) => webhooks.send(`flowRun.${state}`, { flowRun }))
  }
}
