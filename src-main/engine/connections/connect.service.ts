import { randomBytes } from 'node:crypto'
import type { AuthOptionDto, JsonSchema } from '../../contract/apps'
import type { ConnectResultMessage } from '../../contract/connections'
import type { ErrorBody, ErrorDetail } from '../../contract/errors'
import { toAuthOptionDto } from '../apps/app.catalog'
import type { AuthOptionDefinition } from '../apps/connector'
import { createPkcePair, OAuthGrantError, type OAuth2Client } from '../apps/oauth2.client'
import type { Actor } from '../auth/actor'
import type { Authenticator } from '../auth/authenticator'
import type { EngineContext } from '../common/engine-context'
import { fromBool, fromJsonColumn, toJsonColumn } from '../common/json-column'
import { EngineError, invalidData } from '../common/engine-error'
import { sha256Hex } from '../common/hash'
import { newId } from '../common/ids'
import type { CustomerService } from '../customers/customer.service'
import type { IntegrationConfig, IntegrationService } from '../integrations/integration.service'
import { tokenCredentials } from './connection-auth'
import type { ConnectionView } from './connection.view'
import type { ConnectionService } from './connection.service'
import { ConnectRequestRepository, type ConnectRequestRow } from './connect-request.repository'

/** What the SDK posts to `/connect` (M) or `/connection-popup` (IA) as the `payload` field. */
export interface ConnectPayload {
  token?: string
  integrationKey?: string
  integrationId?: string
  connectorId?: string
  connectionId?: string
  authOptionKey?: string
  input?: Record<string, unknown>
  /** IA's name for `input`. */
  connectionParameters?: Record<string, unknown>
  name?: string
  requestId?: string
  redirectUri?: string
  allowMultipleConnections?: boolean
}

/** The integration a connect page is about. */
export interface ConnectPageIntegration {
  key: string
  name: string
  logoUri: string
}

/** The form asking for an auth option's input. */
export interface ConnectFormView {
  state: string
  integration: ConnectPageIntegration
  customerName: string
  option: AuthOptionDto
  /** Values to show again (secret fields are never echoed). */
  values: Record<string, unknown>
  errors: ErrorDetail[]
  message?: string
  reconnecting: boolean
}

/** The choice between several auth options. */
export interface ConnectChooseView {
  state: string
  integration: ConnectPageIntegration
  customerName: string
  options: AuthOptionDto[]
}

/** The end of a connect run: what to post to the opener, and where to go. */
export interface ConnectResult {
  message: ConnectResultMessage
  /** postMessage target origin (`*` when the opener is unknown). */
  targetOrigin: string
  /** SDK `redirectUri` to send the browser to (same-window mode). */
  redirectUri?: string
  integrationName?: string
}

/** What the connect page shows next. */
export type ConnectStep =
  | { kind: 'redirect'; url: string }
  | { kind: 'form'; view: ConnectFormView }
  | { kind: 'choose'; view: ConnectChooseView }
  | { kind: 'done'; result: ConnectResult }

const REQUEST_TTL_MS = 15 * 60 * 1000
const KEEP_REQUESTS_MS = 24 * 3600 * 1000

/**
 * The SDK's connect flow: `POST /connection-options`, the `/connect` page (OAuth redirect to
 * the app's consent page with state and PKCE, or a form generated from the input schema), the
 * OAuth callback, and the result for `postMessage` and `/sse/connection-events/{requestId}`.
 * A state is single-use: a forged or replayed one is refused and nothing is created.
 */
