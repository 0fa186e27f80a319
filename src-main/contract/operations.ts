import type { JsonSchema } from './apps'

/** One operation of an app's API, as `GET /integrations/{i}/operations` lists it. */
export interface OperationListItemDto {
  key: string
  name: string
  description?: string
  tags?: string[]
  /** True when running it changes nothing in the app. */
  isReadOnly?: boolean
}

/** One operation with what it takes and gives (`GET .../operations/{key}`). */
export interface OperationSpecDto extends OperationListItemDto {
  inputSchema: JsonSchema
  outputSchema?: JsonSchema
  /** The request it sends, for people reading the catalogue (`GET /contacts/{id}`). */
  request: { method: string; path: string }
}

/** The answer of `POST /connections/{c}/operations/{key}/run`. */
export interface OperationRunResultDto {
  output: unknown
}

/** The app's answer to `POST /connections/{c}/execute-request`, passed on with how long it took. */
export interface ExecuteRequestResultDto {
  status: number
  headers: Record<string, string>
  /** Parsed when the app answered JSON, text otherwise. */
  data: unknown
  durationMs: number
}

/** One request sent through a connection from the console or `execute-request`, kept for the history. */
export interface ConnectionRequestRecordDto {
  id: string
  at: string
  method: string
  path: string
  query: Record<string, string>
  /** Header names the caller set (values of secret-looking ones are not kept). */
  headers: Record<string, string>
  body?: unknown
  status?: number
  durationMs: number
  /** Why no answer came (the engine refused or the app could not be reached). */
  error?: string
  response?: { headers: Record<string, string>; data: unknown }
}

/** A connection request (`POST /connection-requests`): a link a person opens to connect the customer's app. */
export interface ConnectionRequestDto {
  requestId: string
  tenantId: string
  integrationId?: string
  integrationKey?: string
  connectorId?: string
  connectionId?: string
  name?: string
  allowMultipleConnections?: boolean
  connectorParameters?: Record<string, unknown>
  redirectUri?: string
  prompt?: string
  status: 'pending' | 'success' | 'cancelled' | 'error'
  resultConnectionId?: string
  resultError?: { type: string; key?: string; message: string; data?: unknown }
  createdAt: string
  /** `{apiUri}/screens/connections?connectionRequestId=…`: the page to open. */
  url: string
}
