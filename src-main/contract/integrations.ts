import type { SnapshotSecret } from './snapshots'
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

/** An integration in a snapshot file; `ref` is its id where it was exported. */
export interface SnapshotIntegration {
  ref: string
  key: string
  name: string
  connectorId: string
  logoUri?: string
  /** Parameters without the secret ones. */
  parameters: Record<string, unknown>
  /** The secret parameters (JSON), only in passphrase snapshots. */
  secretParameters?: SnapshotSecret
  /** The OAuth client registered with a sandbox app (its secret only as a hash). */
  sandboxClient?: { id: string; app: string; name: string; secretHash: string; redirectUris: string[] }
  archived?: boolean
}