export class ConnectService {
  private readonly repo: ConnectRequestRepository
  private readonly listeners = new Map<string, Set<(message: ConnectResultMessage, customerId?: string) => void>>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly authenticator: Authenticator,
    private readonly customers: CustomerService,
    private readonly integrations: IntegrationService,
    private readonly connections: ConnectionService,
    private readonly oauth: OAuth2Client,
    private readonly apiUrl: () => string
  ) {
    this.repo = new ConnectRequestRepository(ctx.db)
  }

  /** `POST /connection-options`: the ways to connect to an integration (or to reconnect a connection). */
  options(actor: Actor, body: unknown): AuthOptionDto[] {
    const b = (body ?? {}) as Record<string, unknown>
    const config = this.configFor(actor, b)
    return config.connector.authOptions(config.parameters).map(toAuthOptionDto)
  }

  /** The first page of a connect run. Never throws: failures become a result to post back. */
  async start(payload: ConnectPayload, openerOrigin: string | undefined): Promise<ConnectStep> {
    const requestId =
      typeof payload.requestId === 'string' && payload.requestId
        ? payload.requestId.slice(0, 200)
        : newId(this.ctx.clock.now())
    const targetOrigin = openerOrigin ?? '*'
    try {
      if (typeof payload.token !== 'string' || !payload.token) {
        throw new EngineError({
          type: 'bad_request',
          key: 'not_authenticated',
          message: 'The connect request carries no token: the SDK sends the client token in the payload.'
        })
      }
      const actor = await this.authenticator.fromToken(payload.token)
      if (!actor.customer)
        throw new EngineError({
          type: 'bad_request',
          key: 'access_denied',
          message: 'Connecting needs a customer token (claim "id"); this admin token names no customer.'
        })
      let reconnect: ConnectionView | undefined
      let config: IntegrationConfig
      if (payload.connectionId) {
        reconnect = this.connections.resolve(actor, payload.connectionId)
        config = this.integrationOf(reconnect)
      } else config = this.configFor(actor, payload as Record<string, unknown>)
      const options = config.connector.authOptions(config.parameters)
      const chosen = payload.authOptionKey ?? reconnect?.auth_option_key
      this.connections.assertConnectable(config)
      const option =
        chosen !== undefined || options.length === 1 ? this.connections.pickOption(config, chosen) : undefined
      if (!reconnect && !payload.allowMultipleConnections)
        reconnect = this.connections.latestFor(actor.customer.id, config.row.id)
      const state = randomBytes(32).toString('base64url')
      const now = this.ctx.clock.now()
      this.repo.deleteOlderThan(new Date(now - KEEP_REQUESTS_MS).toISOString())
      const row: ConnectRequestRow = {
        id: newId(now),
        request_id: requestId,
        customer_id: actor.customer.id,
        integration_id: config.row.id,
        connection_id: reconnect?.id ?? null,
        auth_option_key: option?.key ?? null,
        name: typeof payload.name === 'string' && payload.name ? payload.name.slice(0, 200) : null,
        allow_multiple: fromBool(!!payload.allowMultipleConnections),
        state_hash: sha256Hex(state),
        secret_sealed: null,
        opener_origin: openerOrigin ?? null,
        redirect_uri:
          typeof payload.redirectUri === 'string' && /^https?:\/\//.test(payload.redirectUri)
            ? payload.redirectUri
            : null,
        headless: fromBool(payload.authOptionKey !== undefined && option?.type === 'client-credentials'),
        status: 'pending',
        result_connection_id: null,
        result_error: null,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + REQUEST_TTL_MS).toISOString(),
        completed_at: null
      }
      this.repo.insert(row)
      if (!option)
        return {
          kind: 'choose',
          view: {
            state,
            integration: pageIntegration(config),
            customerName: this.customerName(row),
            options: options.map(toAuthOptionDto)
          }
        }
      return this.proceed(row, state, config, option, payload.input ?? payload.connectionParameters)
    } catch (error) {
      return { kind: 'done', result: this.failure(requestId, targetOrigin, error) }
    }
  }

  /** The person picked an auth option on the chooser. */
  async choose(state: string, optionKey: string): Promise<ConnectStep> {
    return this.continueWith(state, async (row, config) => {
      const option = this.connections.pickOption(config, optionKey)
      this.repo.update(row.id, { auth_option_key: option.key })
      return this.proceed({ ...row, auth_option_key: option.key }, state, config, option, undefined)
    })
  }

  /** The person submitted the form (values as the browser sends them: strings). */
  async submit(state: string, fields: Record<string, string | string[] | undefined>): Promise<ConnectStep> {
    return this.continueWith(state, async (row, config) => {
      if (!row.auth_option_key)
        throw invalidData('Choose a way to connect first.', [{ path: 'authOptionKey', message: 'no option chosen' }])
      const option = this.connections.pickOption(config, row.auth_option_key)
      return this.proceed(row, state, config, option, coerceForm(option.inputSchema, fields))
    })
  }

  /** `GET /oauth-callback?code&state`: exchanges the code, checks the tokens, stores the connection. */
  async callback(query: Record<string, string | undefined>): Promise<ConnectStep> {
    const state = query.state
    const row = state ? this.repo.byStateHash(sha256Hex(state)) : undefined
    if (!state || !row) {
      return {
        kind: 'done',
        result: this.failure(
          '',
          '*',
          new EngineError({
            type: 'bad_request',
            key: 'access_denied',
            message:
              'This authorization response has an unknown state: it was not started by this engine (forged, or from another run). Nothing was connected; start again from your app.'
          })
        )
      }
    }
    const origin = row.opener_origin ?? '*'
    if (row.status !== 'pending') {
      return {
        kind: 'done',
        result: this.failure(
          row.request_id,
          origin,
          new EngineError({
            type: 'bad_request',
            key: 'access_denied',
            message:
              'This authorization response was already used (its state is single-use). Nothing more was connected; start again from your app if you need another connection.'
          })
        )
      }
    }
    if (Date.parse(row.expires_at) <= this.ctx.clock.now() || !this.repo.claim(row.id, 'exchanging')) {
      return this.finish(
        row,
        this.failureOf(
          new EngineError({
            type: 'bad_request',
            key: 'access_denied',
            message: 'This authorization took too long or was already used. Start again from your app.'
          })
        )
      )
    }
    try {
      const config = this.integrationFor(row)
      const option = this.connections.pickOption(config, row.auth_option_key ?? undefined)
      if (query.error) {
        const denied = query.error === 'access_denied'
        throw new EngineError({
          type: 'connection',
          key: 'access_denied',
          message: denied
            ? `Access was not granted on the ${config.connector.app.name} consent page; nothing was connected.`
            : `${config.connector.app.name} answered the authorization with ${query.error}: ${query.error_description ?? 'no description'}.`
        })
      }
      if (!query.code)
        throw invalidData('The authorization response has no code.', [{ path: 'code', message: 'code is required' }])
      const endpoints = config.connector.oauth!(config.parameters)
      const verifier = row.secret_sealed ? this.ctx.secrets.decrypt(row.secret_sealed) : undefined
      let credentials
      try {
        credentials = tokenCredentials(
          await this.oauth.exchangeCode(endpoints.tokenUrl, endpoints, {
            code: query.code,
            redirectUri: this.redirectUri(),
            codeVerifier: verifier
          })
        )
      } catch (error) {
        if (error instanceof OAuthGrantError) {
          throw new EngineError({
            type: 'connection',
            key: 'access_denied',
            message: `${config.connector.app.name} refused the authorization code (${error.error}: ${error.description}). Nothing was connected; try again.`
          })
        }
        throw error
      }
      const account = await this.connections.verify(config, option, credentials)
      const connection = this.connections.establish({
        customerId: row.customer_id,
        config,
        option,
        input: {},
        credentials,
        account,
        name: row.name ?? undefined,
        reconnect: this.reconnectTarget(row),
        source: 'api'
      })
      return this.finish(row, { ok: true, connectionId: connection.id })
    } catch (error) {
      return this.finish(row, this.failureOf(error))
    }
  }

  /** The result of a finished run, for an SSE subscriber that arrives late. */
  resultFor(requestId: string): { message: ConnectResultMessage; customerId: string } | undefined {
    const row = this.repo.latestByRequestId(requestId)
    if (!row || (row.status !== 'success' && row.status !== 'error')) return undefined
    return { message: this.messageOf(row), customerId: row.customer_id }
  }

  /** Calls `listener` when the run with this requestId ends (with its customer, when known); returns the unsubscribe function. */
  onResult(requestId: string, listener: (message: ConnectResultMessage, customerId?: string) => void): () => void {
    let set = this.listeners.get(requestId)
    if (!set) this.listeners.set(requestId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (!set.size) this.listeners.delete(requestId)
    }
  }

  /** The customer a requestId belongs to (for the SSE channel's token check). */
  customerOf(requestId: string): string | undefined {
    return this.repo.latestByRequestId(requestId)?.customer_id
  }

  private async proceed(
    row: ConnectRequestRow,
    state: string,
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    given: Record<string, unknown> | undefined
  ): Promise<ConnectStep> {
    if (option.type === 'oauth2') {
      const endpoints = config.connector.oauth!(config.parameters)
      const pkce = createPkcePair()
      this.repo.update(row.id, { secret_sealed: this.ctx.secrets.encrypt(pkce.verifier) })
      return {
        kind: 'redirect',
        url: this.oauth.authorizeUrl(endpoints.authorizeUrl, {
          clientId: endpoints.clientId,
          redirectUri: this.redirectUri(),
          state,
          scope: endpoints.scope,
          codeChallenge: pkce.challenge,
          loginHint: this.customerName(row)
        })
      }
    }
    const properties = (option.inputSchema?.properties as Record<string, unknown> | undefined) ?? {}
    const needsNothing = Object.keys(properties).length === 0
    const provided = given !== undefined && Object.keys(given).length > 0
    if (!provided && !needsNothing && !row.headless) return this.form(row, state, config, option, {}, [])
    try {
      const values = this.connections.parseInput(option, given ?? {})
      const credentials = await this.connections.verifyInput(config, option, values)
      const connection = this.connections.establish({
        customerId: row.customer_id,
        config,
        option,
        input: values,
        credentials: credentials.credentials,
        account: credentials.account,
        name: row.name ?? undefined,
        reconnect: this.reconnectTarget(row),
        source: 'api'
      })
      return this.finish(row, { ok: true, connectionId: connection.id })
    } catch (error) {
      const fixable = error instanceof EngineError && (error.key === 'invalid_data' || error.key === 'access_denied')
      if (fixable && !row.headless) {
        const details = (error.data?.errors as ErrorDetail[] | undefined) ?? []
        return this.form(row, state, config, option, given ?? {}, details, formMessage(config, error, details))
      }
      return this.finish(row, this.failureOf(error))
    }
  }

  private form(
    row: ConnectRequestRow,
    state: string,
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    values: Record<string, unknown>,
    errors: ErrorDetail[],
    message?: string
  ): ConnectStep {
    const properties = (option.inputSchema?.properties as Record<string, JsonSchema> | undefined) ?? {}
    const shown = Object.fromEntries(Object.entries(values).filter(([k]) => properties[k] && !properties[k].writeOnly))
    return {
      kind: 'form',
      view: {
        state,
        integration: pageIntegration(config),
        customerName: this.customerName(row),
        option: toAuthOptionDto(option),
        values: shown,
        errors,
        message,
        reconnecting: !!row.connection_id
      }
    }
  }

  private async continueWith(
    state: string,
    next: (row: ConnectRequestRow, config: IntegrationConfig) => Promise<ConnectStep>
  ): Promise<ConnectStep> {
    const row = state ? this.repo.byStateHash(sha256Hex(state)) : undefined
    if (!row)
      return {
        kind: 'done',
        result: this.failure(
          '',
          '*',
          new EngineError({
            type: 'bad_request',
            key: 'access_denied',
            message: 'This connect form is not one this engine issued (unknown token). Start again from your app.'
          })
        )
      }
    if (row.status !== 'pending') {
      return {
        kind: 'done',
        result: this.failure(
          row.request_id,
          row.opener_origin ?? '*',
          new EngineError({
            type: 'bad_request',
            key: 'access_denied',
            message: 'This connect form was already used. Start again from your app if you need another connection.'
          })
        )
      }
    }
    if (Date.parse(row.expires_at) <= this.ctx.clock.now())
      return this.finish(
        row,
        this.failureOf(
          new EngineError({
            type: 'bad_request',
            key: 'access_denied',
            message: 'This connect form expired. Start again from your app.'
          })
        )
      )
    try {
      return await next(row, this.integrationFor(row))
    } catch (error) {
      return this.finish(row, this.failureOf(error))
    }
  }

  private finish(
    row: ConnectRequestRow,
    outcome: { ok: true; connectionId: string } | { ok: false; error: ErrorBody }
  ): ConnectStep {
    const now = this.ctx.nowIso()
    this.repo.update(row.id, {
      status: outcome.ok ? 'success' : 'error',
      result_connection_id: outcome.ok ? outcome.connectionId : null,
      result_error: outcome.ok ? null : toJsonColumn(outcome.error),
      completed_at: now
    })
    const done = this.repo.byStateHash(row.state_hash)!
    const message = this.messageOf(done)
    this.ctx.events.emit('connection.requestCompleted', {
      requestId: row.request_id,
      customerId: row.customer_id,
      message
    })
    for (const listener of [...(this.listeners.get(row.request_id) ?? [])]) listener(message, row.customer_id)
    return {
      kind: 'done',
      result: {
        message,
        targetOrigin: row.opener_origin ?? '*',
        redirectUri: row.redirect_uri ?? undefined,
        integrationName: this.integrations.configById(row.integration_id)?.row.name
      }
    }
  }

  private messageOf(row: ConnectRequestRow): ConnectResultMessage {
    if (row.status === 'success' && row.result_connection_id) {
      const view = this.connections.byId(row.result_connection_id)
      if (view)
        return {
          source: 'integration.app',
          requestId: row.request_id,
          type: 'newConnectionCreated',
          connection: this.connections.dto(view)
        }
    }
    const error = row.result_error
      ? fromJsonColumn(row.result_error)
      : { type: 'internal' as const, message: 'The connection could not be made.' }
    return {
      source: 'integration.app',
      requestId: row.request_id,
      type: 'newConnectionFailure',
      error: error.message,
      errorData: error,
      ...(row.connection_id ? { connectionId: row.connection_id } : {})
    }
  }

  private failure(requestId: string, targetOrigin: string, error: unknown): ConnectResult {
    const body = this.failureOf(error).error
    const message: ConnectResultMessage = {
      source: 'integration.app',
      requestId,
      type: 'newConnectionFailure',
      error: body.message,
      errorData: body
    }
    if (requestId) for (const listener of [...(this.listeners.get(requestId) ?? [])]) listener(message)
    return { message, targetOrigin }
  }

  private failureOf(error: unknown): { ok: false; error: ErrorBody } {
    if (error instanceof EngineError) return { ok: false, error: error.toBody() }
    this.ctx.logger.error('connect flow failed', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error)
    })
    return {
      ok: false,
      error: {
        type: 'internal',
        message: `The connection could not be made: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  }

  private reconnectTarget(row: ConnectRequestRow): ConnectionView | undefined {
    if (!row.connection_id) return undefined
    const view = this.connections.byId(row.connection_id)
    return view && !view.archived_at ? view : undefined
  }

  private configFor(actor: Actor, body: Record<string, unknown>): IntegrationConfig {
    if (typeof body.connectionId === 'string' && body.connectionId)
      return this.integrationOf(this.connections.resolve(actor, body.connectionId))
    const selector = [body.integrationId, body.integrationKey].find((v) => typeof v === 'string' && v) as
      string | undefined
    if (selector) return this.integrations.config(selector)
    if (typeof body.connectorId === 'string' && body.connectorId) {
      const found = this.integrations.list(actor, { limit: 1000 }).items.find((i) => i.connectorId === body.connectorId)
      if (found) return this.integrations.config(found.id)
      throw invalidData(`No integration uses connector "${body.connectorId}".`, [
        { path: 'connectorId', message: 'no integration for this connector' }
      ])
    }
    throw invalidData('Say what to connect to: integrationKey, integrationId or connectionId.', [
      { path: 'integrationKey', message: 'integrationKey is required' }
    ])
  }

  private integrationFor(row: ConnectRequestRow): IntegrationConfig {
    return this.integrations.config(row.integration_id)
  }

  private integrationOf(view: ConnectionView): IntegrationConfig {
    const config = this.integrations.configById(view.integration_id)
    if (!config || config.row.archived_at)
      throw invalidData(`The integration of connection ${view.id} is archived; it cannot be reconnected.`, [
        { path: 'connectionId', message: 'integration archived' }
      ])
    return config
  }

  private customerName(row: ConnectRequestRow): string {
    try {
      return this.customers.get(row.customer_id).name
    } catch {
      return ''
    }
  }

  private redirectUri(): string {
    return `${this.apiUrl()}/oauth-callback`
  }
}

/** What a person reads above the form: what the app said, or which fields to fix. */
function formMessage(config: IntegrationConfig, error: EngineError, details: ErrorDetail[]): string {
  if (error.key === 'access_denied') {
    const body = (error.data?.response as { body?: unknown } | undefined)?.body
    const said =
      body && typeof body === 'object'
        ? ((body as Record<string, unknown>).message ?? (body as Record<string, unknown>).error_description)
        : undefined
    return `${config.connector.app.name} did not accept these credentials${typeof said === 'string' ? `: ${said}` : '.'}`
  }
  return details.length ? 'Please correct the highlighted fields.' : error.message
}

function pageIntegration(config: IntegrationConfig): ConnectPageIntegration {
  return { key: config.row.key, name: config.row.name, logoUri: config.row.logo_uri ?? config.connector.app.logoUri }
}

/** Form strings → the types the input schema asks for; empty fields are left out. */
export function coerceForm(
  schema: JsonSchema | undefined,
  fields: Record<string, string | string[] | undefined>
): Record<string, unknown> {
  const properties = (schema?.properties as Record<string, JsonSchema> | undefined) ?? {}
  const out: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(properties)) {
    const raw = fields[name]
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw
    const types = ([] as unknown[]).concat(def.type ?? 'string')
    if (types.includes('boolean')) {
      out[name] = value === 'on' || value === 'true' || value === '1'
      continue
    }
    if (value === undefined || value.trim() === '') continue
    if ((types.includes('integer') || types.includes('number')) && !Number.isNaN(Number(value)))
      out[name] = Number(value)
    else out[name] = types.includes('string') ? value.trim() : value
  }
  return out
}
