import type { Database } from '../db/database'
import type { EventBus } from '../events/event-bus'
import type { ClockPort, LoggerPort } from '../ports'
import type { SecretBox } from './secret-box'

/** What every service is built from. */
export interface EngineContext {
  db: Database
  clock: ClockPort
  logger: LoggerPort
  secrets: SecretBox
  events: EventBus
  /** The clock's current time as an ISO string. */
  nowIso(): string
}
