import type { Selectable } from 'kysely'
import type { Database } from '../db/database'
import { INSTANCE_KINDS } from '../templates/instance-kinds'
import { InstanceRepository } from '../templates/instance.repository'
import type { ActionInstanceTable } from './action-instance.table'

/** An action instance row. */
export type ActionInstanceRow = Selectable<ActionInstanceTable>

/** Rows of `action_instances`; a listing's search matches the instance's own name. */
export class ActionInstanceRepository extends InstanceRepository<ActionInstanceRow> {
  constructor(db: Database) {
    super(db, INSTANCE_KINDS.actionInstance)
  }
}
