import type { AppRequest, AppResponse } from '../../contract/connections'
import type { ErrorBody } from '../../contract/errors'
import { AppHttpClient, AppUnreachableError, type RawAppResponse } from '../apps/app-http.client'
import type { AuthOptionDefinition } from '../apps/connector'
import { OAuthGrantError } from '../apps/oauth2.client'
import type { EngineContext } from '../common/engine-context'
import { fromJsonColumn } from '../common/json-column'
import { EngineError, invalidData } from '../common/engine-error'
import type { IntegrationConfig } from '../integrations/integration.service'
import type { ConnectionAuth, Credentials } from './connection-auth'
import type { ConnectionRepository, ConnectionView } from './connection.repository'

/** Why credentials were renewed. */
export type RefreshTrigger = 'expiry' | 'unauthorized' | 'manual'

/** What the client reports back to the connection service (which owns status changes and events). */
export interface ConnectionClientHooks {
  /** The app no longer accepts the credentials and they cannot be renewed. */
  authLost(view: ConnectionView, error: ErrorBody): void
  /** The app or its token endpoint is failing (5xx, unreachable); credentials may still be good. */
  failing(view: ConnectionView, error: ErrorBody): void
  /** A call got through (clears a failing state, notes activity). */
  succeeded(view: ConnectionView): void
  refreshed(view: ConnectionView, trigger: RefreshTrigger): void
}

/** Options of {@link ConnectionClient}. */
export interface ConnectionClientOptions {
  /** Refresh this long before the access token expires (default 60 s). */
  refreshAheadMs?: number
  /** Per-request timeout towards the app (default 30 s). */
  timeoutMs?: number
}

const DROPPED_HEADERS = new Set([
  'authorization',
  'cookie',
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
  'membrane-api-version',
  'origin',
  'referer',
  'accept-encoding'
])

/** The auth option a connection was made with, from its integration. */
export function optionOf(config: IntegrationConfig, key: string): AuthOptionDefinition {
  const option = config.connector.authOptions(config.parameters).find((o) => o.key === key)
  if (!option) {
    throw new EngineError({
      type: 'configuration',
      message: `Integration "${config.row.key}" no longer offers the auth option "${key}" this connection uses; reconnect with one of its current options.`
    })
  }
  return option
}

/**
 * Sends requests to an app over real HTTP with a connection's credentials: applies the fault
 * simulation, refreshes ahead of expiry and once on a 401, and makes concurrent callers share
 * one refresh per connection.
 */
export class ConnectionClient {
  private readonly refreshing = new Map<string, Promise<Credentials>>()
  private readonly transport = new AppHttpClient()
  private readonly refreshAheadMs: number
  private readonly timeoutMs: number

