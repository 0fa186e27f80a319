import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { DataLinkTable, DataLinkTableInstanceTable, DataLinkTableTable } from './data-link.table'

/** A data link table row. */
export type DataLinkTableRow = Selectable<DataLinkTableTable>
/** A data link table instance row. */
export type DataLinkTableInstanceRow = Selectable<DataLinkTableInstanceTable>
/** A link row. */
export type DataLinkRow = Selectable<DataLinkTable>

/** Which links to read or delete. */
export interface LinkFilter {
  appRecordId?: string
  externalRecordId?: string
  direction?: string
}

/** Rows of `data_link_tables`, `data_link_table_instances` and `data_links`. */
export class DataLinkRepository {
  constructor(private readonly db: Database) {}

  tableById(id: string): DataLinkTableRow | undefined {
    return this.db.first(this.db.q.selectFrom('data_link_tables').selectAll().where('id', '=', id))
  }

  tableByKey(key: string): DataLinkTableRow | undefined {
    return this.db.first(
      this.db.q.selectFrom('data_link_tables').selectAll().where('key', '=', key).where('archived_at', 'is', null)
    )
  }

  tables(query: { afterSeq: number; limit: number; includeArchived?: boolean; search?: string }): DataLinkTableRow[] {
    let q = this.db.q.selectFrom('data_link_tables').selectAll().where('seq', '>', query.afterSeq)
    if (!query.includeArchived) q = q.where('archived_at', 'is', null)
    if (query.search) {
      const like = `%${query.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`
      q = q.where((eb) => eb.or([eb('key', 'like', like), eb('name', 'like', like)]))
    }
    return this.db.all(q.orderBy('seq').limit(query.limit + 1))
  }

  insertTable(row: Insertable<DataLinkTableTable>): void {
    this.db.run(this.db.q.insertInto('data_link_tables').values(row))
  }

  updateTable(id: string, changes: Updateable<DataLinkTableTable>): void {
    this.db.run(this.db.q.updateTable('data_link_tables').set(changes).where('id', '=', id))
  }

  instanceById(id: string): DataLinkTableInstanceRow | undefined {
    return this.db.first(this.db.q.selectFrom('data_link_table_instances').selectAll().where('id', '=', id))
  }

  liveInstance(
    tableId: string,
    connectionId: string,
    instanceKey: string | null
  ): DataLinkTableInstanceRow | undefined {
    let q = this.db.q
      .selectFrom('data_link_table_instances')
      .selectAll()
      .where('data_link_table_id', '=', tableId)
      .where('connection_id', '=', connectionId)
      .where('archived_at', 'is', null)
    q = instanceKey === null ? q.where('instance_key', 'is', null) : q.where('instance_key', '=', instanceKey)
    return this.db.first(q)
  }

  instances(filter: {
    customerId?: string
    tableId?: string
    connectionIds?: string[]
    instanceKey?: string
    includeArchived?: boolean
    afterSeq: number
    limit: number
  }): DataLinkTableInstanceRow[] {
    let q = this.db.q.selectFrom('data_link_table_instances').selectAll().where('seq', '>', filter.afterSeq)
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId)
    if (filter.tableId) q = q.where('data_link_table_id', '=', filter.tableId)
    if (filter.connectionIds) {
      if (!filter.connectionIds.length) return []
      q = q.where('connection_id', 'in', filter.connectionIds)
    }
    if (filter.instanceKey !== undefined) q = q.where('instance_key', '=', filter.instanceKey)
    if (!filter.includeArchived) q = q.where('archived_at', 'is', null)
    return this.db.all(q.orderBy('seq').limit(filter.limit + 1))
  }

  insertInstance(row: Insertable<DataLinkTableInstanceTable>): void {
    this.db.run(this.db.q.insertInto('data_link_table_instances').values(row))
  }

  updateInstance(id: string, changes: Updateable<DataLinkTableInstanceTable>): void {
    this.db.run(this.db.q.updateTable('data_link_table_instances').set(changes).where('id', '=', id))
  }

  links(instanceId: string, filter: LinkFilter & { afterSeq?: number; limit?: number }): DataLinkRow[] {
    let q = this.db.q.selectFrom('data_links').selectAll().where('data_link_table_instance_id', '=', instanceId)
    if (filter.afterSeq) q = q.where('seq', '>', filter.afterSeq)
    if (filter.appRecordId !== undefined) q = q.where('app_record_id', '=', filter.appRecordId)
    if (filter.externalRecordId !== undefined) q = q.where('external_record_id', '=', filter.externalRecordId)
    if (filter.direction) q = q.where('direction', 'in', [filter.direction, 'both'])
    q = q.orderBy('seq')
    return this.db.all(filter.limit ? q.limit(filter.limit + 1) : q)
  }

  link(instanceId: string, appRecordId: string, externalRecordId: string): DataLinkRow | undefined {
    return this.db.first(
      this.db.q
        .selectFrom('data_links')
        .selectAll()
        .where('data_link_table_instance_id', '=', instanceId)
        .where('app_record_id', '=', appRecordId)
        .where('external_record_id', '=', externalRecordId)
    )
  }

  insertLink(row: Insertable<DataLinkTable>): void {
    this.db.run(this.db.q.insertInto('data_links').values(row))
  }

  setDirection(id: string, direction: string): void {
    this.db.run(this.db.q.updateTable('data_links').set({ direction }).where('id', '=', id))
  }

  deleteLinks(instanceId: string, filter: LinkFilter): number {
    let q = this.db.q.deleteFrom('data_links').where('data_link_table_instance_id', '=', instanceId)
    if (filter.appRecordId !== undefined) q = q.where('app_record_id', '=', filter.appRecordId)
    if (filter.externalRecordId !== undefined) q = q.where('external_record_id', '=', filter.externalRecordId)
    if (filter.direction) q = q.where('direction', 'in', [filter.direction, 'both'])
    return this.db.run(q).changes
  }
}
