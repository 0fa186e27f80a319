import { createHmac } from 'node:crypto'
import type { LoggerPort } from '../../ports'

/** Header carrying `sha256=<hex HMAC-SHA256 of the body with the subscription secret>`. */
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature'

/** One attempt to deliver one record event. */
export interface SandboxDelivery {
  eventId: string
  eventType: string
  url: string
  attempt: number
  status?: number
  error?: string
  delivered: boolean
  at: string
}

/** Options of {@link SandboxWebhookSender}. */
export interface SandboxWebhookOptions {
  /** Delays before each retry, in ms (default 1 s, 5 s, 25 s). */
  retryDelaysMs?: number[]
  timeoutMs?: number
}

/** Signs `body` the way the sandbox apps do, for receivers that verify deliveries. */
export function signSandboxBody(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
}

/**
 * Posts record events to subscribed URLs as a SaaS app does: JSON body, HMAC signature header,
 * retries with backoff on network errors and non-2xx answers. Never throws into the caller.
 */
export class SandboxWebhookSender {
  private readonly retryDelays: number[]
  private readonly timeoutMs: number
  private readonly pending = new Set<NodeJS.Timeout>()
  private readonly log: SandboxDelivery[] = []
  private closed = false
  /** Delivered / failed-for-good counters. */
  readonly counts = { delivered: 0, failed: 0 }

  constructor(
    private readonly logger: LoggerPort,
    private readonly nowIso: () => string,
    options: SandboxWebhookOptions = {}
  ) {
    this.retryDelays = options.retryDelaysMs ?? [1000, 5000, 25_000]
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  /** Queues one event for one subscription. */
  send(target: { url: string; secret: string }, eventId: string, eventType: string, payload: unknown): void {
    if (this.closed) return
    void this.attempt(target, eventId, eventType, JSON.stringify(payload), 1)
  }

  /** Recent attempts, newest last (at most 200). */
  recent(): SandboxDelivery[] {
    return [...this.log]
  }

  /** Cancels pending retries. */
  close(): void {
    this.closed = true
    for (const timer of this.pending) clearTimeout(timer)
    this.pending.clear()
  }

  private async attempt(
    target: { url: string; secret: string },
    eventId: string,
    eventType: string,
    body: string,
    attempt: number
  ): Promise<void> {
    const delivery: SandboxDelivery = {
      eventId,
      eventType,
      url: target.url,
      attempt,
      delivered: false,
      at: this.nowIso()
    }
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SandboxApps-Webhooks/1.0',
          [SANDBOX_SIGNATURE_HEADER]: signSandboxBody(target.secret, body),
          'x-sandbox-event': eventType,
          'x-sandbox-delivery': eventId,
          'x-sandbox-attempt': String(attempt)
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs)
      })
      delivery.status = response.status
      delivery.delivered = response.ok
      await response.arrayBuffer().catch(() => undefined)
    } catch (error) {
      delivery.error = (error as Error).message
    }
    this.log.push(delivery)
    if (this.log.length > 200) this.log.shift()
    if (delivery.delivered) {
      this.counts.delivered++
      return
    }
    const delay = this.retryDelays[attempt - 1]
    if (delay === undefined || this.closed) {
      this.counts.failed++
      this.logger.warn('sandbox webhook gave up', {
        eventType,
        url: target.url,
        attempts: attempt,
        status: delivery.status,
        error: delivery.error
      })
      return
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer)
      void this.attempt(target, eventId, eventType, body, attempt + 1)
    }, delay)
    timer.unref()
    this.pending.add(timer)
  }
}
