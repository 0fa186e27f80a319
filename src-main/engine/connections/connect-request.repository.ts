import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { ConnectRequestTable } from './connect-request.table'

/** A connect request row. */
export type ConnectRequestRow = Selectable<ConnectRequestTable>

/** Connect request rows. */
export class ConnectRequestRepository {
  constructor(private readonly db: Database) {}

  byStateHash(hash: string): ConnectRequestRow | undefined {
    return this.db.first(this.db.q.selectFrom('connect_requests').selectAll().where('state_hash', '=', hash))
  }

  /** The newest request with this SDK requestId. */
  latestByRequestId(requestId: string): ConnectRequestRow | undefined {
    return this.db.first(
      this.db.q
        .selectFrom('connect_requests')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('created_at', 'desc')
        .limit(1)
    )
  }

  insert(row: Insertable<ConnectRequestTable>): void {
    this.db.run(this.db.q.insertInto('connect_requests').values(row))
  }

  update(id: string, changes: Updateable<ConnectRequestTable>): void {
    this.db.run(this.db.q.updateTable('connect_requests').set(changes).where('id', '=', id))
  }

  /** Moves a pending request to `to`; false when it was not pending (a replay, or a race lost). */
  claim(id: string, to: 'exchanging' | 'pending'): boolean {
    const from = to === 'exchanging' ? 'pending' : 'exchanging'
    return (
      this.db.run(
        this.db.q.updateTable('connect_requests').set({ status: to }).where('id', '=', id).where('status', '=', from)
      ).changes === 1
    )
  }

  /** Drops requests created before `before`. */
  deleteOlderThan(before: string): void {
    this.db.run(this.db.q.deleteFrom('connect_requests').where('created_at', '<', before))
  }
}
