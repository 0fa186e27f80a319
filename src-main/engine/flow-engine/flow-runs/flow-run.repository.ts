import type { Statement } from 'better-sqlite3'
import type { Selectable } from 'kysely'
import type { Database } from '../../db/database'
import type { FlowNodeRunTable, FlowRunTable } from './flow-run.table'

/** A flow run row. */
export type FlowRunRow = Selectable<FlowRunTable>
/** A node run row. */
export type FlowNodeRunRow = Selectable<FlowNodeRunTable>
/** A run row as written (no seq). */
export type FlowRunWrite = Omit<FlowRunRow, 'seq'>
/** A node run row as written (no seq). */
export type FlowNodeRunWrite = Omit<FlowNodeRunRow, 'seq'>

/** Filters of a run listing (newest first). */
export interface FlowRunFilter {
  customerId?: string
  flowInstanceId?: string
  flowId?: string
  state?: string
  integrationKey?: string
  connectionId?: string
  from?: string
  to?: string
  beforeSeq: number
  limit: number
}

const RUN_COLUMNS = [
  'id',
  'flow_instance_id',
  'customer_id',
  'flow_id',
  'universal_flow_id',
  'integration_key',
  'connection_id',
  'name',
  'start_node_key',
  'state',
  'input',
  'output',
  'errors',
  'nodes',
  'launched_by',
  'repeat_of',
  'meta',
  'created_at',
  'started_at',
  'ended_at'
] as const
const NODE_RUN_COLUMNS = [
  'id',
  'run_id',
  'idx',
  'node_key',
  'node_type',
  'status',
  'input',
  'outputs',
  'upstream',
  'iteration',
  'logs',
  'errors',
  'started_at',
  'duration_ms'
] as const

/**
 * Flow run and node run rows. The write path (insert run, update run, insert node run) runs
 * thousands of times a second, so it uses statements prepared once; reads and listings are
 * built with kysely.
 */
export class FlowRunRepository {
  private readonly insertRunStatement: Statement
  private readonly updateRunStatement: Statement
  private readonly insertNodeRunStatement: Statement
  private readonly createdAtStatement: Statement<[number], { created_at: string }>

  constructor(private readonly db: Database) {
    const sqlite = db.sqlite
    this.insertRunStatement = sqlite.prepare(
      `INSERT INTO flow_runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map((c) => '@' + c).join(', ')})`
    )
    this.updateRunStatement = sqlite.prepare(
      'UPDATE flow_runs SET state = @state, output = @output, errors = @errors, nodes = @nodes, started_at = @started_at, ended_at = @ended_at WHERE id = @id'
    )
    this.createdAtStatement = sqlite.prepare('SELECT created_at FROM flow_runs WHERE seq = ?')
    this.insertNodeRunStatement = sqlite.prepare(
      `INSERT INTO flow_node_runs (${NODE_RUN_COLUMNS.join(', ')}) VALUES (${NODE_RUN_COLUMNS.map((c) => '@' + c).join(', ')})`
    )
  }

  insertRun(row: FlowRunWrite): void {
    this.insertRunStatement.run(row)
  }

  /** Writes what changes while a run lives: state, output, errors, node summary, times. */
  updateRun(row: Pick<FlowRunWrite, 'id' | 'state' | 'output' | 'errors' | 'nodes' | 'started_at' | 'ended_at'>): void {
    this.updateRunStatement.run(row)
  }

  insertNodeRun(row: FlowNodeRunWrite): void {
    this.insertNodeRunStatement.run(row)
  }

  byId(id: string): FlowRunRow | undefined {
    return this.db.first(this.db.q.selectFrom('flow_runs').selectAll().where('id', '=', id))
  }

  /**
   * Runs newest first by creation time (then seq): every filter has an index of (column,
   * created_at) (migration 0110), so a filter, a from/to range and both together are one index
   * range read from its newest end. The cursor stays the last row's seq; its created_at is
   * looked up to continue after it. A cursor row that retention deleted since continues by seq.
   */
  list(filter: FlowRunFilter): FlowRunRow[] {
    let query = this.db.q.selectFrom('flow_runs').selectAll()
    if (filter.beforeSeq > 0) {
      const at = this.createdAtStatement.get(filter.beforeSeq)?.created_at
      if (at === undefined) query = query.where('seq', '<', filter.beforeSeq)
      else
        query = query
          .where('created_at', '<=', at)
          .where((eb) => eb.or([eb('created_at', '<', at), eb('seq', '<', filter.beforeSeq)]))
    }
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId)
    if (filter.flowInstanceId !== undefined) query = query.where('flow_instance_id', '=', filter.flowInstanceId)
    if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId)
    if (filter.state !== undefined) query = query.where('state', '=', filter.state)
    if (filter.integrationKey !== undefined) query = query.where('integration_key', '=', filter.integrationKey)
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId)
    if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from)
    if (filter.to !== undefined) query = query.where('created_at', '<', filter.to)
    return this.db.all(query.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(filter.limit))
  }

  /** Runs a crash or kill left queued or running. */
  unfinished(): FlowRunRow[] {
    return this.db.all(this.db.q.selectFrom('flow_runs').selectAll().where('state', 'in', ['queued', 'running']))
  }

  /** Node runs of a run in start order, optionally of one node, from `afterIdx` on. */
  nodeRuns(runId: string, options: { nodeKey?: string; afterIdx?: number; limit?: number } = {}): FlowNodeRunRow[] {
    let query = this.db.q.selectFrom('flow_node_runs').selectAll().where('run_id', '=', runId)
    if (options.nodeKey !== undefined) query = query.where('node_key', '=', options.nodeKey)
    if (options.afterIdx !== undefined) query = query.where('idx', '>', options.afterIdx)
    query = query.orderBy('idx')
    if (options.limit !== undefined) query = query.limit(options.limit)
    return this.db.all(query)
  }

  /** Who each node run of a run came from (for `downstreamRuns`). */
  nodeRunLinks(runId: string): Array<Pick<FlowNodeRunRow, 'id' | 'node_key' | 'upstream'>> {
    return this.db.all(
      this.db.q.selectFrom('flow_node_runs').select(['id', 'node_key', 'upstream']).where('run_id', '=', runId)
    )
  }
}
