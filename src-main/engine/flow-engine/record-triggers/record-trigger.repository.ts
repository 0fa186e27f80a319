import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../../db/database'
import type { JsonText } from '../../common/json-column'
import type { RecordTriggerCursor, RecordTriggerSubscriptionTable } from './record-trigger.table'

/** A subscription row. */
export type RecordTriggerSubscriptionRow = Selectable<RecordTriggerSubscriptionTable>

/** Rows of `record_trigger_subscriptions`. */
export class RecordTriggerRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): RecordTriggerSubscriptionRow | undefined {
    return this.db.first(this.db.q.selectFrom('record_trigger_subscriptions').selectAll().where('id', '=', id))
  }

  ofInstance(instanceId: string): RecordTriggerSubscriptionRow[] {
    return this.db.all(
      this.db.q
        .selectFrom('record_trigger_subscriptions')
        .selectAll()
        .where('flow_instance_id', '=', instanceId)
        .orderBy('seq')
    )
  }

  ofInstances(instanceIds: string[]): RecordTriggerSubscriptionRow[] {
    if (!instanceIds.length) return []
    return this.db.all(
      this.db.q
        .selectFrom('record_trigger_subscriptions')
        .selectAll()
        .where('flow_instance_id', 'in', instanceIds)
        .orderBy('seq')
    )
  }

  all(): RecordTriggerSubscriptionRow[] {
    return this.db.all(this.db.q.selectFrom('record_trigger_subscriptions').selectAll().orderBy('seq'))
  }

  insert(row: Insertable<RecordTriggerSubscriptionTable>): void {
    this.db.run(this.db.q.insertInto('record_trigger_subscriptions').values(row))
  }

  /** Counts one event and moves the cursor. */
  noteEvent(id: string, cursor: JsonText<RecordTriggerCursor>, at: string): void {
    this.db.run(
      this.db.q
        .updateTable('record_trigger_subscriptions')
        .set((eb) => ({ cursor, events_received: eb('events_received', '+', 1), updated_at: at }))
        .where('id', '=', id)
    )
  }

  update(id: string, changes: Updateable<RecordTriggerSubscriptionTable>): void {
    this.db.run(this.db.q.updateTable('record_trigger_subscriptions').set(changes).where('id', '=', id))
  }

  /** Subscriptions of connections (newest first is not needed: listings page by seq). */
  list(filter: {
    connectionIds?: string[]
    status?: string
    afterSeq: number
    limit: number
  }): RecordTriggerSubscriptionRow[] {
    let q = this.db.q.selectFrom('record_trigger_subscriptions').selectAll().where('seq', '>', filter.afterSeq)
    if (filter.connectionIds) {
      if (!filter.connectionIds.length) return []
      q = q.where('connection_id', 'in', filter.connectionIds)
    }
    if (filter.status) q = q.where('status', '=', filter.status)
    return this.db.all(q.orderBy('seq').limit(filter.limit + 1))
  }

  delete(id: string): void {
    this.db.run(this.db.q.deleteFrom('record_trigger_subscriptions').where('id', '=', id))
  }
}
