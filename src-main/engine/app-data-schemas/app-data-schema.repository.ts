import { sql, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import { likePattern } from '../common/listing'
import type { AppDataSchemaTable } from './app-data-schema.table'

/** A stored app data schema. */
export type AppDataSchemaRow = Selectable<AppDataSchemaTable>

/** Queries of `app_data_schemas`. */
export class AppDataSchemaRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): AppDataSchemaRow | undefined {
    return this.db.first(this.db.q.selectFrom('app_data_schemas').selectAll().where('id', '=', id))
  }

  /** The live row with this key, else the newest archived one. */
  byKey(key: string): AppDataSchemaRow | undefined {
    return this.db.first(
      this.db.q
        .selectFrom('app_data_schemas')
        .selectAll()
        .where('key', '=', key)
        .orderBy(sql`archived_at IS NOT NULL`)
        .orderBy('seq', 'desc')
    )
  }

  liveByKey(key: string): AppDataSchemaRow | undefined {
    return this.db.first(
      this.db.q.selectFrom('app_data_schemas').selectAll().where('key', '=', key).where('archived_at', 'is', null)
    )
  }

  list(filter: { search?: string; includeArchived?: boolean; afterSeq: number; limit: number }): AppDataSchemaRow[] {
    let query = this.db.q.selectFrom('app_data_schemas').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([sql<boolean>`name LIKE ${like} ESCAPE '\\'`, sql<boolean>`key LIKE ${like} ESCAPE '\\'`])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insert(row: Omit<AppDataSchemaRow, 'seq'>): AppDataSchemaRow {
    return this.db.first(this.db.q.insertInto('app_data_schemas').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<AppDataSchemaTable>): AppDataSchemaRow {
    return this.db.first(this.db.q.updateTable('app_data_schemas').set(changes).where('id', '=', id).returningAll())!
  }
}
