import { Type, type Static } from '@sinclair/typebox'
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

const INTEGRATION_FIELDS = {
  key: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  logoUri: Type.Optional(Type.String({ maxLength: 100_000 })),
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
}

/** Body of `POST /integrations` (admin). */
export const IntegrationCreate = Type.Object({
  key: INTEGRATION_FIELDS.key,
  name: INTEGRATION_FIELDS.name,
  /** One of `sandbox-crm`, `sandbox-helpdesk`, `http` (also accepted as connectorKey / appKey). */
  connectorId: Type.Optional(Type.String()),
  connectorKey: Type.Optional(Type.String()),
  logoUri: INTEGRATION_FIELDS.logoUri,
  parameters: INTEGRATION_FIELDS.parameters
})
/** A new integration as parsed. */
export type IntegrationCreate = Static<typeof IntegrationCreate>

/** Body of `PATCH /integrations/{idOrKey}` (admin). `parameters` replaces the stored ones. */
export const IntegrationPatch = Type.Partial(Type.Object(INTEGRATION_FIELDS))
/** An integration change as parsed. */
export type IntegrationPatch = Static<typeof IntegrationPatch>

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
