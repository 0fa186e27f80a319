/** A JSON Schema object (inputs, parameters, record fields). */
export type JsonSchema = Record<string, unknown>

/**
 * Membrane's auth type of an option: `oauth2` sends the person to the app to approve; every
 * other option is `client-credentials` (values the person or your app types in).
 */
export type AuthOptionType = 'oauth2' | 'client-credentials'

/** How an auth option authenticates each request to the app. */
export type AuthMethod =
  | 'oauth2-authorization-code'
  | 'oauth2-client-credentials'
  | 'api-key-header'
  | 'api-key-query'
  | 'bearer'
  | 'basic'
  | 'none'

/** One way to connect to an app, as `POST /connection-options` lists it. */
export interface AuthOptionDto {
  key: string
  type: AuthOptionType
  title: string
  description?: string
  /** What the person (or `connect({input})`) provides; absent when nothing is asked. */
  inputSchema?: JsonSchema
  /** This engine's name for how requests are authenticated. */
  method: AuthMethod
}

/** Which record operations a data collection supports. */
export interface DataCollectionOperations {
  list: boolean
  findById: boolean
  create: boolean
  update: boolean
  delete: boolean
  search: boolean
  /** Record events the app can send to a subscribed URL. */
  events: Array<'created' | 'updated' | 'deleted'>
}

/** A kind of record the app keeps (contacts, tickets ...), with its fields. */
export interface DataCollectionDto {
  key: string
  name: string
  /** Standard fields; a connection may add custom ones (`GET /connections/{c}/data/{key}`). */
  fieldsSchema: JsonSchema
  operations: DataCollectionOperations
}

/** The connector spec of an app: auth options, parameters and data collections. */
export interface ConnectorSpecDto {
  key: string
  name: string
  appKey: string
  /**
   * Auth options by key. `type` is set at the top only for an app whose single option is
   * `oauth2`: the IA SDK's `connect()` reads it and would use a hidden iframe (no form) for
   * `client-credentials`, so form-based apps leave it out and get a popup with a form.
   */
  auth: { type?: AuthOptionType; title?: string; options: Record<string, Omit<AuthOptionDto, 'key'>> }
  /** Integration parameters the admin sets (base URL, OAuth client ...). */
  parametersSchema?: JsonSchema
  data: Record<string, Omit<DataCollectionDto, 'key'>>
}

/** An external app in the catalogue (`GET /external-apps`). */
export interface AppDto {
  id: string
  key: string
  uuid: string
  name: string
  logoUri: string
  appUri: string
  apiDocsUri: string
  categories: string[]
  defaultConnectorId: string
  popularity: number
  isReadOnly: boolean
  isPublic: boolean
  hasFreeTestAccount: boolean
  /** True when the app is served offline by this engine. */
  isSandbox: boolean
  /** Only for a customer caller: whether it has a live connection to this app. */
  isConnected?: boolean
}

/** Query of `GET /external-apps`. */
export interface AppQuery {
  search?: string
  category?: string
  isConnected?: boolean
  limit?: number
  cursor?: string
}
