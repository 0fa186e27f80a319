import type { EventBus } from '../events/event-bus'
import type { YourAppRequester } from './your-app.requester'

/** Tokens minted for calls to your app under the old secret are not sent after it rotates. */
export function setupYourAppTokens(events: EventBus, yourApp: YourAppRequester): void {
  events.on('workspace.secretRotated', () => yourApp.forgetTokens())
}
