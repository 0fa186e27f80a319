import { createHmac } from 'node:crypto'
import type { LoggerPort } from '../ports'

/** Header carrying `sha256=<hex HMAC of the body with the workspace secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-workbench-signature'

/** One delivery attempt's outcome, kept for the activity log. */
export interface WebhookDelivery {
  eventType: string
  uri: string
  attempt: number
  status?: number
  error?: string
  at: string
  delivered: boolean
}

/** Options of {@link WebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  /** Delays before each retry, in ms (default 1 s, 5 s, 25 s, 2 min). */
  retryDelaysMs?: number[]
  /** Per-attempt timeout in ms. */
  timeoutMs?: number
}

/**
 * Sends workspace notifications (`{eventType, data}`) to the workspace `webhookUri`, signed with
 * the workspace secret, retrying non-2xx answers and network errors with backoff. Sending never
 * throws into the caller; outcomes are logged and kept in `recent()`.
 */
export class WebhookDispatcher {
  private readonly retryDelays: number[]
  private readonly timeoutMs: number
  private readonly deliveries: WebhookDelivery[] = []
  private readonly pending = new Set<NodeJS.Timeout>()
  private readonly listeners = new Set<(delivery: WebhookDelivery) => void>()
  private closed = false

  constructor(
    private readonly target: () => { uri?: string; secret: string },
    private readonly logger: LoggerPort,
    private readonly nowIso: () => string,
    options: WebhookDispatcherOptions = {}
  ) {
    this.retryDelays = options.retryDelaysMs ?? [1000, 5000, 25_000, 120_000]
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  /** Queues `{eventType, data}` for the workspace webhook; a no-op when none is set. */
  send(eventType: string, data: unknown): void {
    const { uri } = this.target()
    if (!uri || this.closed) return
    void this.attempt(uri, eventType, JSON.stringify({ eventType, data }), 1)
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
    for (const timer of this.pending) clearTimeout(timer)
    this.pending.clear()
  }

  private async attempt(uri: string, eventType: string, body: string, attempt: number): Promise<void> {
    const signature = 'sha256=' + createHmac('sha256', this.target().secret).update(body).digest('hex')
    const delivery: WebhookDelivery = { eventType, uri, attempt, at: this.nowIso(), delivered: false }
    try {
      const response = await fetch(uri, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: signature,
          'user-agent': 'IntegrationWorkbench'
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
    this.record(delivery)
    if (delivery.delivered || this.closed) return
    const delay = this.retryDelays[attempt - 1]
    if (delay === undefined) {
      this.logger.warn('workspace webhook gave up', {
        eventType,
        uri,
        attempts: attempt,
        status: delivery.status,
        error: delivery.error
      })
      return
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer)
      void this.attempt(uri, eventType, body, attempt + 1)
    }, delay)
    timer.unref()
    this.pending.add(timer)
  }

  private record(delivery: WebhookDelivery): void {
    this.deliveries.push(delivery)
    if (this.deliveries.length > 200) this.deliveries.shift()
    for (const listener of this.listeners) listener(delivery)
    this.logger.debug('workspace webhook attempt', { ...delivery })
  }
}
