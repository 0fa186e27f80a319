import { Type, type Static } from '@sinclair/typebox'
import { Enum, Nullable } from './schema-kit'
import type { SnapshotSecret } from './snapshots'
import type { JsonSchema } from './apps'
import type { ErrorBody } from './errors'
import type { PageQuery } from './pagination'

/** Where a connection stands: usable, needs the person to reconnect, or the app is failing. */
export const CONNECTION_STATUSES = ['connected', 'disconnected', 'error'] as const
/** One of {@link CONNECTION_STATUSES}. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number]

/** A customer's authenticated link to one integration, as the API shows it. */
export interface ConnectionDto {
  id: string
  name: string
  key?: string
  /** Engine id of the customer (Membrane's `userId`); also as `tenantId`. */
  userId: string
  tenantId: string
  status: ConnectionStatus
  connected: boolean
  disconnected: boolean
  isDefunct: boolean
  /** Membrane element state: `READY`, or `CLIENT_ACTION_REQUIRED` when it must be reconnected. */
  state: 'READY' | 'CLIENT_ACTION_REQUIRED'
  /** Why it is disconnected or failing. */
  error?: ErrorBody
  errors?: ErrorBody[]
  clientAction?: { type: 'connect'; description: string }
  integrationId: string
  integrationKey: string
  connectorId: string
  externalAppId: string
  authOptionKey: string
  isTest: boolean
  /** The account in the external app (e.g. the sandbox CRM account), when the app says. */
  externalAccount?: { id: string; name: string }
  canTest: boolean
  canRefreshCredentials: boolean
  /** When the access token expires; the engine refreshes a little before. */
  accessTokenExpiresAt?: string
  nextCredentialsRefreshAt?: string
  credentialsRefreshedAt?: string
  lastActiveAt?: string
  disconnectedAt?: string
  meta?: Record<string, unknown>
  createdAt: string
  updatedAt: string
  archivedAt?: string
  /** Only with an admin token and `includeSecrets=true`. */
  credentials?: Record<string, unknown>
  input?: Record<string, unknown>
}

const CONNECTION_NAME = Type.String({ minLength: 1, maxLength: 200 })
const CONNECTION_KEY = Nullable(Type.String({ maxLength: 200 }))
const OBJECT = Type.Record(Type.String(), Type.Unknown())

/** Body of `POST /connections`: a connection made from credentials, without a UI. */
export const ConnectionCreate = Type.Object({
  integrationKey: Type.Optional(Type.String()),
  integrationId: Type.Optional(Type.String()),
  connectorKey: Type.Optional(Type.String()),
  connectorId: Type.Optional(Type.String()),
  name: Type.Optional(CONNECTION_NAME),
  key: Type.Optional(CONNECTION_KEY),
  authOptionKey: Type.Optional(Type.String()),
  /** Values for the auth option's input schema (API key, username ...). */
  input: Type.Optional(OBJECT),
  /** Membrane name for values of `input` (accepted as an alias). */
  connectorParameters: Type.Optional(OBJECT),
  meta: Type.Optional(OBJECT),
  /** Admin callers: the customer (engine id or internal id) to connect. */
  customerId: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String())
})
/** A new connection as parsed. */
export type ConnectionCreate = Static<typeof ConnectionCreate>

/** Body of `PATCH /connections/{c}`; new `input` is checked against the app and reconnects. */
export const ConnectionPatch = Type.Object({
  name: Type.Optional(CONNECTION_NAME),
  key: Type.Optional(CONNECTION_KEY),
  meta: Type.Optional(Nullable(OBJECT)),
  input: Type.Optional(OBJECT)
})
/** A connection change as parsed. */
export type ConnectionPatch = Static<typeof ConnectionPatch>

/** Query of `GET /connections`. */
export interface ConnectionQuery extends PageQuery {
  integrationKey?: string
  integrationId?: string
  connectorId?: string
  externalAppId?: string
  connected?: boolean
  disconnected?: boolean
  isTest?: boolean
  /** Admin callers: one customer's connections (engine id or internal id). */
  userId?: string
  search?: string
  includeArchived?: boolean
}

/** Result of `POST /connections/{c}/test`. */
export interface ConnectionTestResult {
  success: boolean
  /** What the app answered, when it failed. */
  message?: string
  status?: number
}

