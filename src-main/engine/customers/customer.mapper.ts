import type { CustomerDto } from '../../contract/customers'
import { fromJsonColumn, toBool } from '../common/json-column'
import type { RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import type { SecretBox } from '../common/secret-box'
import type { CustomerRow } from './customer.repository'

/** A customer counts as active when seen within this window. */
export const ACTIVE_WINDOW_MS = 30 * 24 * 3600 * 1000

/** Row → DTO. Credentials are unsealed only when `secrets` is given (admin + includeSecrets). */
export function toCustomerDto(row: CustomerRow, nowMs: number, secrets?: SecretBox): CustomerDto {
  const dto: CustomerDto = {
    id: row.id,
    internalId: row.internal_id,
    name: row.name,
    fields: fromJsonColumn(row.fields, {}),
    isTest: toBool(row.is_test),
    isActive: !row.archived_at && !!row.last_active_at && Date.parse(row.last_active_at) >= nowMs - ACTIVE_WINDOW_MS,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.meta) dto.meta = fromJsonColumn(row.meta)
  if (row.last_active_at) dto.lastActiveAt = row.last_active_at
  if (row.archived_at) dto.archivedAt = row.archived_at
  if (secrets && row.credentials_sealed)
    dto.credentials = secrets.openJson(row.credentials_sealed, `customer ${row.id} credentials`)
  return dto
}

/** The customer a run, an action or an app event acts for (`user` in formulas and requests). */
export function toRunCustomer(row: CustomerRow): RunCustomer {
  return {
    id: row.id,
    internalId: row.internal_id,
    name: row.name,
    fields: fromJsonColumn(row.fields)
  }
}
