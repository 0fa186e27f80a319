import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { DB } from '../db/schema'
import { likePattern } from '../common/listing'
import type { TemplateTable } from './template.table'

/** The tables that hold templates. */
export type TemplateTableName = 'flows' | 'actions' | 'data_sources' | 'field_mappings'

/** The columns every template row has. */
export type TemplateRow = Selectable<TemplateTable>

/** A new template row: every column but `seq`. */
export type TemplateInsert<Row extends TemplateRow> = Omit<Row, 'seq'> & { seq?: undefined }

/** Filters of a template listing. */
export interface TemplateFilter {
  search?: string
  integrationKey?: string
  isUniversal?: boolean
  parentId?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Template rows of one table (flows or actions): by id, by key and layer, derived copies, listings. */
export class TemplateRepository<Row extends TemplateRow> {
  constructor(
    protected readonly db: Database,
    private readonly table: TemplateTableName
  ) {}

  byId(id: string): Row | undefined {
    return this.db.first(this.rows().where('id', '=', id)) as Row | undefined
  }

  /** Rows with this key: the live one per integration first, then archived ones, newest first. */
  byKey(key: string): Row[] {
    return this.db.all(
      this.rows()
        .where('key', '=', key)
        .orderBy(sql`archived_at IS NOT NULL`)
        .orderBy('seq', 'desc')
    ) as Row[]
  }

  /** The live row with this key in this layer (`null` integration = universal). */
  liveByKey(key: string, integrationKey: string | null): Row | undefined {
    let query = this.rows().where('key', '=', key).where('archived_at', 'is', null)
    query =
      integrationKey === null
        ? query.where('integration_key', 'is', null)
        : query.where('integration_key', '=', integrationKey)
    return this.db.first(query) as Row | undefined
  }

  /** The live integration-level copies of a universal template. */
  children(parentId: string): Row[] {
    return this.db.all(this.rows().where('parent_id', '=', parentId).where('archived_at', 'is', null)) as Row[]
  }

  list(filter: TemplateFilter): Row[] {
    let query = this.rows().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.isUniversal === true) query = query.where('integration_key', 'is', null)
    if (filter.isUniversal === false) query = query.where('integration_key', 'is not', null)
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`name LIKE ${like} ESCAPE '\\'`,
          sql<boolean>`key LIKE ${like} ESCAPE '\\'`,
          eb('id', '=', filter.search!)
        ])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit)) as Row[]
  }

  insert(row: TemplateInsert<Row>): Row {
    return this.db.first(
      this.db.q
        .insertInto(this.table)
        .values(row as unknown as Insertable<DB[TemplateTableName]>)
        .returningAll()
    ) as Row
  }

  update(id: string, changes: Partial<Row>): Row {
    return this.db.first(
      this.db.q
        .updateTable(this.table)
        .set(changes as Updateable<DB[TemplateTableName]>)
        .where('id', '=', id)
        .returningAll()
    ) as Row
  }

  /** Every column of the table, queried on the columns all template tables share. */
  private rows() {
    return this.db.q.selectFrom(this.table).selectAll()
  }
}
