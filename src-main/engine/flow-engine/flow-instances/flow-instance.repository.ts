import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../../db/database'
import { likePattern } from '../../common/listing'
import type { FlowInstanceTable } from './flow-instance.table'

/** A flow instance row. */
export type FlowInstanceRow = Selectable<FlowInstanceTable>

/** Filters of an instance listing. */
export interface FlowInstanceFilter {
  customerId?: string
  flowId?: string
  enabled?: boolean
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  isAdHoc?: boolean
  search?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Flow instance rows. */
export class FlowInstanceRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): FlowInstanceRow | undefined {
    return this.db.first(this.db.q.selectFrom('flow_instances').selectAll().where('id', '=', id))
  }

  /** The live instance of a template for a customer on a connection (or on none), by instance key. */
  liveFor(
    customerId: string,
    flowId: string,
    connectionId: string | null,
    instanceKey: string | null
  ): FlowInstanceRow | undefined {
    let query = this.db.q
      .selectFrom('flow_instances')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('flow_id', '=', flowId)
      .where('archived_at', 'is', null)
    query =
      connectionId === null ? query.where('connection_id', 'is', null) : query.where('connection_id', '=', connectionId)
    query =
      instanceKey === null ? query.where('instance_key', 'is', null) : query.where('instance_key', '=', instanceKey)
    return this.db.first(query)
  }

  /** Live instances made from a template. */
  liveOfFlow(flowId: string): FlowInstanceRow[] {
    return this.db.all(
      this.db.q.selectFrom('flow_instances').selectAll().where('flow_id', '=', flowId).where('archived_at', 'is', null)
    )
  }

  /** Every live, enabled instance (schedules and app events are registered from these). */
  liveEnabled(): FlowInstanceRow[] {
    return this.db.all(
      this.db.q
        .selectFrom('flow_instances')
        .selectAll()
        .where('archived_at', 'is', null)
        .where('enabled', '=', 1)
        .orderBy('seq')
    )
  }

  list(filter: FlowInstanceFilter): FlowInstanceRow[] {
    let query = this.db.q.selectFrom('flow_instances').selectAll().where('seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('archived_at', 'is', null)
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId)
    if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId)
    if (filter.enabled !== undefined) query = query.where('enabled', '=', filter.enabled ? 1 : 0)
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId)
    if (filter.instanceKey !== undefined) query = query.where('instance_key', '=', filter.instanceKey)
    if (filter.isAdHoc === true) query = query.where('flow_id', 'is', null)
    if (filter.isAdHoc === false) query = query.where('flow_id', 'is not', null)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) => eb.or([sql<boolean>`name LIKE ${like} ESCAPE '\\'`, eb('id', '=', filter.search!)]))
    }
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insert(row: Insertable<FlowInstanceTable>): FlowInstanceRow {
    return this.db.first(this.db.q.insertInto('flow_instances').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<FlowInstanceTable>): FlowInstanceRow {
    return this.db.first(this.db.q.updateTable('flow_instances').set(changes).where('id', '=', id).returningAll())!
  }

  /** Current revisions of the given templates (for `isOutdated`). */
  flowRevisions(flowIds: string[]): Map<string, { revision: number; key: string }> {
    if (!flowIds.length) return new Map()
    const rows = this.db.all(this.db.q.selectFrom('flows').select(['id', 'revision', 'key']).where('id', 'in', flowIds))
    return new Map(rows.map((r) => [r.id, { revision: r.revision, key: r.key }]))
  }
}
