import type { Selectable, Updateable } from 'kysely'
import type { Database } from '../db/database'
import type { CustomConnectorTable } from './custom-connector.table'

/** A stored custom connector. */
export type CustomConnectorRow = Selectable<CustomConnectorTable>

/** Queries of `custom_connectors`. */
export class CustomConnectorRepository {
  constructor(private readonly db: Database) {}

  all(): CustomConnectorRow[] {
    return this.db.all(this.db.q.selectFrom('custom_connectors').selectAll().orderBy('seq'))
  }

  byId(id: string): CustomConnectorRow | undefined {
    return this.db.first(this.db.q.selectFrom('custom_connectors').selectAll().where('id', '=', id))
  }

  byUuid(uuid: string): CustomConnectorRow | undefined {
    return this.db.first(this.db.q.selectFrom('custom_connectors').selectAll().where('uuid', '=', uuid))
  }

  byKey(key: string): CustomConnectorRow | undefined {
    return this.db.first(this.db.q.selectFrom('custom_connectors').selectAll().where('key', '=', key))
  }

  insert(row: Omit<CustomConnectorRow, 'seq'>): CustomConnectorRow {
    return this.db.first(this.db.q.insertInto('custom_connectors').values(row).returningAll())!
  }

  update(id: string, changes: Updateable<CustomConnectorTable>): CustomConnectorRow {
    return this.db.first(this.db.q.updateTable('custom_connectors').set(changes).where('id', '=', id).returningAll())!
  }
}
