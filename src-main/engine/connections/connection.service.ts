import { Type } from '@sinclair/typebox'
import {
  ConnectionCreate,
  ConnectionFaultsInput,
  ConnectionPatch,
  type AppRequest,
  type AppResponse,
  type ConnectionDto,
  type ConnectionFaults,
  type ConnectionQuery,
  type ConnectionTestResult
} from '../../contract/connections'
import { Enum } from '../../contract/schema-kit'
import type { ErrorBody } from '../../contract/errors'
import type { Page } from '../../contract/pagination'
import { errorFromAppResponse } from '../apps/app-response.error'
import type { AuthOptionDefinition } from '../apps/connector'
import type { OAuth2Client } from '../apps/oauth2.client'
import { maySee, type Actor, type CustomerRef } from '../auth/actor'
import { requireAdmin } from '../auth/authenticator'
import type { EngineContext } from '../common/engine-context'
import { fromJsonColumn, toJsonColumn } from '../common/json-column'
import { accessDenied, EngineError, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import type { CustomerService } from '../customers/customer.service'
import type { ChangeSource } from '../events/event-bus'
import type { IntegrationConfig, IntegrationService } from '../integrations/integration.service'
import { ConnectionAuth, type Credentials } from './connection-auth'
import { ConnectionClient, optionOf, type ConnectionClientOptions } from './connection.client'
import { toConnectionDto } from './connection.mapper'
import { ConnectionRepository, type ConnectionView } from './connection.repository'

const parseCreate = inputParser(ConnectionCreate, '', 'connection')
const parsePatch = inputParser(ConnectionPatch, '', 'connection update')
const parseFaults = inputParser(ConnectionFaultsInput, '', 'fault simulation')

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'get', 'post', 'put', 'patch', 'delete'] as const
const parseApiDescriptor = inputParser(
  Type.Object(
    {
      method: Type.Optional(Enum(HTTP_METHODS)),
      query: Type.Optional(
        Type.Record(Type.String(), Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'] }))
      ),
      headers: Type.Optional(Type.Record(Type.String(), Type.String())),
      pathParameters: Type.Optional(
        Type.Record(Type.String(), Type.Unsafe<string | number>({ type: ['string', 'number'] }))
      ),
      data: Type.Optional(Type.Unknown())
    },
    { additionalProperties: false }
  ),
  '',
  'API request (send {method, query, headers, data})'
)

const LAST_ACTIVE_RESOLUTION_MS = 60_000

/** What a new or renewed set of working credentials is stored with. */
export interface EstablishInput {
  customerId: string
  config: IntegrationConfig
  option: AuthOptionDefinition
  input: Record<string, unknown>
  credentials: Credentials
  account?: { id: string; name: string }
  name?: string
  key?: string | null
  meta?: Record<string, unknown>
  /** The connection being reconnected; a new one is made when absent. */
  reconnect?: ConnectionView
  source: ChangeSource
}

/**
 * Connections: one customer's authenticated link to one integration. Credentials are sealed at
 * rest, checked against the app before they are stored, renewed by {@link ConnectionClient};
 * every method takes the caller's {@link Actor} so a customer reaches only its own connections.
 */
export class ConnectionService {
  readonly client: ConnectionClient
  private readonly repo: ConnectionRepository
  private readonly auth: ConnectionAuth
  private readonly inputParsers = new Map<string, (value: unknown) => Record<string, unknown>>()
  private readonly archiveHooks = new Set<(connectionId: string) => Promise<void>>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly integrations: IntegrationService,
    private readonly customers: CustomerService,
    private readonly oauth: OAuth2Client,
    options: ConnectionClientOptions = {}
  ) {
    this.repo = new ConnectionRepository(ctx.db)
    this.auth = new ConnectionAuth(oauth)
    this.client = new ConnectionClient(
      ctx,
      this.repo,
      this.auth,
      (view) => this.integrationOf(view),
      {
        authLost: (view, error) => this.markDisconnected(view.id, error),
        failing: (view, error) => this.markFailing(view.id, error),
        succeeded: (view) => this.noteSuccess(view),
        refreshed: (view, trigger) =>
          this.ctx.events.emit('connection.credentialsRefreshed', { connection: this.dto(view), trigger })
      },
      options
    )
  }

  /**
   * Registers work to do through a connection that is being archived (removing app webhooks),
   * before its OAuth grant is revoked.
   */
  onArchiving(hook: (connectionId: string) => Promise<void>): void {
    this.archiveHooks.add(hook)
  }

  /** Closes idle connections to apps (engine shutdown). */
  close(): void {
    this.client.close()
  }

  /** A page of connections: a customer sees its own, an admin all (or one customer's with `userId`). */
  list(actor: Actor, query: ConnectionQuery = {}, options: { includeSecrets?: boolean } = {}): Page<ConnectionDto> {
    this.assertSecretsAllowed(actor, options.includeSecrets)
    const limit = pageLimit(query.limit)
    let customerId: string | undefined
    if (actor.kind === 'customer') customerId = actor.customer.id
    else if (query.userId) customerId = this.customers.rowOf(query.userId).id
    let integrationId = query.integrationId
    if (query.integrationKey) integrationId = this.integrations.config(query.integrationKey, true).row.id
    const rows = this.repo.list({
      customerId,
      integrationId,
      connectorId: query.connectorId ?? query.externalAppId,
      status: query.connected === false || query.disconnected === true ? 'disconnected' : undefined,
      notStatus: query.connected === true || query.disconnected === false ? 'disconnected' : undefined,
      isTest: query.isTest,
      search: query.search?.trim() || undefined,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.dto(row, options.includeSecrets)))
  }

  /** One connection by id or integration key / id (the caller's connection to it). */
  get(actor: Actor, selector: string, options: { includeSecrets?: boolean } = {}): ConnectionDto {
    this.assertSecretsAllowed(actor, options.includeSecrets)
    return this.dto(this.resolve(actor, selector, { includeArchived: true }), options.includeSecrets)
  }

  /** The connection rows as the snapshot's connections section reads and writes them (`snapshots/sections/`); for nothing else. */
  snapshotStore(): Pick<ConnectionRepository, 'ofCustomers' | 'deleteOfCustomers' | 'insert' | 'clear'> {
    return this.repo
  }

  /** The connection with this id, archived or not, for engine work that has checked who may see it. */
  byId(id: string): ConnectionView | undefined {
    return this.repo.byId(id)
  }

  /** The customer's newest live connection to an integration (by the integration's id). */
  latestFor(customerId: string, integrationId: string): ConnectionView | undefined {
    return this.repo.latestFor(customerId, integrationId)
  }

  /** Ids of the connections (archived ones too) of a customer and / or to an integration. */
  idsOf(filter: { customerId?: string; integrationId?: string }): string[] {
    return this.repo
      .list({ ...filter, includeArchived: true, afterSeq: 0, limit: 100_000 })
      .map((connection) => connection.id)
  }

  /** A customer's live connection to an integration (embedded in the integration). */
  forIntegration(customerId: string, integrationId: string): ConnectionDto | undefined {
    const row = this.repo.latestFor(customerId, integrationId)
    return row ? this.dto(row) : undefined
  }

  /** Live connections by the external account they reach (the console's data browser names them). */
  byExternalAccount(): Map<string, Array<{ id: string; customerId: string }>> {
    const out = new Map<string, Array<{ id: string; customerId: string }>>()
    for (const row of this.repo.list({ afterSeq: 0, limit: 100_000 })) {
      if (!row.external_account) continue
      const account = fromJsonColumn(row.external_account).id
      out.set(account, [...(out.get(account) ?? []), { id: row.id, customerId: row.customer_id }])
    }
    return out
  }

  /** Ids of the external accounts these customers' connections point at (snapshots). */
  externalAccountsOf(customerIds: ReadonlySet<string>): Set<string> {
    const ids = new Set<string>()
    for (const row of this.repo.ofCustomers(customerIds))
      if (row.external_account) ids.add(fromJsonColumn(row.external_account).id)
    return ids
  }

  /** Ids of the integrations these customers' connections use (snapshots). */
  integrationsOf(customerIds: ReadonlySet<string>): Set<string> {
    return new Set(this.repo.ofCustomers(customerIds).map((row) => row.integration_id))
  }

  /** Connector (app) ids the customer has a live connection to. */
  connectedAppIds(customerId: string): Set<string> {
    return new Set(
      this.repo
        .list({ customerId, notStatus: 'disconnected', afterSeq: 0, limit: 100_000 })
        .map((row) => row.connector_id)
    )
  }

  /**
   * The connection a selector names, checked against the actor: a connection id, or an
   * integration key / id meaning the actor's customer's newest live connection to it.
   * Another customer's connection is reported as not found.
   */
  resolve(actor: Actor, selector: string, options: { includeArchived?: boolean } = {}): ConnectionView {
    const byId = this.repo.byId(selector)
    if (byId && maySee(actor, byId.customer_id)) {
      if (byId.archived_at && !options.includeArchived)
        throw notFound(`Connection ${selector} is archived; connect again to make a new one.`)
      return byId
    }
    if (byId === undefined || actor.kind === 'customer') {
      const config = this.tryIntegration(selector)
      if (config) {
        if (!actor.customer) {
          throw accessDenied(
            `"${selector}" is an integration: selecting a connection by integration needs a customer token (or use the connection id).`
          )
        }
        const row = this.repo.latestFor(actor.customer.id, config.row.id)
        if (!row) {
          throw notFound(
            `Customer "${actor.customer.internalId}" has no connection to integration "${config.row.key}". Connect first: client.integration('${config.row.key}').connect().`
          )
        }
        return row
      }
    }
    throw notFound(`No connection "${selector}" (looked up as a connection id and as an integration key).`)
  }

  /** Creates a connection from input credentials without a UI; they are checked against the app first. */
  async create(actor: Actor, body: unknown, source: ChangeSource = 'api'): Promise<ConnectionDto> {
    const input = parseCreate(body ?? {})
    const customer = this.customerFor(actor, input.customerId ?? input.userId ?? input.tenantId)
    const selector = input.integrationKey ?? input.integrationId
    let config: IntegrationConfig
    if (selector) config = this.integrations.config(selector)
    else if (input.connectorKey ?? input.connectorId)
      config = this.integrationForConnector(input.connectorKey ?? input.connectorId!)
    else
      throw invalidData('Say which integration to connect: integrationKey (e.g. "helpdesk") or integrationId.', [
        { path: 'integrationKey', message: 'integrationKey is required' }
      ])
    const option = this.pickOption(config, input.authOptionKey)
    const values = this.parseInput(option, input.input ?? input.connectorParameters ?? {})
    const { credentials, account } = await this.verifyInput(config, option, values)
    return this.establish({
      customerId: customer.id,
      config,
      option,
      input: values,
      credentials,
      account,
      name: input.name,
      key: input.key,
      meta: input.meta,
      source
    })
  }

  /** Renames, re-keys, changes meta, or (with `input`) replaces the credentials and reconnects. */
  async patch(actor: Actor, selector: string, body: unknown, source: ChangeSource = 'api'): Promise<ConnectionDto> {
    const input = parsePatch(body ?? {})
    const view = this.resolve(actor, selector)
    if (input.input !== undefined) {
      const config = this.integrationOf(view)
      const option = optionOf(config, view.auth_option_key)
      const values = this.parseInput(option, input.input)
      const { credentials, account } = await this.verifyInput(config, option, values)
      return this.establish({
        customerId: view.customer_id,
        config,
        option,
        input: values,
        credentials,
        account,
        name: input.name,
        key: input.key,
        meta: input.meta ?? undefined,
        reconnect: view,
        source
      })
    }
    const changes: Record<string, unknown> = { updated_at: this.ctx.nowIso() }
    if (input.name !== undefined) changes.name = input.name
    if (input.key !== undefined) changes.key = input.key
    if (input.meta !== undefined) changes.meta = input.meta ? toJsonColumn(input.meta) : null
    this.repo.update(view.id, changes)
    const connection = this.dto(this.repo.byId(view.id)!)
    this.ctx.events.emit('connection.updated', { connection, source })
    return connection
  }

  /** Archives a connection (Membrane's delete); revokes its OAuth grant at the app when it can. */
  archive(actor: Actor, selector: string, source: ChangeSource = 'api'): ConnectionDto {
    const view = this.resolve(actor, selector, { includeArchived: true })
    if (view.archived_at) return this.dto(view)
    const now = this.ctx.nowIso()
    this.repo.update(view.id, { archived_at: now, updated_at: now })
    const connection = this.dto(this.repo.byId(view.id)!)
    this.ctx.events.emit('connection.archived', { connection, source })
    // What was deployed on the connection is taken down while its credentials still work; then the grant goes.
    const teardowns = [...this.archiveHooks].map((hook) => hook(view.id))
    void Promise.allSettled(teardowns).then(() => this.revokeGrant(view))
    return connection
  }

  /** Asks the app whether the credentials work (`{success}`); a 401 disconnects the connection. */
  async test(actor: Actor, selector: string): Promise<ConnectionTestResult> {
    const view = this.resolve(actor, selector)
    if (view.status === 'disconnected')
      return { success: false, message: this.dto(view).error?.message ?? 'The connection is disconnected.' }
    const config = this.integrationOf(view)
    try {
      const response = await this.client.send(view, config.connector.testRequest(config.parameters))
      if (response.status < 400) return { success: true }
      return {
        success: false,
        status: response.status,
        message: `${config.connector.app.name} answered ${response.status} to the connection test.`
      }
    } catch (error) {
      if (error instanceof EngineError) return { success: false, message: error.message }
      throw error
    }
  }

  /** Renews the credentials now (OAuth); for keys and passwords, checks them with the app. */
  async refreshCredentials(actor: Actor, selector: string): Promise<ConnectionDto> {
    const view = this.resolve(actor, selector)
    const config = this.integrationOf(view)
    const option = optionOf(config, view.auth_option_key)
    if (this.auth.canRefresh(option, this.unseal(view))) await this.client.refreshNow(view)
    else await this.test(actor, view.id)
    return this.dto(this.repo.byId(view.id)!)
  }

  /** A request to the app through the connection (`{method, path, query, headers, body}` → `{status, headers, body}`). */
  async request(
    actor: Actor,
    selector: string,
    request: AppRequest,
    options: { raw?: boolean } = {}
  ): Promise<AppResponse> {
    return this.client.send(this.resolve(actor, selector), request, options)
  }

  /**
   * `POST /connections/{c}/api/{path}` (SDK `connection(c).request(path, data)`): `data` is
   * `{method?, query?, headers?, pathParameters?, data?}` (`{name}` in the path is replaced from
   * pathParameters); answers the app's body, or an engine error naming what the app said when it
   * answers non-2xx.
   */
  async apiRequest(actor: Actor, selector: string, path: string, descriptor: unknown): Promise<unknown> {
    const d = parseApiDescriptor(descriptor ?? {})
    const view = this.resolve(actor, selector)
    const method = (d.method ?? (d.data !== undefined ? 'POST' : 'GET')).toUpperCase()
    const filled = path.replace(/\{([^}/]+)\}/g, (_whole, name: string) => {
      const value = d.pathParameters?.[name]
      if (value === undefined)
        throw invalidData(`The path has {${name}}, but pathParameters.${name} is not given.`, [
          { path: `pathParameters.${name}`, message: 'missing path parameter' }
        ])
      return encodeURIComponent(String(value))
    })
    const response = await this.client.send(view, {
      method,
      path: filled.startsWith('/') ? filled : `/${filled}`,
      query: d.query,
      headers: d.headers,
      body: d.data
    })
    if (response.status >= 300) throw errorFromAppResponse(view.integration_name, `${method} ${path}`, response)
    return response.body ?? null
  }

  /** The faults currently simulated on a connection. */
  faults(actor: Actor, selector: string): ConnectionFaults {
    requireAdmin(actor, 'Reading fault simulation')
    return faultsOf(this.resolve(actor, selector))
  }

  /** Applies fault simulation (admin): expire the token, revoke the refresh token, fail next N calls, add latency. */
  async simulateFaults(actor: Actor, selector: string, body: unknown): Promise<ConnectionFaults> {
    requireAdmin(actor, 'Simulating faults')
    const input = parseFaults(body ?? {})
    const view = this.resolve(actor, selector)
    const config = this.integrationOf(view)
    const credentials = this.unseal(view)
    if (input.expireAccessToken) {
      if (typeof credentials.access_token !== 'string') {
        throw invalidData(
          `Connection ${view.id} has no access token to expire (it authenticates with "${view.auth_option_key}").`,
          [{ path: 'expireAccessToken', message: 'no access token' }]
        )
      }
      // Sandbox apps really stop accepting the token, so the next call meets a 401; other apps are told nothing and the engine refreshes ahead.
      if (!config.connector.expireAccessToken?.(credentials.access_token))
        this.repo.update(view.id, { access_expires_at: this.ctx.nowIso() })
    }
    if (input.revokeRefreshToken) {
      const endpoints = config.connector.oauth?.(config.parameters)
      if (typeof credentials.refresh_token !== 'string' || !endpoints?.revokeUrl) {
        throw invalidData(`Connection ${view.id} has no refresh token the app can revoke.`, [
          { path: 'revokeRefreshToken', message: 'no refresh token' }
        ])
      }
      await this.oauth.revoke(endpoints.revokeUrl, endpoints, credentials.refresh_token, 'refresh_token')
    }
    const changes: Record<string, unknown> = {}
    if (input.failNext) {
      changes.fault_fail_count = input.failNext.count
      changes.fault_fail_status = input.failNext.status
    }
    if (input.latencyMs !== undefined) changes.fault_latency_ms = input.latencyMs
    if (Object.keys(changes).length) this.repo.update(view.id, changes)
    this.ctx.logger.info('fault simulation applied', { connectionId: view.id, ...input })
    return faultsOf(this.repo.byId(view.id)!)
  }

  /** Stops simulated failures and latency. */
  clearFaults(actor: Actor, selector: string): ConnectionFaults {
    requireAdmin(actor, 'Clearing fault simulation')
    const view = this.resolve(actor, selector)
    this.repo.update(view.id, { fault_fail_count: 0, fault_fail_status: null, fault_latency_ms: 0 })
    return faultsOf(this.repo.byId(view.id)!)
  }

  /** Credentials for input (a token is fetched for client-credentials), checked with the app. */
  async verifyInput(
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    values: Record<string, unknown>
  ): Promise<{ credentials: Credentials; account?: { id: string; name: string } }> {
    const credentials = await this.auth.fromInput(option, values)
    return { credentials, account: await this.verify(config, option, credentials) }
  }

  /** Calls the app's test endpoint with new credentials; refuses ones the app rejects (nothing is stored). */
  async verify(
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    credentials: Credentials
  ): Promise<{ id: string; name: string } | undefined> {
    const request = config.connector.testRequest(config.parameters)
    const response = await this.client.sendWith(config, option, credentials, request)
    const app = config.connector.app.name
    if (response.status === 401 || response.status === 403) {
      const said = response.body && typeof response.body === 'object' ? (response.body as Record<string, unknown>) : {}
      const detail = [said.error, said.message ?? said.error_description].filter(Boolean).join(': ')
      const fields = Object.keys((option.inputSchema?.properties as Record<string, unknown> | undefined) ?? {})
      throw new EngineError(
        {
          type: 'connection',
          key: 'access_denied',
          message: `${app} rejected these credentials (${response.status}${detail ? ` ${detail}` : ''}). Check ${fields.map((f) => `input.${f}`).join(', ') || 'the auth option'} and try again; nothing was created.`,
          data: {
            errors: fields.map((f) => ({ path: `input.${f}`, message: `rejected by ${app}` })),
            response: { status: response.status, body: response.body }
          }
        },
        400
      )
    }
    if (response.status >= 400) {
      throw new EngineError(
        {
          type: 'dependency_error',
          message: `${app} answered ${response.status} to the connection test (${request.method ?? 'GET'} ${request.path}); nothing was created.${response.status === 404 ? ' Set the integration parameter testPath to a path that answers 2xx.' : ''}`,
          data: { response: { status: response.status, body: response.body } }
        },
        502
      )
    }
    return config.connector.accountOf?.(response.body)
  }

  /** Stores working credentials: a new connection, or the one being reconnected. */
  establish(p: EstablishInput): ConnectionDto {
    const now = this.ctx.nowIso()
    const sealed = {
      input_sealed: this.ctx.secrets.sealJson(p.input),
      credentials_sealed: this.ctx.secrets.sealJson(p.credentials),
      access_expires_at: typeof p.credentials.expires_at === 'string' ? p.credentials.expires_at : null,
      external_account: p.account ? toJsonColumn({ id: p.account.id, name: p.account.name }) : null
    }
    if (p.reconnect) {
      const previous = p.reconnect
      this.repo.update(previous.id, {
        ...sealed,
        auth_option_key: p.option.key,
        status: 'connected',
        error: null,
        disconnected_at: null,
        credentials_refreshed_at: null,
        updated_at: now,
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.key !== undefined ? { key: p.key } : {}),
        ...(p.meta !== undefined ? { meta: toJsonColumn(p.meta) } : {})
      })
      const connection = this.dto(this.repo.byId(previous.id)!)
      this.ctx.events.emit(previous.status === 'connected' ? 'connection.updated' : 'connection.reconnected', {
        connection,
        source: p.source
      })
      return connection
    }
    const id = newId(this.ctx.clock.now())
    this.repo.insert({
      id,
      customer_id: p.customerId,
      integration_id: p.config.row.id,
      name: p.name ?? p.config.row.name,
      key: p.key ?? null,
      auth_option_key: p.option.key,
      status: 'connected',
      error: null,
      ...sealed,
      meta: p.meta ? toJsonColumn(p.meta) : null,
      fault_fail_count: 0,
      fault_fail_status: null,
      fault_latency_ms: 0,
      credentials_refreshed_at: null,
      last_active_at: now,
      disconnected_at: null,
      created_at: now,
      updated_at: now,
      archived_at: null
    })
    const connection = this.dto(this.repo.byId(id)!)
    this.ctx.events.emit('connection.created', { connection, source: p.source })
    return connection
  }

  /** Checks input against an auth option's input schema (400 naming `input.<field>`). */
  parseInput(option: AuthOptionDefinition, input: unknown): Record<string, unknown> {
    const schema = option.inputSchema ?? { type: 'object' }
    const text = JSON.stringify(schema)
    let parse = this.inputParsers.get(text)
    if (!parse) {
      // The option's schema is the app's data, not ours: an object check in front gives the type.
      parse = inputParser(
        Type.Intersect([Type.Record(Type.String(), Type.Unknown()), Type.Unsafe<unknown>(schema)]),
        'input',
        `input for "${option.title}"`
      )
      this.inputParsers.set(text, parse)
    }
    return parse(input ?? {})
  }

  /** The auth option a caller asked for, or the integration's only one. */
  pickOption(config: IntegrationConfig, key: string | undefined): AuthOptionDefinition {
    this.assertConnectable(config)
    const options = config.connector.authOptions(config.parameters)
    if (key !== undefined) {
      const found = options.find((o) => o.key === key)
      if (!found)
        throw invalidData(
          `authOptionKey "${key}" is not an option of "${config.row.key}"; use one of ${options.map((o) => o.key).join(', ')}.`,
          [{ path: 'authOptionKey', message: 'unknown auth option' }]
        )
      return found
    }
    if (options.length === 1) return options[0]
    throw invalidData(
      `Integration "${config.row.key}" offers several ways to connect; choose one with authOptionKey: ${options.map((o) => o.key).join(', ')}.`,
      [{ path: 'authOptionKey', message: 'authOptionKey is required' }]
    )
  }

  /** 400 when the integration lacks a parameter connections need. */
  assertConnectable(config: IntegrationConfig): void {
    const missing = config.connector.missingParameters(config.parameters)
    if (missing.length) {
      throw new EngineError({
        type: 'configuration',
        message: `Integration "${config.row.key}" is missing parameters ${missing.join(', ')}; an admin sets them with PATCH /integrations/${config.row.key}.`
      })
    }
    if (!config.connector.authOptions(config.parameters).length) {
      throw new EngineError({
        type: 'configuration',
        message: `Integration "${config.row.key}" offers no way to connect; check its authType and tokenUrl parameters.`
      })
    }
  }

  /** The customer a connection is made for: the token's, or (admin) the one the body names. */
  customerFor(actor: Actor, selector: string | undefined): CustomerRef {
    if (actor.kind === 'customer') return actor.customer
    if (selector) {
      const row = this.customers.rowOf(selector)
      if (row.archived_at) throw accessDenied(`Customer "${row.internal_id}" is archived; restore it first.`)
      return { id: row.id, internalId: row.internal_id }
    }
    if (actor.customer) return actor.customer
    throw invalidData(
      'An admin token names no customer: say whose connection this is with customerId (engine id or internal id), or use a customer token.',
      [{ path: 'customerId', message: 'customerId is required with an admin token' }]
    )
  }

  /** DTO of a row (secrets only when asked and allowed by the caller). */
  dto(row: ConnectionView, includeSecrets = false): ConnectionDto {
    const config = this.integrations.configById(row.integration_id)
    const option = config?.connector.authOptions(config.parameters).find((o) => o.key === row.auth_option_key)
    return toConnectionDto(row, {
      refreshAheadMs: this.client.refreshAhead,
      canRefresh: this.auth.canRefresh(option),
      secrets: includeSecrets ? this.ctx.secrets : undefined
    })
  }

  /** Marks a connection disconnected (once) and tells the workspace. */
  markDisconnected(id: string, error: ErrorBody): void {
    const current = this.repo.byId(id)
    if (!current || current.status === 'disconnected' || current.archived_at) return
    const now = this.ctx.nowIso()
    this.repo.update(id, {
      status: 'disconnected',
      error: toJsonColumn(error),
      disconnected_at: now,
      updated_at: now
    })
    this.ctx.logger.warn('connection disconnected', { connectionId: id, reason: error.message })
    this.ctx.events.emit('connection.disconnected', { connection: this.dto(this.repo.byId(id)!), error })
  }

  private markFailing(id: string, error: ErrorBody): void {
    const current = this.repo.byId(id)
    if (!current || current.status !== 'connected') return
    this.repo.update(id, { status: 'error', error: toJsonColumn(error), updated_at: this.ctx.nowIso() })
    this.ctx.events.emit('connection.updated', { connection: this.dto(this.repo.byId(id)!), source: 'engine' })
  }

  private noteSuccess(view: ConnectionView): void {
    const now = this.ctx.clock.now()
    if (view.status === 'error') {
      const current = this.repo.byId(view.id)
      if (current?.status === 'error') {
        this.repo.update(view.id, {
          status: 'connected',
          error: null,
          last_active_at: new Date(now).toISOString(),
          updated_at: new Date(now).toISOString()
        })
        this.ctx.events.emit('connection.updated', { connection: this.dto(this.repo.byId(view.id)!), source: 'engine' })
        return
      }
    }
    if (!view.last_active_at || now - Date.parse(view.last_active_at) >= LAST_ACTIVE_RESOLUTION_MS) {
      this.repo.update(view.id, { last_active_at: new Date(now).toISOString() })
    }
  }

  private revokeGrant(view: ConnectionView): void {
    const config = this.integrationOf(view)
    const endpoints = config.connector.oauth?.(config.parameters)
    const credentials = this.unseal(view)
    if (!endpoints?.revokeUrl || typeof credentials.refresh_token !== 'string') return
    this.oauth
      .revoke(endpoints.revokeUrl, endpoints, credentials.refresh_token, 'refresh_token')
      .catch((error: unknown) => {
        this.ctx.logger.info('could not revoke the grant of an archived connection', {
          connectionId: view.id,
          error: String(error)
        })
      })
  }

  private integrationOf(view: ConnectionView): IntegrationConfig {
    const config = this.integrations.configById(view.integration_id)
    if (!config) throw notFound(`The integration of connection ${view.id} no longer exists.`)
    return config
  }

  private tryIntegration(selector: string): IntegrationConfig | undefined {
    try {
      return this.integrations.config(selector, true)
    } catch (error) {
      if (error instanceof EngineError && error.key === 'not_found') return undefined
      throw error
    }
  }

  private integrationForConnector(connectorId: string): IntegrationConfig {
    const page = this.integrations.list({ kind: 'admin' }, { limit: 1000 })
    const found = page.items.find((i) => i.connectorId === connectorId)
    if (!found)
      throw notFound(
        `No integration uses connector "${connectorId}"; create one (POST /integrations) or pass integrationKey.`
      )
    return this.integrations.config(found.id)
  }

  private unseal(view: ConnectionView): Credentials {
    return view.credentials_sealed
      ? this.ctx.secrets.openJson(view.credentials_sealed, `connection ${view.id} credentials`)
      : {}
  }

  private assertSecretsAllowed(actor: Actor, includeSecrets: boolean | undefined): void {
    if (includeSecrets && actor.kind !== 'admin') throw accessDenied('includeSecrets=true needs an admin token.')
  }
}

function faultsOf(view: ConnectionView): ConnectionFaults {
  const faults: ConnectionFaults = { failNextCount: view.fault_fail_count, latencyMs: view.fault_latency_ms }
  if (view.fault_fail_count > 0 && view.fault_fail_status) faults.failNextStatus = view.fault_fail_status as 429 | 500
  return faults
}
