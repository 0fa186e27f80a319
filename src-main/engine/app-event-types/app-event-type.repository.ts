import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { AppEventTypeTable } from './app-event-type.table'

/** An app event type row. */
export type AppEventTypeRow = Selectable<AppEventTypeTable>

/** Rows of `app_event_types`. */
export class AppEventTypeRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): AppEventTypeRow | undefined {
    return this.db.first(this.db.q.selectFrom('app_event_types').selectAll().where('id', '=', id))
  }

  /** The live type with this key. */
  byKey(key: string): AppEventTypeRow | undefined {
    return this.db.first(
      this.db.q.selectFrom('app_event_types').selectAll().where('key', '=', key).where('archived_at', 'is', null)
    )
  }

  byWebhookKey(webhookKey: string): AppEventTypeRow | undefined {
    return this.db.first(this.db.q.selectFrom('app_event_types').selectAll().where('webhook_key', '=', webhookKey))
  }

  list(query: { afterSeq: number; limit: number; includeArchived?: boolean; search?: string }): AppEventTypeRow[] {
    let q = this.db.q.selectFrom('app_event_types').selectAll().where('seq', '>', query.afterSeq)
    if (!query.includeArchived) q = q.where('archived_at', 'is', null)
    if (query.search) {
      const like = `%${query.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`
      q = q.where((eb) => eb.or([eb('key', 'like', like), eb('name', 'like', like)]))
    }
    return this.db.all(q.orderBy('seq').limit(query.limit + 1))
  }

  insert(row: Insertable<AppEventTypeTable>): void {
    this.db.run(this.db.q.insertInto('app_event_types').values(row))
  }

  update(id: string, changes: Updateable<AppEventTypeTable>): void {
    this.db.run(this.db.q.updateTable('app_event_types').set(changes).where('id', '=', id))
  }
}
