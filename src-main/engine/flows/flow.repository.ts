import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import { likePattern } from '../common/element-keys'
import type { FlowTable } from './flow.table'

/** A flow template row. */
export type FlowRow = Selectable<FlowTable>

/** Filters of a flow listing. */
export interface FlowFilter {
  search?: string
  integrationKey?: string
  isUniversal?: boolean
  parentId?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Flow template rows. */
export class FlowRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): FlowRow | undefined {
    return this.db.first(this.db.q.selectFrom('flows').selectAll().where('id', '=', id))
  }

  /** Rows with this key: the live one per integration first, then archived ones, newest first. */
  byKey(key: string): FlowRow[] {
    return this.db.all(
      this.db.q
        .selectFrom('flows')
        .selectAll()
        .where('key', '=', key)
        .orderBy(sql`archived_at IS NOT NULL`)
        .orderBy('seq', 'desc')
    )
  }

  /** The live row with this key in this layer (`null` integration = universal). */
  liveByKey(key: string, integrationKey: string | null): FlowRow | undefined {
    let query = this.db.q.selectFrom('flows').selectAll().where('key', '=', key).where('archived_at', 'is', null)
    query = integrationKey === null ? query.where('integration_key', 'is', null) : query.where('integration_key', '=', integrationKey)
    return this.db.first(query)
  }

  children(parentId: string): FlowRow[] {
    return this.db.all(this.db.q.selectFrom('flows').selectAll().where('parent_id', '=', parentId).where('archived_at', 'is', null))
  }

  list(filter: FlowFilter): FlowRow[] {
    let query = this.db.q.selectFrom('flows').selectAll().where('seq', '>', filter.afterSeq)
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

  insert(row: Insertable<FlowTable>): FlowRow {
    return this.db.first(this.db.q.insertInto('flows').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<FlowTable>): FlowRow {
    return this.db.first(this.db.q.updateTable('flows').set(changes).where('id', '=', id).returningAll())!
  }
}
