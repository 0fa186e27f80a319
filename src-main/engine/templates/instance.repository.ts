import { sql, type Insertable, type Selectable, type SelectQueryBuilder, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { DB } from '../db/schema'
import { likePattern } from '../common/listing'
import type { InstanceTable } from './instance.table'

/** The tables that hold instances of templates. */
export type InstanceTableName =
  'flow_instances' | 'action_instances' | 'data_source_instances' | 'field_mapping_instances'

/** The columns every instance row has. */
export type InstanceRow = Selectable<InstanceTable>

/** A query over one instance table, on the columns they share. */
export type InstanceQuery = SelectQueryBuilder<DB, InstanceTableName, Selectable<DB[InstanceTableName]>>

/** One row of the table of instance kinds: where its rows are and which columns set it apart. */
export interface InstanceTableKind {
  table: InstanceTableName
  /** The column naming the instance's template: `flow_id`, `action_id`, `data_source_id`, `field_mapping_id`. */
  templateColumn: string
  /** The column a listing's `search` matches besides the id. */
  searchColumn: string
}

/** Filters every instance listing has. */
export interface InstanceFilter {
  customerId?: string
  /** Instances of these templates (an empty list matches none). */
  templateIds?: string[]
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  search?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Instance rows of one table: by id, the live one of a template for a customer and place, listings. */
export class InstanceRepository<Row extends InstanceRow, Filter extends InstanceFilter = InstanceFilter> {
  constructor(
    protected readonly db: Database,
    private readonly kind: InstanceTableKind
  ) {}

  byId(id: string): Row | undefined {
    return this.db.first(this.rows().where('id', '=', id)) as Row | undefined
  }

  /** The customer's live instance of a template on a connection (or on none), by instance key. */
  liveFor(
    customerId: string,
    templateId: string,
    connectionId: string | null,
    instanceKey: string | null
  ): Row | undefined {
    let query = this.rows()
      .where('customer_id', '=', customerId)
      .where(sql.ref(this.kind.templateColumn), '=', templateId)
      .where('archived_at', 'is', null)
    query =
      connectionId === null ? query.where('connection_id', 'is', null) : query.where('connection_id', '=', connectionId)
    query =
      instanceKey === null ? query.where('instance_key', 'is', null) : query.where('instance_key', '=', instanceKey)
    return this.db.first(query) as Row | undefined
  }

  /** The id of the row's template (NULL for an ad-hoc flow instance). */
  templateIdOf(row: Row): string | null {
    return (row as unknown as Record<string, string | null>)[this.kind.templateColumn]
  }

  /** Live instances of a template (to follow it, or set them up again, when it changes). */
  liveOf(templateId: string): Row[] {
    return this.db.all(
      this.rows().where(sql.ref(this.kind.templateColumn), '=', templateId).where('archived_at', 'is', null)
    ) as Row[]
  }

  list(filter: Filter): Row[] {
    let query = this.rows().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId)
    if (filter.templateIds !== undefined)
      query = query.where(
        sql.ref(this.kind.templateColumn),
        'in',
        filter.templateIds.length ? filter.templateIds : ['']
      )
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId)
    if (filter.instanceKey !== undefined) query = query.where('instance_key', '=', filter.instanceKey)
    query = this.narrow(query, filter)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`${sql.ref(this.kind.searchColumn)} LIKE ${like} ESCAPE '\\'`,
          eb('id', '=', filter.search!)
        ])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit)) as Row[]
  }

  insert(row: Omit<Row, 'seq'>): Row {
    return this.db.first(
      this.db.q
        .insertInto(this.kind.table)
        .values(row as Insertable<DB[InstanceTableName]>)
        .returningAll()
    ) as Row
  }

  update(id: string, changes: Partial<Row>): Row {
    return this.db.first(
      this.db.q
        .updateTable(this.kind.table)
        .set(changes as Updateable<DB[InstanceTableName]>)
        .where('id', '=', id)
        .returningAll()
    ) as Row
  }

  /** The kind's own listing filters (a flow instance's `enabled`, …); none by default. */
  protected narrow(query: InstanceQuery, _filter: Filter): InstanceQuery {
    return query
  }

  /** Every column of the table, queried on the columns all instance tables share. */
  protected rows(): InstanceQuery {
    return this.db.q.selectFrom(this.kind.table).selectAll() as InstanceQuery
  }
}
