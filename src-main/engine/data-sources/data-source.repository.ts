import type { Selectable } from 'kysely'
import type { Database } from '../db/database'
import { TemplateRepository } from '../templates/template.repository'
import type { DataSourceTable } from './data-source.table'

/** A data source element row. */
export type DataSourceRow = Selectable<DataSourceTable>

/** Data source element rows (the template queries on `data_sources`). */
export class DataSourceRepository extends TemplateRepository<DataSourceRow> {
  constructor(db: Database) {
    super(db, 'data_sources')
  }
}
