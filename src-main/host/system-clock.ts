import type { ClockPort } from '../engine'

/** The real clock. */
export const systemClock: ClockPort = { now: () => Date.now() }