  constructor(
    private readonly ctx: EngineContext,
    private readonly repo: ConnectionRepository,
    private readonly auth: ConnectionAuth,
    private readonly integration: (view: ConnectionView) => IntegrationConfig,
    private readonly hooks: ConnectionClientHooks,
    options: ConnectionClientOptions = {}
  ) {
    this.refreshAheadMs = options.refreshAheadMs ?? 60_000
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  /** Closes idle connections to apps. */
  close(): void {
    this.transport.close()
  }

  /** How long before expiry the client refreshes. */
  get refreshAhead(): number {
    return this.refreshAheadMs
  }

  /** One request through a stored connection. `raw` keeps the body as bytes (the proxy). */
  async send(view: ConnectionView, request: AppRequest, options: { raw?: boolean } = {}): Promise<AppResponse> {
    if (view.status === 'disconnected') throw defunct(view)
    const config = this.integration(view)
    const option = optionOf(config, view.auth_option_key)
    if (view.fault_latency_ms > 0) await new Promise((resolve) => setTimeout(resolve, view.fault_latency_ms))
    if (view.fault_fail_count > 0) {
      const status = this.repo.takeSimulatedFailure(view.id)
      if (status !== undefined) return simulatedFailure(status, options.raw)
    }
    let credentials = await this.fresh(view, option)
    let response = await this.http(config, option, credentials, request, options.raw)
    if (response.status === 401) {
      if (this.auth.canRefresh(option, credentials)) {
        credentials = await this.refreshOnce(view.id, 'unauthorized', String(credentials.access_token ?? ''))
        response = await this.http(config, option, credentials, request, options.raw)
      }
      if (response.status === 401) {
        const error = this.rejection(config, response)
        this.hooks.authLost(view, error)
        throw new EngineError(error)
      }
    }
    if (response.status < 500) this.hooks.succeeded(view)
    return response
  }

  /** One request with credentials that are not stored yet (testing them before a connection exists). */
  sendWith(
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    credentials: Credentials,
    request: AppRequest
  ): Promise<AppResponse> {
    return this.http(config, option, credentials, request, false)
  }

  /** Renews now (refresh-credentials); concurrent calls share the refresh. */
  refreshNow(view: ConnectionView): Promise<Credentials> {
    if (view.status === 'disconnected') throw defunct(view)
    return this.refreshOnce(view.id, 'manual')
  }

  /** Credentials to use now: refreshed first when they expire within the refresh-ahead window. */
  private async fresh(view: ConnectionView, option: AuthOptionDefinition): Promise<Credentials> {
    const credentials = this.unseal(view)
    if (!this.auth.canRefresh(option, credentials) || !this.expiringSoon(view)) return credentials
    try {
      return await this.refreshOnce(view.id, 'expiry')
    } catch (error) {
      // A failing token endpoint should not stop calls while the current token still works.
      const transient = error instanceof EngineError && error.type !== 'connection'
      if (transient && view.access_expires_at && Date.parse(view.access_expires_at) > this.ctx.clock.now()) {
        this.ctx.logger.warn('refresh ahead of expiry failed; using the current token', { connectionId: view.id })
        return credentials
      }
      throw error
    }
  }

  /**
   * Starts a refresh unless one is running (then joins it). Re-reads the row first, so a caller
   * that saw old credentials does not refresh again after another caller already did.
   */
  private refreshOnce(id: string, trigger: RefreshTrigger, rejectedAccessToken?: string): Promise<Credentials> {
    const running = this.refreshing.get(id)
    if (running) return running
    const view = this.repo.byId(id)
    if (!view)
      return Promise.reject(
        new EngineError({ type: 'bad_request', key: 'not_found', message: `Connection ${id} no longer exists.` })
      )
    if (view.status === 'disconnected') return Promise.reject(defunct(view))
    const current = this.unseal(view)
    if (trigger === 'expiry' && !this.expiringSoon(view)) return Promise.resolve(current)
    if (trigger === 'unauthorized' && current.access_token !== rejectedAccessToken) return Promise.resolve(current)
    const refresh = this.refresh(view, current, trigger).finally(() => this.refreshing.delete(id))
    this.refreshing.set(id, refresh)
    return refresh
  }

  private async refresh(view: ConnectionView, current: Credentials, trigger: RefreshTrigger): Promise<Credentials> {
    const config = this.integration(view)
    const option = optionOf(config, view.auth_option_key)
    const input = view.input_sealed ? this.ctx.secrets.openJson(view.input_sealed, `connection ${view.id} input`) : {}
    if (!this.auth.canRefresh(option, current)) {
      throw invalidData(`Connection ${view.id} uses "${option.title}", which has nothing to refresh.`, [
        { path: 'connection', message: 'not refreshable' }
      ])
    }
    let next: Credentials
    try {
      next = await this.auth.refresh(config, option, current, input)
    } catch (error) {
      if (error instanceof OAuthGrantError && error.status >= 400 && error.status < 500) {
        const body: ErrorBody = {
          type: 'connection',
          key: 'connection_is_defunct',
          message: `${config.connector.app.name} refused to renew the credentials of connection ${view.id} (${error.error}: ${error.description}). The connection is now disconnected; reconnect it (client.connection('${view.id}').reconnect()).`,
          data: { connectionId: view.id, oauthError: error.error }
        }
        this.hooks.authLost(view, body)
        throw new EngineError(body)
      }
      const body: ErrorBody =
        error instanceof EngineError
          ? { ...error.toBody(), type: 'dependency_error' }
          : {
              type: 'dependency_error',
              message: `Renewing the credentials of connection ${view.id} failed: ${(error as Error).message}`
            }
      this.hooks.failing(view, body)
      throw new EngineError(body, 502)
    }
    const now = this.ctx.nowIso()
    this.repo.update(view.id, {
      credentials_sealed: this.ctx.secrets.sealJson(next),
      access_expires_at: typeof next.expires_at === 'string' ? next.expires_at : null,
      credentials_refreshed_at: now,
      updated_at: now
    })
    this.hooks.refreshed(this.repo.byId(view.id) ?? view, trigger)
    return next
  }

  private expiringSoon(view: ConnectionView): boolean {
    return !!view.access_expires_at && Date.parse(view.access_expires_at) - this.ctx.clock.now() <= this.refreshAheadMs
  }

  private unseal(view: ConnectionView): Credentials {
    return view.credentials_sealed
      ? this.ctx.secrets.openJson(view.credentials_sealed, `connection ${view.id} credentials`)
      : {}
  }

  private rejection(config: IntegrationConfig, response: AppResponse): ErrorBody {
    let said: Record<string, unknown> | undefined
    try {
      const body = Buffer.isBuffer(response.body)
        ? (JSON.parse(response.body.toString('utf8')) as unknown)
        : response.body
      if (body && typeof body === 'object') said = body as Record<string, unknown>
    } catch {
      // not JSON: the status says enough
    }
    const detail = said
      ? `${String(said.error ?? '')}${said.message || said.error_description ? `: ${String(said.message ?? said.error_description)}` : ''}`
      : ''
    return {
      type: 'connection',
      key: 'connection_is_defunct',
      message: `${config.connector.app.name} rejected the connection's credentials (401${detail ? ` ${detail}` : ''}). The connection is now disconnected; reconnect it.`,
      data: {
        response: { status: 401, body: Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.body }
      }
    }
  }

  private async http(
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    credentials: Credentials,
    request: AppRequest,
    raw = false
  ): Promise<AppResponse> {
    const url = requestUrl(config.connector.baseUrl(config.parameters), request)
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'IntegrationWorkbench/1.0' }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const lower = name.toLowerCase()
      if (!DROPPED_HEADERS.has(lower) && typeof value === 'string') headers[lower] = value
    }
    this.auth.apply(option, credentials, url, headers)
    let body: string | Uint8Array | undefined
    const method = (request.method ?? 'GET').toUpperCase()
    if (request.body !== undefined && request.body !== null && method !== 'GET' && method !== 'HEAD') {
      if (request.body instanceof Uint8Array) body = request.body
      else if (typeof request.body === 'string') body = request.body
      else {
        body = JSON.stringify(request.body)
        headers['content-type'] ??= 'application/json'
      }
    }
    let response: RawAppResponse
    try {
      response = await this.transport.send(url, { method, headers, body, timeoutMs: this.timeoutMs })
    } catch (error) {
      const cause = error instanceof AppUnreachableError ? error.code : (error as Error).message
      throw new EngineError(
        {
          type: 'connection',
          message: `Could not reach ${config.connector.app.name} at ${url.origin} (${cause}). Is the app running at the integration's base URL?`,
          data: { url: url.origin + url.pathname }
        },
        502
      )
    }
    this.ctx.logger.debug('app request', {
      integration: config.row.key,
      method,
      path: url.pathname,
      status: response.status
    })
    return {
      status: response.status,
      headers: response.headers,
      body: raw ? response.body : parseBody(response.body, response.headers['content-type'])
    }
  }
}

