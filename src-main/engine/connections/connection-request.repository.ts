import type { Insertable, Selectable } from 'kysely'
import type { Database } from '../db/database'
import type { ConnectionRequestTable } from './connection-request.table'

/** A connection request row. */
export type ConnectionRequestRow = Selectable<ConnectionRequestTable>

/** Connection request rows. */
export class ConnectionRequestRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): ConnectionRequestRow | undefined {
    return this.db.first(this.db.q.selectFrom('connection_requests').selectAll().where('id', '=', id))
  }

  insert(row: Insertable<ConnectionRequestTable>): void {
    this.db.run(this.db.q.insertInto('connection_requests').values(row))
  }
}
