import { FLOW_NODE_TYPES } from '../../../contract/flow-node-types'
import { compileMapping, type Evaluator } from '../../expressions/formula.compiler'
import { excerpt, HttpRequestError, sendHttpRequest, type HttpResponse } from '../../requests/http.requester'
import type { RunLogEntry } from '../../../contract/flow-runs'
import type { FlowNodeHandler, NodeServices, RunCustomer } from './node-handler'

/** A compiled request: one evaluator per part. */
export interface PreparedRequest {
  uri: Evaluator
  method: string
  headers?: Evaluator
  query?: Evaluator
  body?: Evaluator
  timeoutMs: number
  failOnErrorStatus: boolean
}

/** Compiles `config.request` (shared with the HTTP action types). */
export function prepareRequest(config: Record<string, unknown>, path: string): PreparedRequest {
  const request = (config.request ?? {}) as Record<string, unknown>
  const at = `${path}.request`
  return {
    uri: compileMapping(request.uri, `${at}.uri`),
    method: String(request.method ?? 'GET').toUpperCase(),
    headers: request.headers === undefined ? undefined : compileMapping(request.headers, `${at}.headers`),
    query: request.query === undefined ? undefined : compileMapping(request.query, `${at}.query`),
    body: request.body === undefined ? undefined : compileMapping(request.body, `${at}.body`),
    timeoutMs: typeof config.timeoutMs === 'number' ? config.timeoutMs : 30_000,
    failOnErrorStatus: config.failOnErrorStatus !== false
  }
}

/** Evaluates the request parts against a scope. */
export async function evaluateRequest(
  prepared: PreparedRequest,
  scope: object
): Promise<{ uri: string; headers?: unknown; query?: unknown; body?: unknown }> {
  const uri = await prepared.uri(scope)
  if (typeof uri !== 'string' || !uri)
    throw new HttpRequestError(`request.uri must give a non-empty string, got ${JSON.stringify(uri) ?? 'undefined'}.`)
  return {
    uri,
    headers: prepared.headers && (await prepared.headers(scope)),
    query: prepared.query && (await prepared.query(scope)),
    body: prepared.body && (await prepared.body(scope))
  }
}

/** Fails with the status and a body excerpt when the answer is not 2xx. */
export function assertSuccess(response: HttpResponse, method: string, uri: string): void {
  if (response.status >= 200 && response.status < 300) return
  throw new HttpRequestError(
    `${method} ${uri} answered ${response.status} ${response.statusText}: ${excerpt(response.data)}`,
    response.status,
    response
  )
}

/** What a request step needs from its run; flow nodes and actions both provide it. */
export interface RequestRun {
  readonly scope: object
  readonly customer: RunCustomer
  readonly signal: AbortSignal
  readonly services: Pick<NodeServices, 'requestYourApp'>
  log(level: RunLogEntry['level'], message: string, data?: unknown): void
}

/** Sends a prepared request to its URL: `{status, headers, data}`; a non-2xx answer fails unless `failOnErrorStatus` is off. */
export async function runHttpRequest(
  prepared: PreparedRequest,
  run: RequestRun
): Promise<{ status: number; headers: HttpResponse['headers']; data: unknown }> {
  const request = await evaluateRequest(prepared, run.scope)
  const response = await sendHttpRequest(
    {
      method: prepared.method,
      url: request.uri,
      headers: request.headers,
      query: request.query,
      body: request.body,
      timeoutMs: prepared.timeoutMs,
      signal: run.signal
    },
    (level, message, data) => run.log(level, message, data)
  )
  if (prepared.failOnErrorStatus) assertSuccess(response, prepared.method, request.uri)
  return { status: response.status, headers: response.headers, data: response.data }
}

/** Calls your app's API, signed for the customer: the response body; a non-2xx answer fails. */
export async function runYourAppRequest(prepared: PreparedRequest, run: RequestRun): Promise<unknown> {
  const request = await evaluateRequest(prepared, run.scope)
  const response = await run.services.requestYourApp(
    run.customer,
    {
      method: prepared.method,
      uri: request.uri,
      headers: request.headers,
      query: request.query,
      body: request.body,
      timeoutMs: prepared.timeoutMs,
      signal: run.signal
    },
    (level, message, data) => run.log(level, message, data)
  )
  assertSuccess(response, prepared.method, request.uri)
  return response.data
}

/** `custom-http-request`: any http(s) URL; output `{status, headers, data}`. */
export const customHttpRequestNode: FlowNodeHandler<PreparedRequest> = {
  spec: FLOW_NODE_TYPES['custom-http-request'],
  prepare: prepareRequest,
  run: async (prepared, execution) => ({ output: await runHttpRequest(prepared, execution) })
}

/** `api-request-to-your-app`: your app's API, signed for the customer; output is the response body. */
export const apiRequestToYourAppNode: FlowNodeHandler<PreparedRequest> = {
  spec: FLOW_NODE_TYPES['api-request-to-your-app'],
  prepare: prepareRequest,
  run: async (prepared, execution) => ({ output: await runYourAppRequest(prepared, execution) })
}