/** The app's base URL joined with a request path; 400 when the path leaves the base. */
export function requestUrl(base: string, request: AppRequest): URL {
  if (typeof request.path !== 'string')
    throw invalidData('path is required: the path of the request, relative to the app API.', [
      { path: 'path', message: 'path is required' }
    ])
  if (/^[a-z][a-z0-9+.-]*:/i.test(request.path) || request.path.startsWith('//')) {
    throw invalidData(`path must be relative to the app's API (e.g. /contacts), got "${request.path}".`, [
      { path: 'path', message: 'absolute URLs are not allowed' }
    ])
  }
  const baseUrl = new URL(base)
  const basePath = baseUrl.pathname.replace(/\/+$/, '')
  const [pathPart, queryPart] = request.path.split('?', 2)
  const url = new URL(baseUrl.origin + basePath + (pathPart.startsWith('/') ? pathPart : `/${pathPart}`))
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    throw invalidData(`path "${request.path}" leaves the app's API base ${basePath || '/'}.`, [
      { path: 'path', message: 'path escapes the API base' }
    ])
  }
  if (queryPart) for (const [k, v] of new URLSearchParams(queryPart)) url.searchParams.append(k, v)
  for (const [k, v] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v])
      if (item !== undefined && item !== null) url.searchParams.append(k, String(item))
  }
  return url
}

function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  if (!bytes.length) return undefined
  const type = (contentType ?? '').toLowerCase()
  if (type.includes('json')) {
    try {
      return JSON.parse(bytes.toString('utf8'))
    } catch {
      return bytes.toString('utf8')
    }
  }
  if (type.startsWith('text/') || type.includes('xml') || type.includes('x-www-form-urlencoded'))
    return bytes.toString('utf8')
  return bytes
}

function simulatedFailure(status: number, raw = false): AppResponse {
  const body =
    status === 429
      ? { error: 'rate_limited', message: 'Simulated rate limit: fault simulation is on for this connection.' }
      : {
          error: 'internal_error',
          message: `Simulated server error (${status}): fault simulation is on for this connection.`
        }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-workbench-simulated-fault': String(status)
  }
  if (status === 429) headers['retry-after'] = '1'
  return { status, headers, body: raw ? Buffer.from(JSON.stringify(body)) : body }
}

/** The error for a call through a disconnected connection. */
export function defunct(view: ConnectionView): EngineError {
  const reason = view.error ? fromJsonColumn(view.error).message : 'its credentials stopped working'
  return new EngineError({
    type: 'connection',
    key: 'connection_is_defunct',
    message: `Connection ${view.id} to ${view.integration_name} is disconnected (${reason}). Reconnect it before making calls: client.connection('${view.id}').reconnect().`,
    data: { connectionId: view.id }
  })
}
