import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { ExternalEventLogRecordTable, ExternalEventPullTable } from './external-event.table'

/** A log record row. */
export type ExternalEventLogRecordRow = Selectable<ExternalEventLogRecordTable>
/** A pull row. */
export type ExternalEventPullRow = Selectable<ExternalEventPullTable>

/** Filters of the log and pull listings (newest first; the cursor is the last seq seen). */
export interface ExternalEventLogFilter {
  customerId?: string
  connectionId?: string
  subscriptionId?: string
  beforeSeq: number
  limit: number
}

/** Rows of `external_event_log_records` and `external_event_pulls`. */
export class ExternalEventRepository {
  constructor(private readonly db: Database) {}

  insertLog(row: Insertable<ExternalEventLogRecordTable>): void {
    this.db.run(this.db.q.insertInto('external_event_log_records').values(row))
  }

  logById(id: string): ExternalEventLogRecordRow | undefined {
    return this.db.first(this.db.q.selectFrom('external_event_log_records').selectAll().where('id', '=', id))
  }

  logs(filter: ExternalEventLogFilter): ExternalEventLogRecordRow[] {
    let q = this.db.q.selectFrom('external_event_log_records').selectAll()
    if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq)
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId)
    if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId)
    if (filter.subscriptionId) q = q.where('external_event_subscription_id', '=', filter.subscriptionId)
    return this.db.all(q.orderBy('seq', 'desc').limit(filter.limit + 1))
  }

  insertPull(row: Insertable<ExternalEventPullTable>): void {
    this.db.run(this.db.q.insertInto('external_event_pulls').values(row))
  }

  finishPull(id: string, changes: Updateable<ExternalEventPullTable>): void {
    this.db.run(this.db.q.updateTable('external_event_pulls').set(changes).where('id', '=', id))
  }

  pullById(id: string): ExternalEventPullRow | undefined {
    return this.db.first(this.db.q.selectFrom('external_event_pulls').selectAll().where('id', '=', id))
  }

  pulls(filter: ExternalEventLogFilter): ExternalEventPullRow[] {
    let q = this.db.q.selectFrom('external_event_pulls').selectAll()
    if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq)
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId)
    if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId)
    if (filter.subscriptionId) q = q.where('external_event_subscription_id', '=', filter.subscriptionId)
    return this.db.all(q.orderBy('seq', 'desc').limit(filter.limit + 1))
  }
}
