import type { Statement } from 'better-sqlite3'
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { CustomerTable } from './customer.table'
import { likePattern } from '../common/listing'

/** A customer row. */
export type CustomerRow = Selectable<CustomerTable>

/** Filters of a customer listing. */
export interface CustomerFilter {
  search?: string
  isTest?: boolean
  activeSince?: string
  inactiveBefore?: string
  includeArchived?: boolean
  archivedOnly?: boolean
  afterSeq: number
  limit: number
}

const INSERT_COLUMNS = [
  'id',
  'internal_id',
  'name',
  'fields',
  'credentials_sealed',
  'meta',
  'is_test',
  'last_active_at',
  'created_at',
  'updated_at',
  'archived_at'
] as const

/** Customer rows: lookups by engine id and internal id, keyset-paged listings, writes. */
export class CustomerRepository {
  // The two lookups every customer-token request makes skip kysely's per-call compile.
  private readonly selectById: Statement<[string], CustomerRow>
  private readonly selectByInternalId: Statement<[string], CustomerRow>
  // Inserts come from POST /customers and first-seen tokens: prepared once, not compiled per call.
  private readonly insertStatement: Statement<[Record<string, unknown>], CustomerRow>

  constructor(private readonly db: Database) {
    this.selectById = db.sqlite.prepare('SELECT * FROM customers WHERE id = ?')
    this.selectByInternalId = db.sqlite.prepare('SELECT * FROM customers WHERE internal_id = ?')
    this.insertStatement = db.sqlite.prepare(
      `INSERT INTO customers (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((c) => '@' + c).join(', ')}) RETURNING *`
    )
  }

  byId(id: string): CustomerRow | undefined {
    return this.selectById.get(id)
  }

  /** Hot path of every customer-token request. */
  byInternalId(internalId: string): CustomerRow | undefined {
    return this.selectByInternalId.get(internalId)
  }

  testCustomer(): CustomerRow | undefined {
    return this.db.first(this.db.q.selectFrom('customers').selectAll().where('is_test', '=', 1))
  }

  list(filter: CustomerFilter): CustomerRow[] {
    let query = this.db.q.selectFrom('customers').selectAll().where('seq', '>', filter.afterSeq)
    if (filter.archivedOnly) query = query.where('archived_at', 'is not', null)
    else if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.isTest !== undefined) query = query.where('is_test', '=', filter.isTest ? 1 : 0)
    if (filter.activeSince) query = query.where('last_active_at', '>=', filter.activeSince)
    if (filter.inactiveBefore) {
      const before = filter.inactiveBefore
      query = query.where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', before)]))
    }
    if (filter.search) {
      const like = likePattern(filter.search)
      const exact = filter.search
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`name LIKE ${like} ESCAPE '\\'`,
          sql<boolean>`internal_id LIKE ${like} ESCAPE '\\'`,
          eb('id', '=', exact)
        ])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  count(includeArchived: boolean): number {
    let query = this.db.q.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n'))
    if (!includeArchived) query = query.where('archived_at', 'is', null)
    return this.db.first(query)?.n ?? 0
  }

  insert(row: Insertable<CustomerTable>): CustomerRow {
    return this.insertStatement.get({
      id: row.id,
      internal_id: row.internal_id,
      name: row.name,
      fields: row.fields ?? '{}',
      credentials_sealed: row.credentials_sealed ?? null,
      meta: row.meta ?? null,
      is_test: row.is_test ?? 0,
      last_active_at: row.last_active_at ?? null,
      created_at: row.created_at,
      updated_at: row.updated_at,
      archived_at: row.archived_at ?? null
    })!
  }

  update(id: string, changes: Updateable<CustomerTable>): CustomerRow {
    return this.db.first(this.db.q.updateTable('customers').set(changes).where('id', '=', id).returningAll())!
  }

  /** Every non-archived row, for checking a proposed field schema. */
  *iterateAll(batch = 2000): Generator<CustomerRow> {
    let after = 0
    for (;;) {
      const rows = this.list({ afterSeq: after, limit: batch })
      for (const row of rows) yield row
      if (rows.length < batch) return
      after = rows[rows.length - 1].seq
    }
  }
}
