import type { Insertable, Selectable } from 'kysely'
import type { Database } from '../db/database'
import { TemplateRepository } from '../templates/template.repository'
import type { ActionRunTable, ActionTable } from './action.table'

/** An action template row. */
export type ActionRow = Selectable<ActionTable>
/** A stored action run row. */
export type ActionRunRow = Selectable<ActionRunTable>

/** Action template rows and action run rows. */
export class ActionRepository extends TemplateRepository<ActionRow> {
  constructor(db: Database) {
    super(db, 'actions')
  }

  insertRun(row: Insertable<ActionRunTable>): void {
    this.db.run(this.db.q.insertInto('action_runs').values(row))
  }

  runById(id: string): ActionRunRow | undefined {
    return this.db.first(this.db.q.selectFrom('action_runs').selectAll().where('id', '=', id))
  }

  /** Runs newest first, below `beforeSeq` (0 = from the newest). */
  listRuns(filter: {
    actionId?: string
    customerId?: string
    state?: string
    beforeSeq: number
    limit: number
  }): ActionRunRow[] {
    let query = this.db.q.selectFrom('action_runs').selectAll()
    if (filter.beforeSeq > 0) query = query.where('seq', '<', filter.beforeSeq)
    if (filter.actionId) query = query.where('action_id', '=', filter.actionId)
    if (filter.customerId) query = query.where('customer_id', '=', filter.customerId)
    if (filter.state) query = query.where('state', '=', filter.state)
    return this.db.all(query.orderBy('seq', 'desc').limit(filter.limit))
  }
}
