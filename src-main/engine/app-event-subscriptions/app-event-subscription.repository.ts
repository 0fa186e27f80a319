import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { AppEventLogRecordTable, AppEventSubscriptionTable } from './app-event-subscription.table'

/** A subscription row. */
export type AppEventSubscriptionRow = Selectable<AppEventSubscriptionTable>
/** A log record row. */
export type AppEventLogRecordRow = Selectable<AppEventLogRecordTable>

/** Filters of a subscription listing. */
export interface SubscriptionFilter {
  customerId?: string
  appEventTypeId?: string
  instanceKey?: string
  isSubscribed?: boolean
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Filters of an app event log listing. */
export interface LogRecordFilter {
  customerId?: string
  appEventTypeId?: string
  appEventSubscriptionId?: string
  from?: string
  to?: string
  afterSeq: number
  limit: number
}

/** Rows of `app_event_subscriptions` and `app_event_log_records`. */
export class AppEventSubscriptionRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): AppEventSubscriptionRow | undefined {
    return this.db.first(this.db.q.selectFrom('app_event_subscriptions').selectAll().where('id', '=', id))
  }

  byTokenHash(hash: string): AppEventSubscriptionRow | undefined {
    return this.db.first(this.db.q.selectFrom('app_event_subscriptions').selectAll().where('token_hash', '=', hash))
  }

  /** The live subscription of a customer to a type (per instance key). */
  live(appEventTypeId: string, customerId: string, instanceKey: string | null): AppEventSubscriptionRow | undefined {
    let q = this.db.q
      .selectFrom('app_event_subscriptions')
      .selectAll()
      .where('app_event_type_id', '=', appEventTypeId)
      .where('customer_id', '=', customerId)
      .where('archived_at', 'is', null)
    q = instanceKey === null ? q.where('instance_key', 'is', null) : q.where('instance_key', '=', instanceKey)
    return this.db.first(q)
  }

  list(filter: SubscriptionFilter): AppEventSubscriptionRow[] {
    let q = this.db.q.selectFrom('app_event_subscriptions').selectAll().where('seq', '>', filter.afterSeq)
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId)
    if (filter.appEventTypeId) q = q.where('app_event_type_id', '=', filter.appEventTypeId)
    if (filter.instanceKey !== undefined) q = q.where('instance_key', '=', filter.instanceKey)
    if (filter.isSubscribed !== undefined) q = q.where('is_subscribed', '=', filter.isSubscribed ? 1 : 0)
    if (!filter.includeArchived) q = q.where('archived_at', 'is', null)
    return this.db.all(q.orderBy('seq').limit(filter.limit + 1))
  }

  insert(row: Insertable<AppEventSubscriptionTable>): void {
    this.db.run(this.db.q.insertInto('app_event_subscriptions').values(row))
  }

  update(id: string, changes: Updateable<AppEventSubscriptionTable>): void {
    this.db.run(this.db.q.updateTable('app_event_subscriptions').set(changes).where('id', '=', id))
  }

  insertLog(row: Insertable<AppEventLogRecordTable>): void {
    this.db.run(this.db.q.insertInto('app_event_log_records').values(row))
  }

  logById(id: string): AppEventLogRecordRow | undefined {
    return this.db.first(this.db.q.selectFrom('app_event_log_records').selectAll().where('id', '=', id))
  }

  logs(filter: LogRecordFilter): AppEventLogRecordRow[] {
    let q = this.db.q.selectFrom('app_event_log_records').selectAll()
    if (filter.afterSeq) q = q.where('seq', '<', filter.afterSeq)
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId)
    if (filter.appEventTypeId) q = q.where('app_event_type_id', '=', filter.appEventTypeId)
    if (filter.appEventSubscriptionId) q = q.where('app_event_subscription_id', '=', filter.appEventSubscriptionId)
    if (filter.from) q = q.where('datetime', '>=', filter.from)
    if (filter.to) q = q.where('datetime', '<=', filter.to)
    return this.db.all(q.orderBy('seq', 'desc').limit(filter.limit + 1))
  }
}
