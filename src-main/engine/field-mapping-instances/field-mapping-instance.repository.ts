import type { Selectable } from 'kysely'
import type { Database } from '../db/database'
import type { FieldMappingInstanceTable } from '../field-mappings/field-mapping.table'
import { INSTANCE_KINDS } from '../templates/instance-kinds'
import { InstanceRepository } from '../templates/instance.repository'

/** A field mapping instance row. */
export type FieldMappingInstanceRow = Selectable<FieldMappingInstanceTable>

/** Rows of `field_mapping_instances`; a listing's search matches the customer's import mapping. */
export class FieldMappingInstanceRepository extends InstanceRepository<FieldMappingInstanceRow> {
  constructor(db: Database) {
    super(db, INSTANCE_KINDS.fieldMappingInstance)
  }
}
