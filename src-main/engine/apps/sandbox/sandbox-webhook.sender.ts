import type { LoggerPort } from '../../ports'
import {
  signBody,
  SignedWebhookSender,
  type RetryOptions,
  type SignedAttempt
} from '../../webhooks/signed-webhook.sender'

/** Header carrying `sha256=<hex HMAC-SHA256 of the body with the subscription secret>`. */
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature'

/** One attempt to deliver one record event. */
export type SandboxDelivery = SignedAttempt & { eventId: string; eventType: string }

/** Options of {@link SandboxWebhookSender} (retries default to 1 s, 5 s, 25 s). */
export type SandboxWebhookOptions = RetryOptions

/** Signs `body` the way the sandbox apps do, for receivers that verify deliveries. */
export const signSandboxBody: (secret: string, body: string) => string = signBody

/**
 * Posts record events to subscribed URLs as a SaaS app does: JSON body, HMAC signature header,
 * retries with backoff on network errors and non-2xx answers (the one {@link SignedWebhookSender}).
 * Never throws into the caller.
 */
export class SandboxWebhookSender {
  private readonly sender: SignedWebhookSender
  private readonly log: SandboxDelivery[] = []
  private closed = false
  /** Delivered / failed-for-good counters. */
  readonly counts = { delivered: 0, failed: 0 }

  constructor(
    private readonly logger: LoggerPort,
    nowIso: () => string,
    options: SandboxWebhookOptions = {}
  ) {
    this.sender = new SignedWebhookSender({
      signatureHeader: SANDBOX_SIGNATURE_HEADER,
      userAgent: 'SandboxApps-Webhooks/1.0',
      nowIso,
      retryDelaysMs: options.retryDelaysMs ?? [1000, 5000, 25_000],
      timeoutMs: options.timeoutMs
    })
  }

  /** Queues one event for one subscription. */
  send(target: { url: string; secret: string }, eventId: string, eventType: string, payload: unknown): void {
    if (this.closed) return
    this.sender.send({
      url: target.url,
      body: JSON.stringify(payload),
      secret: () => target.secret,
      headers: (attempt) => ({
        'x-sandbox-event': eventType,
        'x-sandbox-delivery': eventId,
        'x-sandbox-attempt': String(attempt)
      }),
      onAttempt: (outcome, next) => {
        this.log.push({ eventId, eventType, ...outcome })
        if (this.log.length > 200) this.log.shift()
        if (next === 'delivered') this.counts.delivered++
        else if (next !== 'retry') {
          this.counts.failed++
          this.logger.warn('sandbox webhook gave up', {
            eventType,
            url: target.url,
            attempts: outcome.attempt,
            status: outcome.status,
            error: outcome.error
          })
        }
      }
    })
  }

  /** Recent attempts, newest last (at most 200). */
  recent(): SandboxDelivery[] {
    return [...this.log]
  }

  /** Cancels pending retries. */
  close(): void {
    this.closed = true
    this.sender.close()
  }
}
