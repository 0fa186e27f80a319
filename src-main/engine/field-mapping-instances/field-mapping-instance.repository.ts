import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import { likePattern } from '../common/listing'
import type { Database } from '../db/database'
import type { FieldMappingInstanceTable } from '../field-mappings/field-mapping.table'

/** A field mapping instance row. */
export type FieldMappingInstanceRow = Selectable<FieldMappingInstanceTable>

/** Filters of a field mapping instance listing. */
export interface FieldMappingInstanceFilter {
  customerId?: string
  fieldMappingIds?: string[]
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  search?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Rows of `field_mapping_instances`. */
export class FieldMappingInstanceRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): FieldMappingInstanceRow | undefined {
    return this.db.first(this.db.q.selectFrom('field_mapping_instances').selectAll().where('id', '=', id))
  }

  /** The customer's live instance of a field mapping on a connection, by instance key. */
  liveFor(
    customerId: string,
    fieldMappingId: string,
    connectionId: string,
    instanceKey: string | null
  ): FieldMappingInstanceRow | undefined {
    let query = this.db.q
      .selectFrom('field_mapping_instances')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('field_mapping_id', '=', fieldMappingId)
      .where('connection_id', '=', connectionId)
      .where('archived_at', 'is', null)
    query =
      instanceKey === null ? query.where('instance_key', 'is', null) : query.where('instance_key', '=', instanceKey)
    return this.db.first(query)
  }

  /** Live instances of this field mapping (to set them up again when the element changes). */
  liveOf(fieldMappingId: string): FieldMappingInstanceRow[] {
    return this.db.all(
      this.db.q
        .selectFrom('field_mapping_instances')
        .selectAll()
        .where('field_mapping_id', '=', fieldMappingId)
        .where('archived_at', 'is', null)
    )
  }

  list(filter: FieldMappingInstanceFilter): FieldMappingInstanceRow[] {
    let query = this.db.q.selectFrom('field_mapping_instances').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId)
    if (filter.fieldMappingIds !== undefined)
      query = query.where('field_mapping_id', 'in', filter.fieldMappingIds.length ? filter.fieldMappingIds : [''])
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId)
    if (filter.instanceKey !== undefined) query = query.where('instance_key', '=', filter.instanceKey)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([sql<boolean>`import_value LIKE ${like} ESCAPE '\\'`, eb('id', '=', filter.search!)])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insert(row: Insertable<FieldMappingInstanceTable>): FieldMappingInstanceRow {
    return this.db.first(this.db.q.insertInto('field_mapping_instances').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<FieldMappingInstanceTable>): FieldMappingInstanceRow {
    return this.db.first(
      this.db.q.updateTable('field_mapping_instances').set(changes).where('id', '=', id).returningAll()
    )!
  }
}
