import { createHmac } from 'node:crypto'

/** `sha256=<hex HMAC-SHA256 of the body>`: how workspace webhooks and the sandbox apps sign a body. */
export function signBody(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')
}

/** One attempt's outcome. */
export interface SignedAttempt {
  url: string
  attempt: number
  status?: number
  error?: string
  delivered: boolean
  at: string
}

/** What happens after an attempt: delivered, another attempt later, given up (no retries left) or stopped (closed). */
export type AttemptNext = 'delivered' | 'retry' | 'gave-up' | 'closed'

/** One webhook to deliver. */
export interface SignedWebhook {
  url: string
  body: string
  /** The signing secret, read at each attempt (a rotated secret signs the retries). */
  secret(): string
  /** Headers besides content type, user agent and signature (event ids, attempt numbers). */
  headers?(attempt: number): Record<string, string>
  /** Told after every attempt, with what comes next. */
  onAttempt(attempt: SignedAttempt, next: AttemptNext): void
}

/** Retry settings a sender's owner may override (tests shorten them). */
export interface RetryOptions {
  /** Delays before each retry, in ms. */
  retryDelaysMs?: number[]
  /** Per-attempt timeout in ms (default 10 s). */
  timeoutMs?: number
}

/** Options of {@link SignedWebhookSender}. */
export interface SignedWebhookSenderOptions {
  signatureHeader: string
  userAgent: string
  nowIso(): string
  /** Delays before each retry, in ms. */
  retryDelaysMs: number[]
  /** Per-attempt timeout in ms (default 10 s). */
  timeoutMs?: number
}

/**
 * Posts signed JSON bodies and retries network errors and non-2xx answers after the configured
 * delays; the one sender behind workspace webhooks and the sandbox apps' record events. Never
 * throws into the caller; `close()` cancels the retries still waiting.
 */
export class SignedWebhookSender {
  private readonly pending = new Set<NodeJS.Timeout>()
  private readonly timeoutMs: number
  private closed = false

  constructor(private readonly options: SignedWebhookSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  /** Starts delivering (a no-op once closed). */
  send(webhook: SignedWebhook): void {
    if (this.closed) return
    void this.attempt(webhook, 1)
  }

  /** Cancels pending retries; attempts in flight finish and report `closed` instead of retrying. */
  close(): void {
    this.closed = true
    for (const timer of this.pending) clearTimeout(timer)
    this.pending.clear()
  }

  private async attempt(webhook: SignedWebhook, attempt: number): Promise<void> {
    const outcome: SignedAttempt = { url: webhook.url, attempt, delivered: false, at: this.options.nowIso() }
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.options.userAgent,
          [this.options.signatureHeader]: signBody(webhook.secret(), webhook.body),
          ...webhook.headers?.(attempt)
        },
        body: webhook.body,
        signal: AbortSignal.timeout(this.timeoutMs)
      })
      outcome.status = response.status
      outcome.delivered = response.ok
      await response.arrayBuffer().catch(() => undefined)
    } catch (error) {
      outcome.error = (error as Error).message
    }
    const delay = this.options.retryDelaysMs[attempt - 1]
    const next: AttemptNext = outcome.delivered
      ? 'delivered'
      : this.closed
        ? 'closed'
        : delay === undefined
          ? 'gave-up'
          : 'retry'
    webhook.onAttempt(outcome, next)
    if (next !== 'retry') return
    const timer = setTimeout(() => {
      this.pending.delete(timer)
      void this.attempt(webhook, attempt + 1)
    }, delay)
    timer.unref()
    this.pending.add(timer)
  }
}
