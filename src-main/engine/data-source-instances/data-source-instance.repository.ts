import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import { likePattern } from '../common/listing'
import type { Database } from '../db/database'
import type { DataSourceInstanceTable } from '../data-sources/data-source.table'

/** A data source instance row. */
export type DataSourceInstanceRow = Selectable<DataSourceInstanceTable>

/** Filters of a data source instance listing. */
export interface DataSourceInstanceFilter {
  customerId?: string
  dataSourceIds?: string[]
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  search?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Rows of `data_source_instances`. */
export class DataSourceInstanceRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): DataSourceInstanceRow | undefined {
    return this.db.first(this.db.q.selectFrom('data_source_instances').selectAll().where('id', '=', id))
  }

  /** The customer's live instance of a data source on a connection, by instance key. */
  liveFor(
    customerId: string,
    dataSourceId: string,
    connectionId: string,
    instanceKey: string | null
  ): DataSourceInstanceRow | undefined {
    let query = this.db.q
      .selectFrom('data_source_instances')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('data_source_id', '=', dataSourceId)
      .where('connection_id', '=', connectionId)
      .where('archived_at', 'is', null)
    query =
      instanceKey === null ? query.where('instance_key', 'is', null) : query.where('instance_key', '=', instanceKey)
    return this.db.first(query)
  }

  /** Live instances of these data sources (to set them up again when the element changes). */
  liveOf(dataSourceId: string): DataSourceInstanceRow[] {
    return this.db.all(
      this.db.q
        .selectFrom('data_source_instances')
        .selectAll()
        .where('data_source_id', '=', dataSourceId)
        .where('archived_at', 'is', null)
    )
  }

  list(filter: DataSourceInstanceFilter): DataSourceInstanceRow[] {
    let query = this.db.q.selectFrom('data_source_instances').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId)
    if (filter.dataSourceIds !== undefined)
      query = query.where('data_source_id', 'in', filter.dataSourceIds.length ? filter.dataSourceIds : [''])
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId)
    if (filter.instanceKey !== undefined) query = query.where('instance_key', '=', filter.instanceKey)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([sql<boolean>`collection_key LIKE ${like} ESCAPE '\\'`, eb('id', '=', filter.search!)])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insert(row: Insertable<DataSourceInstanceTable>): DataSourceInstanceRow {
    return this.db.first(this.db.q.insertInto('data_source_instances').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<DataSourceInstanceTable>): DataSourceInstanceRow {
    return this.db.first(
      this.db.q.updateTable('data_source_instances').set(changes).where('id', '=', id).returningAll()
    )!
  }
}
