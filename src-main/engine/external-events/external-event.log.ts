import type { ElementError } from '../../contract/flows'
import { toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import type { Database } from '../db/database'
import {
  ExternalEventRepository,
  type ExternalEventLogFilter,
  type ExternalEventLogRecordRow,
  type ExternalEventPullRow
} from './external-event.repository'

/** One event a subscription received (by webhook or pull) and the run it started, if any. */
export interface ExternalEventDelivery {
  id: string
  subscriptionId: string
  connectionId: string
  customerId: string
  payload: unknown
  launchedFlowRunIds: string[]
  at: string
}

/** A pull as it starts: whose subscription, and the window of changes it asks the app for. */
export interface ExternalEventPullStart {
  id: string
  subscriptionId: string
  connectionId: string
  customerId: string
  start: string
  end: string
}

/**
 * The log of what external event subscriptions received and pulled. The record triggers write it
 * (they own the webhooks) through these methods, never its rows; the external events service reads
 * it for its listings.
 */
export class ExternalEventLog {
  private readonly repo: ExternalEventRepository

  constructor(db: Database) {
    this.repo = new ExternalEventRepository(db)
  }

  recordDelivery(entry: ExternalEventDelivery): void {
    this.repo.insertLog({
      id: entry.id,
      external_event_subscription_id: entry.subscriptionId,
      connection_id: entry.connectionId,
      customer_id: entry.customerId,
      payload: toJsonColumn(entry.payload ?? null),
      status: 'success',
      error: null,
      launched_flow_run_ids: toJsonColumn(entry.launchedFlowRunIds),
      created_at: entry.at
    })
  }

  startPull(pull: ExternalEventPullStart): void {
    this.repo.insertPull({
      id: pull.id,
      external_event_subscription_id: pull.subscriptionId,
      connection_id: pull.connectionId,
      customer_id: pull.customerId,
      status: 'running',
      start_datetime: pull.start,
      end_datetime: pull.end,
      collected_event_ids: toJsonColumn<string[]>([]),
      created_at: pull.end
    })
  }

  /** Ends a pull: `success`, or `error` with what went wrong; either way the log records it delivered. */
  finishPull(id: string, collectedEventIds: string[], error?: ElementError): void {
    this.repo.finishPull(id, {
      status: error ? 'error' : 'success',
      collected_event_ids: toJsonColumn(collectedEventIds),
      error: toJsonColumnOrNull(error)
    })
  }

  logById(id: string): ExternalEventLogRecordRow | undefined {
    return this.repo.logById(id)
  }

  logs(filter: ExternalEventLogFilter): ExternalEventLogRecordRow[] {
    return this.repo.logs(filter)
  }

  pullById(id: string): ExternalEventPullRow | undefined {
    return this.repo.pullById(id)
  }

  pulls(filter: ExternalEventLogFilter): ExternalEventPullRow[] {
    return this.repo.pulls(filter)
  }
}
