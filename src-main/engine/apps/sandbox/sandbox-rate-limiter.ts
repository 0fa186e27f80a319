import type { ClockPort } from '../../ports'

/** Outcome of counting one request. */
export type RateDecision =
  { allowed: true; remaining: number; resetSeconds: number } | { allowed: false; retryAfterSeconds: number }

/**
 * Fixed-window rate limiting per account, on the engine clock (so tests can move past a window).
 * Windows of idle accounts are dropped lazily.
 */
export class SandboxRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(private readonly clock: ClockPort) {}

  /** Counts one request of `key` against `requests` per `windowSeconds`. */
  take(key: string, limit: { requests: number; windowSeconds: number }): RateDecision {
    const now = this.clock.now()
    const windowMs = limit.windowSeconds * 1000
    let window = this.windows.get(key)
    if (!window || now - window.start >= windowMs || now < window.start) {
      window = { start: now, count: 0 }
      this.windows.set(key, window)
      if (this.windows.size > 10_000) this.prune(now, windowMs)
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000))
    if (window.count >= limit.requests) return { allowed: false, retryAfterSeconds: resetSeconds }
    window.count++
    return { allowed: true, remaining: limit.requests - window.count, resetSeconds }
  }

  /** Forgets every window (after settings change). */
  reset(): void {
    this.windows.clear()
  }

  private prune(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= windowMs) this.windows.delete(key)
  }
}
