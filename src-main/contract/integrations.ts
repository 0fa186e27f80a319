import type { AuthOptionDto, AuthOptionType } from './apps'
import type { ConnectionDto } from './connections'
import type { PageQuery } from './pagination'

/** An app made available in the workspace. */
export interface IntegrationDto {
  id: string
  key: string
  name: string
  logoUri: string
  /** The connector (and app) this integration uses, e.g. `sandbox-crm`. */
  connectorId: string
  externalAppId: string
  /** Set when the app has exactly one auth option. */
  authType?: AuthOptionType
  /** Admin callers only; secret values shown as `********` unless `includeSecrets=true`. */
  parameters?: Record<string, unknown>
  /** A required parameter is not set: connections cannot be made until it is. */
  hasMissingParameters: boolean
  hasData: boolean
  dataCollectionsCount: number
  isSandbox: boolean
  createdAt: string
  updatedAt: string
  archivedAt?: string
  /** The calling customer's connection to this integration, when it has one. */
  connection?: ConnectionDto
  /** Ways to connect. */
  authOptions?: AuthOptionDto[]
}

/** Body of `POST /integrations` (admin). */
export interface IntegrationCreate {
  key: string
  name: string
  /** One of `sandbox-crm`, `sandbox-helpdesk`, `http` (also accepted as connectorKey / appKey). */
  connectorId?: string
  connectorKey?: string
  logoUri?: string
  parameters?: Record<string, unknown>
}

/** Body of `PATCH /integrations/{idOrKey}` (admin). `parameters` replaces the stored ones. */
export interface IntegrationPatch {
  key?: string
  name?: string
  logoUri?: string
  parameters?: Record<string, unknown>
}

/** Query of `GET /integrations`. */
export interface IntegrationQuery extends PageQuery {
  search?: string
  includeArchived?: boolean
}
