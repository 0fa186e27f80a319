import type { IntegrationDto } from '../../contract/integrations'
import type { Connector } from '../apps/connector'
import type { IntegrationRow } from './integration.repository'

/** What secret parameters look like when they are not asked for. */
export const MASKED = '********'

/** Row → DTO. Parameters only for admins; secret ones masked unless `includeSecrets`. */
export function toIntegrationDto(
  row: IntegrationRow,
  connector: Connector,
  parameters: Record<string, unknown>,
  view: { admin: boolean; includeSecrets: boolean }
): IntegrationDto {
  const options = connector.authOptions(parameters)
  const dto: IntegrationDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    logoUri: row.logo_uri ?? connector.app.logoUri,
    connectorId: connector.key,
    externalAppId: connector.app.id,
    hasMissingParameters: connector.missingParameters(parameters).length > 0,
    hasData: connector.collections.length > 0,
    dataCollectionsCount: connector.collections.length,
    isSandbox: connector.app.isSandbox,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (options.length === 1) dto.authType = options[0].type
  if (view.admin) {
    dto.parameters = view.includeSecrets
      ? { ...parameters }
      : Object.fromEntries(
          Object.entries(parameters).map(([k, v]) => [k, connector.secretParameters.includes(k) && v ? MASKED : v])
        )
  }
  if (row.archived_at) dto.archivedAt = row.archived_at
  return dto
}
