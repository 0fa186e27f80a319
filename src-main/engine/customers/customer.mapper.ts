import type { CustomerDto } from '../../contract/customers'
import { parseJsonColumn } from '../common/json-column'
import type { RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import type { SecretPort } from '../ports'
import type { CustomerRow } from './customer.repository'

/** A customer counts as active when seen within this window. */
export const ACTIVE_WINDOW_MS = 30 * 24 * 3600 * 1000

/** Row → DTO. Credentials are unsealed only when `secrets` is given (admin + includeSecrets). */
export function toCustomerDto(row: CustomerRow, nowMs: number, secrets?: SecretPort): CustomerDto {
  const dto: CustomerDto = {
    id: row.id,
    internalId: row.internal_id,
    name: row.name,
    fields: parseJsonColumn<Record<string, unknown>>(row.fields, {}),
    isTest: row.is_test === 1,
    isActive: !row.archived_at && !!row.last_active_at && Date.parse(row.last_active_at) >= nowMs - ACTIVE_WINDOW_MS,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.meta) dto.meta = parseJsonColumn<Record<string, unknown>>(row.meta, {})
  if (row.last_active_at) dto.lastActiveAt = row.last_active_at
  if (row.archived_at) dto.archivedAt = row.archived_at
  if (secrets && row.credentials_sealed) dto.credentials = JSON.parse(secrets.decrypt(row.credentials_sealed))
  return dto
}

/** The customer a run, an action or an app event acts for (`user` in formulas and requests). */
export function toRunCustomer(row: CustomerRow): RunCustomer {
  return {
    id: row.id,
    internalId: row.internal_id,
    name: row.name,
    fields: JSON.parse(row.fields) as Record<string, unknown>
  }
}
