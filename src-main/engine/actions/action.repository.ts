import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import { likePattern } from '../common/element-keys'
import type { ActionRunTable, ActionTable } from './action.table'

/** An action template row. */
export type ActionRow = Selectable<ActionTable>
/** A stored action run row. */
export type ActionRunRow = Selectable<ActionRunTable>

/** Filters of an action listing. */
export interface ActionFilter {
  search?: string
  integrationKey?: string
  isUniversal?: boolean
  parentId?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Action template rows and action run rows. */
export class ActionRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): ActionRow | undefined {
    return this.db.first(this.db.q.selectFrom('actions').selectAll().where('id', '=', id))
  }

  byKey(key: string): ActionRow[] {
    return this.db.all(this.db.q.selectFrom('actions').selectAll().where('key', '=', key).orderBy(sql`archived_at IS NOT NULL`).orderBy('seq', 'desc'))
  }

  liveByKey(key: string, integrationKey: string | null): ActionRow | undefined {
    let query = this.db.q.selectFrom('actions').selectAll().where('key', '=', key).where('archived_at', 'is', null)
    query = integrationKey === null ? query.where('integration_key', 'is', null) : query.where('integration_key', '=', integrationKey)
    return this.db.first(query)
  }

  children(parentId: string): ActionRow[] {
    return this.db.all(this.db.q.selectFrom('actions').selectAll().where('parent_id', '=', parentId).where('archived_at', 'is', null))
  }

  list(filter: ActionFilter): ActionRow[] {
    let query = this.db.q.selectFrom('actions').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.isUniversal === true) query = query.where('integration_key', 'is', null)
    if (filter.isUniversal === false) query = query.where('integration_key', 'is not', null)
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) => eb.or([sql<boolean>`name LIKE ${like} ESCAPE '\\'`, sql<boolean>`key LIKE ${like} ESCAPE '\\'`, eb('id', '=', filter.search!)]))
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insert(row: Insertable<ActionTable>): ActionRow {
    return this.db.first(this.db.q.insertInto('actions').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<ActionTable>): ActionRow {
    return this.db.first(this.db.q.updateTable('actions').set(changes).where('id', '=', id).returningAll())!
  }

  insertRun(row: Insertable<ActionRunTable>): void {
    this.db.run(this.db.q.insertInto('action_runs').values(row))
  }

  runById(id: string): ActionRunRow | undefined {
    return this.db.first(this.db.q.selectFrom('action_runs').selectAll().where('id', '=', id))
  }

  /** Runs newest first, below `beforeSeq` (0 = from the newest). */
  listRuns(filter: { actionId?: string; customerId?: string; state?: string; beforeSeq: number; limit: number }): ActionRunRow[] {
    let query = this.db.q.selectFrom('action_runs').selectAll()
    if (filter.beforeSeq > 0) query = query.where('seq', '<', filter.beforeSeq)
    if (filter.actionId) query = query.where('action_id', '=', filter.actionId)
    if (filter.customerId) query = query.where('customer_id', '=', filter.customerId)
    if (filter.state) query = query.where('state', '=', filter.state)
    return this.db.all(query.orderBy('seq', 'desc').limit(filter.limit))
  }
}
