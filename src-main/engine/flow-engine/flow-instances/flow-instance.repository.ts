import { sql, type Selectable } from 'kysely'
import type { Database } from '../../db/database'
import { InstanceRepository, type InstanceFilter, type InstanceQuery } from '../../templates/instance.repository'
import { INSTANCE_KINDS } from '../../templates/instance-kinds'
import type { FlowInstanceTable } from './flow-instance.table'

/** A flow instance row. */
export type FlowInstanceRow = Selectable<FlowInstanceTable>

/** Filters of a flow instance listing: the shared ones, whether it is enabled, and ad-hoc flows (no template). */
export interface FlowInstanceFilter extends InstanceFilter {
  enabled?: boolean
  isAdHoc?: boolean
}

/** Rows of `flow_instances`; a listing's search matches the instance's name. */
export class FlowInstanceRepository extends InstanceRepository<FlowInstanceRow, FlowInstanceFilter> {
  constructor(db: Database) {
    super(db, INSTANCE_KINDS.flowInstance)
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

  /** Current revisions of the given templates (for `isOutdated`). */
  flowRevisions(flowIds: string[]): Map<string, { revision: number; key: string }> {
    if (!flowIds.length) return new Map()
    const rows = this.db.all(this.db.q.selectFrom('flows').select(['id', 'revision', 'key']).where('id', 'in', flowIds))
    return new Map(rows.map((r) => [r.id, { revision: r.revision, key: r.key }]))
  }

  protected override narrow(query: InstanceQuery, filter: FlowInstanceFilter): InstanceQuery {
    let narrowed = query
    if (filter.enabled !== undefined) narrowed = narrowed.where(sql.ref('enabled'), '=', filter.enabled ? 1 : 0)
    if (filter.isAdHoc === true) narrowed = narrowed.where(sql.ref('flow_id'), 'is', null)
    if (filter.isAdHoc === false) narrowed = narrowed.where(sql.ref('flow_id'), 'is not', null)
    return narrowed
  }
}
