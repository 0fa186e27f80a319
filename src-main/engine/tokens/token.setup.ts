import type { EventBus } from '../events/event-bus'
import type { SigningKeys } from './signing-keys'
import type { TokenVerifier } from './token.verifier'

/** A rotated workspace secret signs and verifies from then on: keys derived again, verified tokens forgotten. */
export function setupTokenKeys(events: EventBus, keys: SigningKeys, verifier: TokenVerifier): void {
  events.on('workspace.secretRotated', () => {
    keys.reset()
    verifier.forgetAll()
  })
}
