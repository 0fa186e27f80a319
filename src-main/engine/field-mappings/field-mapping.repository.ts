import type { Selectable } from 'kysely'
import type { Database } from '../db/database'
import { TemplateRepository } from '../templates/template.repository'
import type { FieldMappingTable } from './field-mapping.table'

/** A field mapping element row. */
export type FieldMappingRow = Selectable<FieldMappingTable>

/** Field mapping element rows (the template queries on `field_mappings`). */
export class FieldMappingRepository extends TemplateRepository<FieldMappingRow> {
  constructor(db: Database) {
    super(db, 'field_mappings')
  }
}
