import type { Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { WorkspaceTable } from './workspace.table'

/** A workspace row. */
export type WorkspaceRow = Selectable<WorkspaceTable>

/** Reads and writes the single workspace row. */
export class WorkspaceRepository {
  constructor(private readonly db: Database) {}

  find(): WorkspaceRow | undefined {
    return this.db.first(this.db.q.selectFrom('workspace').selectAll().limit(1))
  }

  insert(row: WorkspaceRow): void {
    this.db.run(this.db.q.insertInto('workspace').values(row))
  }

  update(id: string, changes: Updateable<WorkspaceTable>): void {
    this.db.run(this.db.q.updateTable('workspace').set(changes).where('id', '=', id))
  }
}
