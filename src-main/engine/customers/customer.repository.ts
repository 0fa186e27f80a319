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

/** How many rows {@link CustomerRepository.byInternalId} keeps (then it starts over). */
const KEPT_ROWS_LIMIT = 10_000

/** Customer rows: lookups by engine id and internal id, keyset-paged listings, writes. */
export class CustomerRepository {
  /**
   * Rows read by internal id, kept between requests: every customer-token request reads its
   * customer's row, which rarely changes, and reading it cost a fresh-token GET /self more than
   * its HMAC (bench/README.md "Hot paths"). Every write of the table goes through this class
   * (insert, update, deleteAll), and each one drops what it touches. A row read inside a
   * transaction is not kept: a rollback could leave it unwritten. Kept rows are frozen, so a
   * caller cannot change what the next request reads.
   */
  private readonly kept = new Map<string, CustomerRow>()
  /** The internal id each kept row is under, by engine id (an update names the engine id). */
  private readonly keptInternalIds = new Map<string, string>()
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

  /** Hot path of every customer-token request (see {@link kept}). */
  byInternalId(internalId: string): CustomerRow | undefined {
    const kept = this.kept.get(internalId)
    if (kept) return kept
    const row = this.selectByInternalId.get(internalId)
    if (row && !this.db.sqlite.inTransaction) {
      if (this.kept.size >= KEPT_ROWS_LIMIT) this.forgetKept()
      this.kept.set(internalId, Object.freeze(row))
      this.keptInternalIds.set(row.id, internalId)
    }
    return row
  }

  private forget(id: string, internalId?: string): void {
    const keptAs = this.keptInternalIds.get(id)
    if (keptAs !== undefined) this.kept.delete(keptAs)
    this.keptInternalIds.delete(id)
    if (internalId !== undefined) this.kept.delete(internalId)
  }

  private forgetKept(): void {
    this.kept.clear()
    this.keptInternalIds.clear()
  }

  testCustomer(): CustomerRow | undefined {
    return this.db.first(this.db.q.selectFrom('customers').selectAll().where('is_test', '=', 1))
  }

  /** The rows a listing's filters (not its paging) select. */
  private filtered(filter: Omit<CustomerFilter, 'afterSeq' | 'limit'>) {
    let query = this.db.q.selectFrom('customers')
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
    return query
  }

  list(filter: CustomerFilter): CustomerRow[] {
    return this.db.all(
      this.filtered(filter).selectAll().where('seq', '>', filter.afterSeq).orderBy('seq').limit(filter.limit)
    )
  }

  /**
   * The keyset cursor of position `offset` of a filtered listing: the seq of the row just before
   * it (0 at the start), so a page anywhere in the list is read directly without the pages
   * before it. Only seq is read, from the partial index of unarchived customers (migration
   * 0111) when the default view asks, so the skip walks index entries, not rows.
   */
  seqBefore(filter: Omit<CustomerFilter, 'afterSeq' | 'limit'>, offset: number): number {
    if (offset <= 0) return 0
    const row = this.db.first(
      this.filtered(filter)
        .select('seq')
        .orderBy('seq')
        .limit(1)
        .offset(offset - 1)
    )
    return row?.seq ?? Number.MAX_SAFE_INTEGER
  }

  /** How many rows a listing's filters select. */
  countMatching(filter: Omit<CustomerFilter, 'afterSeq' | 'limit'>): number {
    return this.db.first(this.filtered(filter).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
  }

  count(includeArchived: boolean): number {
    return this.countMatching({ includeArchived })
  }

  insert(row: Insertable<CustomerTable>): CustomerRow {
    this.forget(row.id, row.internal_id)
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
    this.forget(id, typeof changes.internal_id === 'string' ? changes.internal_id : undefined)
    return this.db.first(this.db.q.updateTable('customers').set(changes).where('id', '=', id).returningAll())!
  }

  /** Deletes every customer (a snapshot that replaces the workspace). */
  deleteAll(): void {
    this.forgetKept()
    this.db.run(this.db.q.deleteFrom('customers'))
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
