import type { ClockPort } from '../../src-main/engine'

/** A clock that moves only when told: for expiry, refresh and schedule tests. */
export interface ManualClock extends ClockPort {
  set(ms: number | string): void
  advance(ms: number): void
}

/** A manual clock starting at `start` (default 2026-01-01T00:00:00Z). */
export function createManualClock(start: number | string = '2026-01-01T00:00:00.000Z'): ManualClock {
  let now = typeof start === 'string' ? Date.parse(start) : start
  return {
    now: () => now,
    set: (ms) => {
      now = typeof ms === 'string' ? Date.parse(ms) : ms
    },
    advance: (ms) => {
      now += ms
    }
  }
}
