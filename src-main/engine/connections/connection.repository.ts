import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { ConnectionTable } from './connection.table'
import type { ConnectionView } from './connection.view'
import { likePattern } from '../common/listing'

/** A connection row. */
export type ConnectionRow = Selectable<ConnectionTable>

export type { ConnectionView }

/** Filters of a connection listing. */
export interface ConnectionFilter {
  customerId?: string
  integrationId?: string
  connectorId?: string
  status?: string
  notStatus?: string
  isTest?: boolean
  search?: string
  includeArchived?: boolean
  afterSeq: number
  limit: number
}

/** Connection rows, always read joined with their integration and customer. */
export class ConnectionRepository {
  /** Hot path of every call through a connection (flow runs make one per record operation). */
  private readonly selectById

  constructor(private readonly db: Database) {
    this.selectById = db.sqlite.prepare(
      `SELECT connections.*, integrations.key AS integration_key, integrations.name AS integration_name, integrations.connector_id AS connector_id, customers.is_test AS customer_is_test
       FROM connections JOIN integrations ON integrations.id = connections.integration_id JOIN customers ON customers.id = connections.customer_id
       WHERE connections.id = ?`
    )
  }

  private base() {
    return this.db.q
      .selectFrom('connections')
      .innerJoin('integrations', 'integrations.id', 'connections.integration_id')
      .innerJoin('customers', 'customers.id', 'connections.customer_id')
      .selectAll('connections')
      .select([
        'integrations.key as integration_key',
        'integrations.name as integration_name',
        'integrations.connector_id as connector_id',
        'customers.is_test as customer_is_test'
      ])
  }

  byId(id: string): ConnectionView | undefined {
    return this.selectById.get(id) as ConnectionView | undefined
  }

  /** The customer's newest live connection to an integration. */
  latestFor(customerId: string, integrationId: string): ConnectionView | undefined {
    return this.db.first(
      this.base()
        .where('connections.customer_id', '=', customerId)
        .where('connections.integration_id', '=', integrationId)
        .where('connections.archived_at', 'is', null)
        .orderBy('connections.seq', 'desc')
        .limit(1)
    )
  }

  list(filter: ConnectionFilter): ConnectionView[] {
    let query = this.base().where('connections.seq', '>', filter.afterSeq)
    if (!filter.includeArchived) query = query.where('connections.archived_at', 'is', null)
    if (filter.customerId) query = query.where('connections.customer_id', '=', filter.customerId)
    if (filter.integrationId) query = query.where('connections.integration_id', '=', filter.integrationId)
    if (filter.connectorId) query = query.where('integrations.connector_id', '=', filter.connectorId)
    if (filter.status) query = query.where('connections.status', '=', filter.status)
    if (filter.notStatus) query = query.where('connections.status', '!=', filter.notStatus)
    if (filter.isTest !== undefined) query = query.where('customers.is_test', '=', filter.isTest ? 1 : 0)
    if (filter.search) {
      const like = likePattern(filter.search)
      query = query.where((eb) =>
        eb.or([sql<boolean>`connections.name LIKE ${like} ESCAPE '\\'`, eb('connections.id', '=', filter.search!)])
      )
    }
    return this.db.all(query.orderBy('connections.seq').limit(filter.limit))
  }

  /** Every connection (of these customers, when given), archived ones too (snapshots). */
  ofCustomers(customerIds?: ReadonlySet<string>): ConnectionRow[] {
    if (customerIds && !customerIds.size) return []
    let query = this.db.q.selectFrom('connections').selectAll()
    if (customerIds) query = query.where('customer_id', 'in', [...customerIds])
    return this.db.all(query.orderBy('seq'))
  }

  /** Deletes the connections of these customers (a snapshot replaces their setup). */
  deleteOfCustomers(customerIds: ReadonlySet<string>): void {
    if (customerIds.size) this.db.run(this.db.q.deleteFrom('connections').where('customer_id', 'in', [...customerIds]))
  }

  /** Deletes every connection and connect request (whole-workspace replace). */
  clear(): void {
    this.db.run(this.db.q.deleteFrom('connect_requests'))
    this.db.run(this.db.q.deleteFrom('connections'))
  }

  insert(row: Insertable<ConnectionTable>): void {
    this.db.run(this.db.q.insertInto('connections').values(row))
  }

  update(id: string, changes: Updateable<ConnectionTable>): void {
    this.db.run(this.db.q.updateTable('connections').set(changes).where('id', '=', id))
  }

  /** Takes one simulated failure; the status to answer, or undefined when none is left. */
  takeSimulatedFailure(id: string): number | undefined {
    const row = this.db.first(
      this.db.q
        .updateTable('connections')
        .set((eb) => ({ fault_fail_count: eb('fault_fail_count', '-', 1) }))
        .where('id', '=', id)
        .where('fault_fail_count', '>', 0)
        .returning(['fault_fail_status'])
    )
    return row ? (row.fault_fail_status ?? 500) : undefined
  }
}
