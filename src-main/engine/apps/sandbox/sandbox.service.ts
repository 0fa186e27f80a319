import { randomBytes } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import {
  SandboxSettings,
  type SandboxAccountDto,
  type SandboxApiKeyDto,
  type SandboxAppDto,
  type SandboxAppKey,
  type SandboxStats
} from '../../../contract/sandbox'
import type { SnapshotIntegration } from '../../../contract/integrations'
import type { EngineContext } from '../../common/engine-context'
import { invalidData, notFound } from '../../common/engine-error'
import { sha256Hex } from '../../common/hash'
import { newId } from '../../common/ids'
import { inputParser } from '../../common/input-parser'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import { SANDBOX_APPS } from './sandbox-app.definitions'
import { SandboxApiServer, type SandboxHttpRequest, type SandboxHttpResponse } from './sandbox-api.server'
import { SandboxApiError } from './sandbox-api.error'
import { demoRecords } from './sandbox-demo-data'
import { SandboxOAuthServer } from './sandbox-oauth.server'
import { SandboxRateLimiter } from './sandbox-rate-limiter'
import { SandboxRecordStore, type SandboxRecordEvent } from './sandbox-records.store'
import { SandboxWebhookSender, type SandboxDelivery, type SandboxWebhookOptions } from './sandbox-webhook.sender'
import { SandboxRepository, type SandboxAccountRow, type SandboxWebhookRow } from './sandbox.repository'
import { SandboxDataBrowser, type AccountConnections } from './sandbox-data-browser'

/** Options of the sandbox apps (tests shorten webhook retries and token lifetimes). */
export interface SandboxOptions {
  webhooks?: SandboxWebhookOptions
  /** Settings applied at start over the stored ones. */
  settings?: Partial<Record<SandboxAppKey, Partial<SandboxSettings>>>
}

/** A settings change names some of the settings. */
const parseSettings = inputParser(Type.Partial(SandboxSettings), '', 'sandbox settings')

const EVENT_TYPES = ['created', 'updated', 'deleted'] as const

/** A sandbox OAuth client in a snapshot (registered with the sandbox app, secret kept as a hash). */
export type SandboxClientSnapshot = NonNullable<SnapshotIntegration['sandboxClient']>

/**
 * The sandbox apps (Sandbox CRM with OAuth 2.0, Sandbox Helpdesk with API keys): real REST APIs
 * with their own state in SQLite, served by the engine's HTTP server under `/sandbox/<app>/`.
 */
