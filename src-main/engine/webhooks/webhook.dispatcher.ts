import type { LoggerPort } from '../ports'
import { SignedWebhookSender, type RetryOptions, type SignedAttempt } from './signed-webhook.sender'

/** Header carrying `sha256=<hex HMAC of the body with the workspace secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-workbench-signature'

/** One delivery attempt's outcome, kept for the activity log. */
export type WebhookDelivery = Omit<SignedAttempt, 'url'> & { eventType: string; uri: string }

/** Options of {@link WebhookDispatcher} (retries default to 1 s, 5 s, 25 s, 2 min). */
export type WebhookDispatcherOptions = RetryOptions

/**
 * Sends workspace notifications (`{eventType, data}`) to the workspace `webhookUri`, signed with
 * the workspace secret (read at each attempt), retrying non-2xx answers and network errors with
 * backoff through the one {@link SignedWebhookSender}. Sending never throws into the caller;
 * outcomes are logged and kept in `recent()`.
 */
export class WebhookDispatcher {
  private readonly sender: SignedWebhookSender
  private readonly deliveries: WebhookDelivery[] = []
  private readonly listeners = new Set<(delivery: WebhookDelivery) => void>()
  private closed = false

  constructor(
    private readonly target: () => { uri?: string; secret: string },
    private readonly logger: LoggerPort,
    nowIso: () => string,
    options: WebhookDispatcherOptions = {}
  ) {
    this.sender = new SignedWebhookSender({
      signatureHeader: WEBHOOK_SIGNATURE_HEADER,
      userAgent: 'IntegrationWorkbench',
      nowIso,
      retryDelaysMs: options.retryDelaysMs ?? [1000, 5000, 25_000, 120_000],
      timeoutMs: options.timeoutMs
    })
  }

  /** Queues `{eventType, data}` for the workspace webhook; a no-op when none is set. */
  send(eventType: string, data: unknown): void {
    const { uri } = this.target()
    if (!uri || this.closed) return
    this.sender.send({
      url: uri,
      body: JSON.stringify({ eventType, data }),
      secret: () => this.target().secret,
      onAttempt: ({ url, ...outcome }, next) => {
        this.record({ eventType, uri: url, ...outcome })
        if (next === 'gave-up')
          this.logger.warn('workspace webhook gave up', {
            eventType,
            uri,
            attempts: outcome.attempt,
            status: outcome.status,
            error: outcome.error
          })
      }
    })
  }

  /** The latest deliveries, newest last (at most 200). */
  recent(): WebhookDelivery[] {
    return [...this.deliveries]
  }

  /** Called after every attempt (activity log, tests). */
  onDelivery(listener: (delivery: WebhookDelivery) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Cancels pending retries. */
  close(): void {
    this.closed = true
    this.sender.close()
  }

  private record(delivery: WebhookDelivery): void {
    this.deliveries.push(delivery)
    if (this.deliveries.length > 200) this.deliveries.shift()
    for (const listener of this.listeners) listener(delivery)
    this.logger.debug('workspace webhook attempt', { ...delivery })
  }
}