/** A request to the external app through a connection (path relative to the app's API base). */
export interface AppRequest {
  method?: string
  path: string
  query?: Record<string, string | number | boolean | Array<string | number | boolean>>
  headers?: Record<string, string>
  /** JSON value, string, or raw bytes. */
  body?: unknown
}

/** The app's answer, as received (body parsed when it is JSON). */
export interface AppResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Faults simulated on one connection (admin). */
export interface ConnectionFaults {
  /** The next `failNextCount` calls answer `failNextStatus` without reaching the app. */
  failNextCount: number
  failNextStatus?: 429 | 500
  /** Added before every call to the app, in ms. */
  latencyMs: number
}

/** Body of `POST /connections/{c}/faults`: any combination, applied in this order. */
export const ConnectionFaultsInput = Type.Object(
  {
    /** The app stops accepting the current access token now; the next call gets a real 401. */
    expireAccessToken: Type.Optional(Type.Boolean()),
    /** The app revokes the refresh token; the next refresh fails and the connection disconnects. */
    revokeRefreshToken: Type.Optional(Type.Boolean()),
    failNext: Type.Optional(
      Type.Object(
        { count: Type.Integer({ minimum: 0, maximum: 10_000 }), status: Enum([429, 500]) },
        { additionalProperties: false }
      )
    ),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 }))
  },
  { additionalProperties: false }
)
/** A fault simulation as parsed. */
export type ConnectionFaultsInput = Static<typeof ConnectionFaultsInput>

/** One record of a data collection. */
export interface DataRecordDto {
  id: string
  name?: string
  fields: Record<string, unknown>
  createdTime?: string
  updatedTime?: string
}

/** Body of `…/data/{collection}/list` and `…/search`. */
export const DataListRequest = Type.Object(
  {
    cursor: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    /** Equality filter on top-level fields. */
    filter: Type.Optional(
      Type.Record(Type.String(), Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'] }))
    ),
    /** Free text (search only). */
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 500 }))
  },
  { additionalProperties: false }
)
/** A list request as parsed. */
export type DataListRequest = Static<typeof DataListRequest>

/** A page of records; `cursor` is absent on the last page. */
export interface DataListResult {
  records: DataRecordDto[]
  cursor?: string
}

/** A collection as one connection sees it: the app's current field schema, custom fields included. */
export interface ConnectionDataCollectionDto {
  key: string
  name: string
  fieldsSchema: JsonSchema
}

/** Record events a subscription can ask for. */
export const RECORD_EVENT_TYPES = ['created', 'updated', 'deleted'] as const

/** Subscribing a URL to a collection's record events through a connection. */
export const RecordEventSubscriptionInput = Type.Object(
  {
    collection: Type.String({ minLength: 1 }),
    events: Type.Optional(Type.Array(Enum(RECORD_EVENT_TYPES), { minItems: 1, uniqueItems: true })),
    callbackUrl: Type.String({ minLength: 1 })
  },
  { additionalProperties: false }
)
/** A record event subscription as parsed. */
export type RecordEventSubscriptionInput = Static<typeof RecordEventSubscriptionInput>

/** A live subscription: the app posts signed events to `callbackUrl`. */
export interface RecordEventSubscription {
  id: string
  collection: string
  events: Array<'created' | 'updated' | 'deleted'>
  callbackUrl: string
  /** Verify `x-sandbox-signature: sha256=<hex HMAC of the body>` with this. */
  secret: string
}

/** The message a connect window posts to its opener and sends on the SSE channel. */
export type ConnectResultMessage =
  | { source: 'integration.app'; requestId: string; type: 'newConnectionCreated'; connection: ConnectionDto }
  | {
      source: 'integration.app'
      requestId: string
      type: 'newConnectionFailure'
      error: string
      errorData?: ErrorBody
      connectionId?: string
    }

/** A connection in a snapshot file; without secrets it is imported disconnected. */
export interface SnapshotConnection {
  ref: string
  customerRef: string
  integrationRef: string
  name: string
  key?: string
  authOptionKey: string
  status: ConnectionStatus
  error?: ErrorBody
  externalAccount?: { id: string; name: string }
  meta?: Record<string, unknown>
  accessTokenExpiresAt?: string
  archived?: boolean
  /** Only in passphrase snapshots. */
  input?: SnapshotSecret
  credentials?: SnapshotSecret
}