export class SandboxService {
  readonly oauth: SandboxOAuthServer
  readonly records: SandboxRecordStore
  /** The sandbox tables (snapshots read and write them). */
  readonly repo: SandboxRepository
  private readonly limiter: SandboxRateLimiter
  private readonly sender: SandboxWebhookSender
  private readonly api: SandboxApiServer
  private readonly requestCounts = { apiRequests: 0, rateLimited: 0 }
  private readonly settingsCache = new Map<SandboxAppKey, SandboxSettings>()
  private readonly recordListeners = new Set<(event: SandboxRecordEvent) => void>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly apiUrl: () => string,
    options: SandboxOptions = {}
  ) {
    this.repo = new SandboxRepository(ctx.db)
    this.limiter = new SandboxRateLimiter(ctx.clock)
    this.sender = new SandboxWebhookSender(ctx.logger, ctx.nowIso, options.webhooks)
    this.records = new SandboxRecordStore(ctx, this.repo, (event) => this.dispatch(event))
    this.oauth = new SandboxOAuthServer(
      ctx,
      this.repo,
      (app, name) => this.ensureAccount(app, name),
      (app) => this.settings(app)
    )
    this.api = new SandboxApiServer({
      records: this.records,
      limiter: this.limiter,
      settings: (app) => this.settings(app),
      authenticate: (app, headers) => this.authenticate(app, headers),
      webhooks: {
        list: (account) => this.repo.webhooks(account.id).map((w) => webhookView(w)),
        create: (account, input) => this.subscribe(account, input),
        delete: (account, id) => {
          if (!this.repo.deleteWebhook(account.id, id))
            throw new SandboxApiError(404, 'not_found', `No webhook "${id}" in this account.`)
        }
      },
      onRequest: (_app, outcome) => {
        this.requestCounts.apiRequests++
        if (outcome === 'rate-limited') this.requestCounts.rateLimited++
      }
    })
    for (const [app, patch] of Object.entries(options.settings ?? {})) {
      if (patch) this.settingsCache.set(app as SandboxAppKey, { ...this.settings(app as SandboxAppKey), ...patch })
    }
  }

  /** The sandbox apps' rows as the snapshot's sandbox section reads and writes them (`snapshots/sections/`); for nothing else. */
  snapshotStore(): Pick<
    SandboxRepository,
    | 'allAccounts'
    | 'accountById'
    | 'accountByName'
    | 'accountRecords'
    | 'accountApiKeys'
    | 'accountTokens'
    | 'webhooks'
    | 'insertAccount'
    | 'insertRecord'
    | 'insertApiKeyIfNew'
    | 'insertTokenIfNew'
    | 'insertWebhookIfNew'
    | 'clearAccounts'
  > {
    return this.repo
  }

  /** The console's browser of the apps' records; `connectionsOf` names the connections reaching each account. */
  dataBrowser(connectionsOf: AccountConnections): SandboxDataBrowser {
    return new SandboxDataBrowser(this.repo, this.records, connectionsOf)
  }

  /** The OAuth client with this id as a snapshot carries it (an integration's `sandboxClient`). */
  snapshotClient(id: string): SandboxClientSnapshot | undefined {
    const client = this.repo.client(id)
    return (
      client && {
        id: client.id,
        app: client.app,
        name: client.name,
        secretHash: client.secret_hash,
        redirectUris: fromJsonColumn(client.redirect_uris)
      }
    )
  }

  /** Registers an OAuth client a snapshot brought, unless one with its id is here. */
  restoreClient(client: SandboxClientSnapshot): void {
    this.repo.insertClientIfNew({
      id: client.id,
      app: client.app,
      name: client.name,
      secret_hash: client.secretHash,
      redirect_uris: toJsonColumn(client.redirectUris),
      created_at: this.ctx.nowIso()
    })
  }

  /** Forgets every OAuth client (a whole-workspace import replaces the integrations). */
  clearClients(): void {
    this.repo.clearClients()
  }

  /** Both apps with their URLs, settings and counters. */
  apps(): SandboxAppDto[] {
    return (Object.keys(SANDBOX_APPS) as SandboxAppKey[]).map((key) => this.app(key))
  }

  /** One app; 404 for an unknown key. */
  app(key: string): SandboxAppDto {
    const app = this.appKey(key)
    const definition = SANDBOX_APPS[app]
    const base = this.baseUri(app)
    return {
      key: app,
      name: definition.name,
      baseUri: base,
      apiBaseUri: `${base}/api`,
      auth: definition.auth,
      collections: definition.collections.map((c) => c.key),
      settings: this.settings(app),
      stats: this.stats()
    }
  }

  /** `http://127.0.0.1:<port>/sandbox/<app>`. */
  baseUri(app: SandboxAppKey): string {
    return `${this.apiUrl()}/sandbox/${app}`
  }

  /** Current settings of an app. */
  settings(app: SandboxAppKey): SandboxSettings {
    let settings = this.settingsCache.get(app)
    if (!settings) {
      const stored = this.repo.settings(app)
      settings = { ...SANDBOX_APPS[app].defaults, ...fromJsonColumn(stored, {}) }
      this.settingsCache.set(app, settings)
    }
    return settings
  }

  /** Changes token lifetimes or the rate limit (kept across restarts). */
  updateSettings(key: string, input: unknown): SandboxSettings {
    const app = this.appKey(key)
    const patch = parseSettings(input ?? {})
    const next = { ...this.settings(app), ...patch }
    this.repo.saveSettings(app, toJsonColumn(next), this.ctx.nowIso())
    this.settingsCache.set(app, next)
    this.limiter.reset()
    return next
  }

  /** Counters since start. */
  stats(): SandboxStats {
    return {
      ...this.requestCounts,
      tokenRequests: { ...this.oauth.counts },
      webhookDeliveries: { ...this.sender.counts }
    }
  }

  /** Recent webhook delivery attempts. */
  deliveries(): SandboxDelivery[] {
    return this.sender.recent()
  }

  /** Accounts of an app with record counts. */
  accounts(key: string): SandboxAccountDto[] {
    const app = this.appKey(key)
    return this.repo.accounts(app).map((a) => this.accountDto(a))
  }

  /** Creates an account with demo data; 409-like error when the name is taken. */
  createAccount(key: string, name: unknown): SandboxAccountDto {
    const app = this.appKey(key)
    const clean = checkAccountName(name)
    if (this.repo.accountByName(app, clean))
      throw invalidData(`${SANDBOX_APPS[app].name} already has an account "${clean}".`, [
        { path: 'name', message: 'name is taken' }
      ])
    return this.accountDto(this.ensureAccount(app, clean))
  }

  /** The account with this name, created (with demo records) when missing. */
  ensureAccount(app: SandboxAppKey, name: string): SandboxAccountRow {
    const existing = this.repo.accountByName(app, name)
    if (existing) return existing
    return this.ctx.db.transaction(() => {
      const row: SandboxAccountRow = {
        id: `acc_${newId(this.ctx.clock.now())}`,
        app,
        name,
        custom_fields: toJsonColumn({}),
        created_at: this.ctx.nowIso()
      }
      this.repo.insertAccount(row)
      const ids = new Map<string, string>()
      for (const demo of demoRecords(app, name)) {
        const fields = { ...demo.fields }
        for (const [field, handle] of Object.entries(demo.refs ?? {})) fields[field] = ids.get(handle) ?? null
        ids.set(demo.handle, this.records.seed(row, demo.collection, fields).id)
      }
      return row
    })
  }

  /** A new API key for an account (created when missing); the key is shown only here. */
  createApiKey(key: string, input: { accountName?: unknown; name?: unknown } = {}): SandboxApiKeyDto {
    const app = this.appKey(key)
    if (SANDBOX_APPS[app].auth !== 'api-key')
      throw invalidData(`${SANDBOX_APPS[app].name} uses OAuth, not API keys.`, [
        { path: 'app', message: 'no API keys' }
      ])
    const accountName = checkAccountName(input.accountName ?? 'Demo Helpdesk')
    const name =
      typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 100) : 'Integration Workbench'
    const account = this.ensureAccount(app, accountName)
    const apiKey = `hd_live_${randomBytes(24).toString('base64url')}`
    const id = `key_${newId(this.ctx.clock.now())}`
    const createdAt = this.ctx.nowIso()
    this.repo.insertApiKey({
      id,
      app,
      account_id: account.id,
      name,
      key_hash: sha256Hex(apiKey),
      prefix: apiKey.slice(0, 12),
      created_at: createdAt,
      revoked_at: null
    })
    return {
      id,
      accountId: account.id,
      accountName: account.name,
      name,
      apiKey,
      prefix: apiKey.slice(0, 12),
      createdAt
    }
  }

  /** Keys of an app without the secret part. */
  apiKeys(key: string): Array<Omit<SandboxApiKeyDto, 'apiKey'> & { revokedAt?: string }> {
    const app = this.appKey(key)
    const accounts = new Map(this.repo.accounts(app).map((a) => [a.id, a.name]))
    return this.repo.apiKeys(app).map((k) => ({
      id: k.id,
      accountId: k.account_id,
      accountName: accounts.get(k.account_id) ?? k.account_id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.created_at,
      ...(k.revoked_at ? { revokedAt: k.revoked_at } : {})
    }))
  }

  /** Revokes an API key: calls with it get 401 from now on. */
  revokeApiKey(key: string, id: string): void {
    this.appKey(key)
    if (!this.repo.revokeApiKey(id, this.ctx.nowIso())) throw notFound(`No active API key "${id}".`)
  }

  /** Answers a request to `/sandbox/<app>/api/...`. */
  handleApi(key: string, request: SandboxHttpRequest): SandboxHttpResponse {
    const app = SANDBOX_APPS[key as SandboxAppKey] ? (key as SandboxAppKey) : undefined
    if (!app)
      return {
        status: 404,
        headers: {},
        body: {
          error: 'not_found',
          message: `No sandbox app "${key}" (there are: ${Object.keys(SANDBOX_APPS).join(', ')}).`
        }
      }
    return this.api.handle(app, request)
  }

  /**
   * Follows record writes (API, console, flows alike), after they commit: the console's change
   * counters use it so an open data browser shows a record an app just wrote. Answers "stop".
   */
  onRecordChange(listener: (event: SandboxRecordEvent) => void): () => void {
    this.recordListeners.add(listener)
    return () => this.recordListeners.delete(listener)
  }

  /** Stops webhook retries. */
  close(): void {
    this.sender.close()
  }

  private authenticate(app: SandboxAppKey, headers: SandboxHttpRequest['headers']): SandboxAccountRow {
    const header = (name: string) => {
      const v = headers[name]
      return Array.isArray(v) ? v[0] : v
    }
    if (SANDBOX_APPS[app].auth === 'oauth2') return this.oauth.authenticate(app, header('authorization'))
    const key = header('x-api-key')
    if (!key)
      throw new SandboxApiError(
        401,
        'missing_api_key',
        'Send your API key in the X-Api-Key header (create one in Sandbox Helpdesk → Settings).'
      )
    const row = this.repo.apiKeyByHash(sha256Hex(key))
    if (!row || row.app !== app)
      throw new SandboxApiError(
        401,
        'invalid_api_key',
        'The API key is not valid. Check it for typos, or create a new one in Sandbox Helpdesk → Settings.'
      )
    if (row.revoked_at)
      throw new SandboxApiError(
        401,
        'invalid_api_key',
        'The API key was revoked; create a new one in Sandbox Helpdesk → Settings.'
      )
    const account = this.repo.accountById(row.account_id)
    if (!account) throw new SandboxApiError(401, 'invalid_api_key', 'The account of this API key no longer exists.')
    return account
  }

  private subscribe(account: SandboxAccountRow, input: unknown): unknown {
    const body = (input ?? {}) as { url?: unknown; collection?: unknown; events?: unknown }
    const details: Array<{ field: string; message: string }> = []
    let url: URL | undefined
    try {
      url = new URL(String(body.url))
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error()
    } catch {
      details.push({ field: 'url', message: 'url must be an http(s) URL' })
    }
    if (typeof body.collection !== 'string') details.push({ field: 'collection', message: 'collection is required' })
    const asked: unknown = body.events === undefined ? [...EVENT_TYPES] : body.events
    const events = isEventList(asked) ? asked : undefined
    if (!events) {
      details.push({ field: 'events', message: `events must be a non-empty list of ${EVENT_TYPES.join(', ')}` })
    }
    if (details.length)
      throw new SandboxApiError(
        400,
        'invalid_webhook',
        `Invalid webhook: ${details.map((d) => d.message).join('; ')}.`,
        details
      )
    this.records.collection(account.app as SandboxAppKey, body.collection as string)
    const secret = `whsec_${randomBytes(24).toString('base64url')}`
    const row: SandboxWebhookRow = {
      id: `wh_${newId(this.ctx.clock.now())}`,
      app: account.app,
      account_id: account.id,
      collection: body.collection as string,
      events: toJsonColumn(events!),
      url: url!.toString(),
      secret_sealed: this.ctx.secrets.encrypt(secret),
      created_at: this.ctx.nowIso()
    }
    this.repo.insertWebhook(row)
    return { ...webhookView(row), secret }
  }

  private dispatch(event: SandboxRecordEvent): void {
    for (const listener of this.recordListeners) listener(event)
    const hooks = this.repo
      .webhooksFor(event.account.id, event.collection)
      .filter((w) => fromJsonColumn(w.events).includes(event.type))
    if (!hooks.length) return
    const eventId = `evt_${newId(this.ctx.clock.now())}`
    const type = `${event.collection}.${event.type}`
    const payload = {
      id: eventId,
      type,
      app: event.app,
      accountId: event.account.id,
      collection: event.collection,
      recordId: event.record.id,
      record: event.type === 'deleted' ? null : event.record,
      occurredAt: this.ctx.nowIso()
    }
    for (const hook of hooks)
      this.sender.send({ url: hook.url, secret: this.ctx.secrets.decrypt(hook.secret_sealed) }, eventId, type, payload)
  }

  private accountDto(row: SandboxAccountRow): SandboxAccountDto {
    return {
      id: row.id,
      app: row.app as SandboxAppKey,
      name: row.name,
      createdAt: row.created_at,
      recordCounts: this.repo.recordCounts(row.id)
    }
  }

  private appKey(key: string): SandboxAppKey {
    if (!(key in SANDBOX_APPS))
      throw notFound(`No sandbox app "${key}"; there are: ${Object.keys(SANDBOX_APPS).join(', ')}.`)
    return key as SandboxAppKey
  }
}

/** Whether a webhook's `events` is a non-empty list of record event types. */
function isEventList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((e) => EVENT_TYPES.includes(e as (typeof EVENT_TYPES)[number]))
  )
}

function webhookView(row: SandboxWebhookRow) {
  return {
    id: row.id,
    collection: row.collection,
    events: fromJsonColumn(row.events),
    url: row.url,
    createdAt: row.created_at
  }
}

function checkAccountName(name: unknown): string {
  const clean = typeof name === 'string' ? name.trim() : ''
  if (!clean || clean.length > 100)
    throw invalidData('Account name must be 1 to 100 characters.', [
      { path: 'name', message: 'name must be 1..100 characters' }
    ])
  return clean
}
