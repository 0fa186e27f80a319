import type { Selectable } from 'kysely'
import type { Database } from '../../db/database'
import { TemplateRepository } from '../../templates/template.repository'
import type { FlowTable } from './flow.table'

/** A flow template row. */
export type FlowRow = Selectable<FlowTable>

/** Flow template rows. */
export class FlowRepository extends TemplateRepository<FlowRow> {
  constructor(db: Database) {
    super(db, 'flows')
  }
}
