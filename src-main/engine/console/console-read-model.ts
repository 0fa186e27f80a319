import type { ConnectionStatus } from '../../contract/connections'
import type { Database } from '../db/database'

/** Counts the console's overview pages show beside each item, in one grouped query each. */
export class ConsoleReadModel {
  constructor(private readonly db: Database) {}

  /** Live (not archived) connections per integration id, by status. */
  connectionCounts(): Map<string, Record<ConnectionStatus, number>> {
    const rows = this.db.all(
      this.db.q
        .selectFrom('connections')
        .select(['integration_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('archived_at', 'is', null)
        .groupBy(['integration_id', 'status'])
    )
    const counts = new Map<string, Record<ConnectionStatus, number>>()
    for (const row of rows) {
      let entry = counts.get(row.integration_id)
      if (!entry) counts.set(row.integration_id, (entry = { connected: 0, disconnected: 0, error: 0 }))
      entry[row.status as ConnectionStatus] = Number(row.n)
    }
    return counts
  }

  /** Live (not archived) instances per template id. */
  instanceCounts(): Map<string, number> {
    const rows = this.db.all(
      this.db.q
        .selectFrom('flow_instances')
        .select(['flow_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('archived_at', 'is', null)
        .where('flow_id', 'is not', null)
        .groupBy('flow_id')
    )
    return new Map(rows.map((row) => [row.flow_id as string, Number(row.n)]))
  }
}
