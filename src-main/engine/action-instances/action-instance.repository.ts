import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import { likePattern } from '../common/listing'
import type { Database } from '../db/database'
import type { ActionInstanceTable } from './action-instance.table'

/** An action instance row. */
export type ActionInstanceRow = Selectable<ActionInstanceTable>

/** Filters of an action instance listing. */
export interface ActionInstanceFilter {
  customerId?: string
  actionId?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  search?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Rows of `action_instances`. */
export class ActionInstanceRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): ActionInstanceRow | undefined {
    return this.db.first(this.db.q.selectFrom('action_instances').selectAll().where('id', '=', id))
  }

  /** The customer's live instance of an action on a connection (or on none), by instance key. */
  liveFor(
    customerId: string,
    actionId: string,
    connectionId: string | null,
    instanceKey: string | null
  ): ActionInstanceRow | undefined {
    let query = this.db.q
      .selectFrom('action_instances')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('action_id', '=', actionId)
      .where('archived_at', 'is', null)
    query =
      connectionId === null ? query.where('connection_id', 'is', null) : query.where('connection_id', '=', connectionId)
    query =
      instanceKey === null ? query.where('instance_key', 'is', null) : query.where('instance_key', '=', instanceKey)
    return this.db.first(query)
  }

  list(filter: ActionInstanceFilter): ActionInstanceRow[] {
    let query = this.db.q.selectFrom('action_instances').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId)
    if (filter.actionId !== undefined) query = query.where('action_id', '=', filter.actionId)
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId)
    if (filter.instanceKey !== undefined) query = query.where('instance_key', '=', filter.instanceKey)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) => eb.or([sql<boolean>`name LIKE ${like} ESCAPE '\\'`, eb('id', '=', filter.search!)]))
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insert(row: Insertable<ActionInstanceTable>): ActionInstanceRow {
    return this.db.first(this.db.q.insertInto('action_instances').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<ActionInstanceTable>): ActionInstanceRow {
    return this.db.first(this.db.q.updateTable('action_instances').set(changes).where('id', '=', id).returningAll())!
  }
}
