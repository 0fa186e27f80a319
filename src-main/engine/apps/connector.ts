import type { AppDto, AuthOptionDto, DataCollectionDto, JsonSchema } from '../../contract/apps'
import type {
  AppRequest,
  AppResponse,
  DataListRequest,
  DataListResult,
  DataRecordDto
} from '../../contract/connections'

/** An auth option plus where its key goes (header / query parameter). */
export interface AuthOptionDefinition extends AuthOptionDto {
  apiKeyHeader?: string
  apiKeyQueryParam?: string
  /** Token endpoint of the OAuth 2.0 client-credentials grant. */
  tokenUrl?: string
  scope?: string
}

/** Where an OAuth 2.0 authorization-code app lives and who the client is. */
export interface OAuthEndpoints {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl?: string
  clientId: string
  clientSecret: string
  scope?: string
}

/** One operation of an app's REST API: what it takes, and the request it becomes. */
export interface OperationDefinition {
  key: string
  name: string
  description?: string
  tags?: string[]
  isReadOnly?: boolean
  inputSchema: JsonSchema
  outputSchema?: JsonSchema
  /** Method and path template, as the catalogue shows it. */
  method: string
  path: string
  /** The request for an input that passed `inputSchema`. */
  request(input: Record<string, unknown>): AppRequest
}

/** Sends one request through a connection (real HTTP, the connection's credentials). */
export type SendThroughConnection = (request: AppRequest) => Promise<AppResponse>

/** Record operations of an app, expressed as requests to its API. */
export interface DataApi {
  list(send: SendThroughConnection, collection: string, request: DataListRequest): Promise<DataListResult>
  search(send: SendThroughConnection, collection: string, request: DataListRequest): Promise<DataListResult>
  findById(send: SendThroughConnection, collection: string, id: string): Promise<DataRecordDto>
  create(send: SendThroughConnection, collection: string, fields: Record<string, unknown>): Promise<DataRecordDto>
  update(
    send: SendThroughConnection,
    collection: string,
    id: string,
    fields: Record<string, unknown>
  ): Promise<DataRecordDto>
  delete(send: SendThroughConnection, collection: string, id: string): Promise<void>
  /** The collection's field schema as this connection's account has it (custom fields included). */
  schema(send: SendThroughConnection, collection: string): Promise<JsonSchema>
  subscribe(
    send: SendThroughConnection,
    input: { collection: string; events: string[]; callbackUrl: string }
  ): Promise<{ id: string; secret: string }>
  unsubscribe(send: SendThroughConnection, id: string): Promise<void>
  /** The record-event webhooks the account has (to find ones left by an imported snapshot). */
  subscriptions?(send: SendThroughConnection): Promise<Array<{ id: string; url: string; collection: string }>>
}

/**
 * What the engine knows about one kind of app: its catalogue entry, the parameters an
 * integration sets, the ways to authenticate, where its API is, and its data collections.
 */
export interface Connector {
  /** Connector id, also the app id (`sandbox-crm`, `sandbox-helpdesk`, `http`). */
  readonly key: string
  readonly app: Omit<AppDto, 'isConnected'>
  readonly parametersSchema?: JsonSchema
  /** Parameter names shown as `********` and never logged. */
  readonly secretParameters: string[]
  readonly collections: DataCollectionDto[]
  /** Universal data models the app's collections answer to: UDM key → collection key (data sources with `udm`). */
  readonly udm?: Readonly<Record<string, string>>
  readonly dataApi?: DataApi
  /** The app's REST operations (`connection(c).operation(key).run()`). */
  readonly operations?: OperationDefinition[]
  /** Checks and completes integration parameters (may register an OAuth client). */
  prepareParameters(
    input: Record<string, unknown> | undefined,
    integration: { key: string; name: string }
  ): Record<string, unknown>
  /** Required parameters that are not set. */
  missingParameters(parameters: Record<string, unknown>): string[]
  authOptions(parameters: Record<string, unknown>): AuthOptionDefinition[]
  /** Base URL of the app's API; request paths are relative to it. */
  baseUrl(parameters: Record<string, unknown>): string
  /** OAuth 2.0 authorization-code endpoints (apps with that option). */
  oauth?(parameters: Record<string, unknown>): OAuthEndpoints
  /** The request that tells whether credentials work. */
  testRequest(parameters: Record<string, unknown>): AppRequest
  /** The external account a successful test answer names. */
  accountOf?(body: unknown): { id: string; name: string } | undefined
  /** Fault simulation: make the app treat an access token as expired now. */
  expireAccessToken?(accessToken: string): boolean
}
