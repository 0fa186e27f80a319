import type { ConnectionDto, ConnectionStatus } from '../../contract/connections'
import { fromJsonColumn, toBool } from '../common/json-column'
import type { SecretBox } from '../common/secret-box'
import type { ConnectionView } from './connection.view'

/** Row → DTO. Input and credentials are unsealed only when `secrets` is given (admin + includeSecrets). */
export function toConnectionDto(
  row: ConnectionView,
  view: { refreshAheadMs: number; canRefresh: boolean; secrets?: SecretBox }
): ConnectionDto {
  const status = row.status as ConnectionStatus
  const error = fromJsonColumn(row.error, null)
  const dto: ConnectionDto = {
    id: row.id,
    name: row.name,
    userId: row.customer_id,
    tenantId: row.customer_id,
    status,
    connected: status !== 'disconnected',
    disconnected: status === 'disconnected',
    isDefunct: status === 'disconnected',
    state: status === 'disconnected' ? 'CLIENT_ACTION_REQUIRED' : 'READY',
    integrationId: row.integration_id,
    integrationKey: row.integration_key,
    connectorId: row.connector_id,
    externalAppId: row.connector_id,
    authOptionKey: row.auth_option_key,
    isTest: toBool(row.customer_is_test),
    canTest: true,
    canRefreshCredentials: view.canRefresh,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.key) dto.key = row.key
  if (error) {
    dto.error = error
    dto.errors = [error]
  }
  if (status === 'disconnected')
    dto.clientAction = {
      type: 'connect',
      description: `Reconnect to ${row.integration_name}: ${error?.message ?? 'the credentials stopped working'}`
    }
  const account = fromJsonColumn(row.external_account, null)
  if (account) dto.externalAccount = account
  if (row.access_expires_at) {
    dto.accessTokenExpiresAt = row.access_expires_at
    if (view.canRefresh)
      dto.nextCredentialsRefreshAt = new Date(Date.parse(row.access_expires_at) - view.refreshAheadMs).toISOString()
  }
  if (row.credentials_refreshed_at) dto.credentialsRefreshedAt = row.credentials_refreshed_at
  if (row.last_active_at) dto.lastActiveAt = row.last_active_at
  if (row.disconnected_at) dto.disconnectedAt = row.disconnected_at
  if (row.meta) dto.meta = fromJsonColumn(row.meta, {})
  if (row.archived_at) dto.archivedAt = row.archived_at
  if (view.secrets) {
    dto.input = row.input_sealed ? view.secrets.openJson(row.input_sealed, `connection ${row.id} input`) : {}
    dto.credentials = row.credentials_sealed
      ? view.secrets.openJson(row.credentials_sealed, `connection ${row.id} credentials`)
      : {}
  }
  return dto
}
