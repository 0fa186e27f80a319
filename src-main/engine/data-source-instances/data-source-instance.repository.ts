import type { Selectable } from 'kysely'
import type { Database } from '../db/database'
import type { DataSourceInstanceTable } from '../data-sources/data-source.table'
import { INSTANCE_KINDS } from '../templates/instance-kinds'
import { InstanceRepository } from '../templates/instance.repository'

/** A data source instance row. */
export type DataSourceInstanceRow = Selectable<DataSourceInstanceTable>

/** Rows of `data_source_instances`; a listing's search matches the customer's collection key. */
export class DataSourceInstanceRepository extends InstanceRepository<DataSourceInstanceRow> {
  constructor(db: Database) {
    super(db, INSTANCE_KINDS.dataSourceInstance)
  }
}
