import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { IntegrationTable } from './integration.table'
import { likePattern } from '../common/listing'

/** An integration row. */
export type IntegrationRow = Selectable<IntegrationTable>

/** Integration rows: lookups by id and key, listings, writes. */
export class IntegrationRepository {
  /** Hot path: every call through a connection reads its integration. */
  private readonly selectById

  constructor(private readonly db: Database) {
    this.selectById = db.sqlite.prepare('SELECT * FROM integrations WHERE id = ?')
  }

  byId(id: string): IntegrationRow | undefined {
    return this.selectById.get(id) as IntegrationRow | undefined
  }

  byKey(key: string): IntegrationRow | undefined {
    return this.db.first(this.db.q.selectFrom('integrations').selectAll().where('key', '=', key))
  }

  list(filter: { search?: string; includeArchived?: boolean; afterSeq: number; limit: number }): IntegrationRow[] {
    let query = this.db.q.selectFrom('integrations').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([sql<boolean>`name LIKE ${like} ESCAPE '\\'`, sql<boolean>`key LIKE ${like} ESCAPE '\\'`])
      )
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  /** Every integration, archived ones too, oldest first (snapshots). */
  all(): IntegrationRow[] {
    return this.db.all(this.db.q.selectFrom('integrations').selectAll().orderBy('seq'))
  }

  /** Deletes every integration (whole-workspace replace). */
  clear(): void {
    this.db.run(this.db.q.deleteFrom('integrations'))
  }

  insert(row: Insertable<IntegrationTable>): IntegrationRow {
    return this.db.first(this.db.q.insertInto('integrations').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<IntegrationTable>): IntegrationRow {
    return this.db.first(this.db.q.updateTable('integrations').set(changes).where('id', '=', id).returningAll())!
  }
}
