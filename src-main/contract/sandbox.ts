import { Type, type Static } from '@sinclair/typebox'
import type { JsonSchema } from './apps'
import type { SnapshotSecret } from './snapshots'

/** Keys of the sandbox apps the engine serves under `/sandbox/<key>/`. */
export type SandboxAppKey = 'crm' | 'helpdesk'

/** How a sandbox app behaves; changeable at run time (admin). */
export const SandboxSettings = Type.Object(
  {
    /** Lifetime of OAuth access tokens (CRM), in seconds. */
    accessTokenTtlSeconds: Type.Integer({ minimum: 5, maximum: 31_536_000 }),
    /** Lifetime of OAuth refresh tokens (CRM), in seconds. */
    refreshTokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 31_536_000 }),
    /** Requests allowed per account in each window before `429` with `Retry-After`. */
    rateLimit: Type.Object(
      {
        requests: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
        windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400 })
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
)
/** A sandbox app's settings. */
export type SandboxSettings = Static<typeof SandboxSettings>

/** A sandbox app as the console and admin API show it. */
export interface SandboxAppDto {
  key: SandboxAppKey
  name: string
  baseUri: string
  apiBaseUri: string
  auth: 'oauth2' | 'api-key'
  collections: string[]
  settings: SandboxSettings
  stats: SandboxStats
}

/** Counters since the engine started (for the console and tests). */
export interface SandboxStats {
  apiRequests: number
  rateLimited: number
  tokenRequests: { authorization_code: number; refresh_token: number }
  webhookDeliveries: { delivered: number; failed: number }
}

/** An account (tenant) inside a sandbox app, with its own records. */
export interface SandboxAccountDto {
  id: string
  app: SandboxAppKey
  name: string
  createdAt: string
  recordCounts: Record<string, number>
}

/** A new API key: shown once, stored only as a hash. */
export interface SandboxApiKeyDto {
  id: string
  accountId: string
  accountName: string
  name: string
  /** The key itself; only in the answer that creates it. */
  apiKey: string
  prefix: string
  createdAt: string
}

/** One sandbox account in a snapshot file, with its records and what authenticates to it. */
export interface SnapshotSandboxAccount {
  /** The account id (ids are random, so the same id means the same account). */
  ref: string
  app: SandboxAppKey
  name: string
  /** `{collection: {fieldKey: JSON Schema}}` of the account's custom fields. */
  customFields: Record<string, Record<string, JsonSchema>>
  records: Array<{
    collection: string
    id: string
    fields: Record<string, unknown>
    createdAt: string
    updatedAt: string
  }>
  /** API keys and OAuth tokens as sha256 hashes: they keep working where the snapshot goes. */
  apiKeys: Array<{ id: string; name: string; keyHash: string; prefix: string; createdAt: string; revokedAt?: string }>
  tokens: Array<{
    hash: string
    kind: 'access' | 'refresh'
    clientId: string
    scope: string
    familyId: string
    expiresAt: string
    createdAt: string
    revokedAt?: string
    revokedReason?: string
  }>
  /** Webhook subscriptions; their signing secrets only in passphrase snapshots. */
  webhooks: Array<{
    id: string
    collection: string
    events: string[]
    url: string
    createdAt: string
    secret?: SnapshotSecret
  }>
}

/** A collection of a sandbox app in the console's data browser. */
export interface SandboxCollectionInfo {
  key: string
  name: string
}

/** A sandbox account in the data browser, with the connections that reach it. */
export interface SandboxBrowserAccount extends SandboxAccountDto {
  /** Live connections whose credentials belong to this account, by customer. */
  connections: Array<{ id: string; customerId: string; customerName: string }>
  /** JSON Schema of each collection for this account (custom fields included), by collection key. */
  schemas: Record<string, Record<string, unknown>>
}

/** One sandbox app in the data browser: its collections and accounts. */
export interface SandboxBrowserApp {
  key: SandboxAppKey
  name: string
  collections: SandboxCollectionInfo[]
  accounts: SandboxBrowserAccount[]
}

/** Which records of which account's collection (`sandboxData.list`). */
export interface SandboxRecordQuery {
  app: SandboxAppKey
  accountId: string
  collection: string
  /** Case-insensitive text matched against every field value. */
  search?: string
  cursor?: string
  limit?: number
}

/** A sandbox record as the console shows it: its fields apart from what the app sets. */
export interface SandboxRecordView {
  id: string
  /** The record's display name (a contact's full name, a ticket's subject). */
  name?: string
  fields: Record<string, unknown>
  createdAt: string
  updatedAt: string
}

/** A page of records with the collection's schema for this account (custom fields included). */
export interface SandboxRecordPage {
  items: SandboxRecordView[]
  cursor?: string
  /** JSON Schema of the collection for this account; `id`, `createdAt`, `updatedAt` are read-only. */
  schema: Record<string, unknown>
  /** Records of the collection in the account, whatever the search. */
  total: number
}

/** One record of one account's collection. */
export interface SandboxRecordRef {
  app: SandboxAppKey
  accountId: string
  collection: string
  id: string
}
