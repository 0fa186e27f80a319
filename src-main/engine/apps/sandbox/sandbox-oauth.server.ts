import { createHash, randomBytes } from 'node:crypto'
import type { SandboxAppKey } from '../../../contract/sandbox'
import type { EngineContext } from '../../common/engine-context'
import { safeEqual, sha256Hex } from '../../common/hash'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import { SANDBOX_APPS } from './sandbox-app.definitions'
import { SandboxApiError } from './sandbox-api.error'
import type { SandboxAccountRow, SandboxOAuthClientRow, SandboxRepository } from './sandbox.repository'

/** A validated authorization request, ready to show on the consent page. */
export interface AuthorizationRequest {
  app: SandboxAppKey
  appName: string
  client: { id: string; name: string }
  redirectUri: string
  state?: string
  scopes: string[]
  codeChallenge?: string
  loginHint?: string
  /** Accounts that already exist in the app (the page offers them). */
  accounts: string[]
}

/** Outcome of checking an authorization request. */
export type AuthorizationCheck =
  | { ok: true; request: AuthorizationRequest }
  /** `redirect` is set when the error may go back to the client (its redirect URI is trusted). */
  | { ok: false; error: string; description: string; redirect?: string }

/** An HTTP answer of the token or revocation endpoint. */
export interface OAuthEndpointResponse {
  status: number
  headers: Record<string, string>
  body: Record<string, unknown>
}

/** Counts of token requests by grant, since start. */
export interface TokenRequestCounts {
  authorization_code: number
  refresh_token: number
}

const CODE_TTL_MS = 10 * 60 * 1000
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The OAuth 2.0 authorization server of a sandbox app (RFC 6749 authorization code grant with
 * PKCE S256, rotating refresh tokens with reuse detection, RFC 7009 revocation). Codes and
 * tokens are stored only as sha256 hashes; every expiry uses the engine clock.
 */
export class SandboxOAuthServer {
  /** Token requests per grant type (tests count refreshes with it). */
  readonly counts: TokenRequestCounts = { authorization_code: 0, refresh_token: 0 }

  constructor(
    private readonly ctx: EngineContext,
    private readonly repo: SandboxRepository,
    private readonly ensureAccount: (app: SandboxAppKey, name: string) => SandboxAccountRow,
    private readonly settings: (app: SandboxAppKey) => { accessTokenTtlSeconds: number; refreshTokenTtlSeconds: number }
  ) {}

  /** Registers an OAuth client; the secret is returned once and kept only as a hash. */
  registerClient(app: SandboxAppKey, name: string, redirectUris: string[]): { clientId: string; clientSecret: string } {
    const clientId = `${app}_client_${randomBytes(8).toString('hex')}`
    const clientSecret = `${app}_secret_${randomBytes(24).toString('base64url')}`
    this.repo.insertClient({
      id: clientId,
      app,
      name,
      secret_hash: sha256Hex(clientSecret),
      redirect_uris: toJsonColumn(redirectUris),
      created_at: this.ctx.nowIso()
    })
    return { clientId, clientSecret }
  }

  /** Checks the query of `GET /oauth/authorize`. */
  checkAuthorization(app: SandboxAppKey, params: Record<string, string | undefined>): AuthorizationCheck {
    const definition = SANDBOX_APPS[app]
    if (definition.auth !== 'oauth2')
      return { ok: false, error: 'unsupported', description: `${definition.name} does not use OAuth.` }
    const client = params.client_id ? this.repo.client(params.client_id) : undefined
    if (!client || client.app !== app) {
      return {
        ok: false,
        error: 'invalid_client',
        description: `Unknown client_id "${params.client_id ?? ''}": the integration is not registered with ${definition.name}.`
      }
    }
    const redirectUri = params.redirect_uri
    if (!redirectUri || !redirectAllowed(client, redirectUri)) {
      return {
        ok: false,
        error: 'invalid_redirect_uri',
        description: `redirect_uri "${redirectUri ?? ''}" is not registered for client "${client.name}" (registered: ${fromJsonColumn(client.redirect_uris).join(', ')}).`
      }
    }
    const back = (error: string, description: string): AuthorizationCheck => ({
      ok: false,
      error,
      description,
      redirect: withQuery(redirectUri, { error, error_description: description, state: params.state })
    })
    if (params.response_type !== 'code') return back('unsupported_response_type', 'response_type must be "code".')
    const scopes = (params.scope ?? definition.scopes.join(' ')).split(/[\s+]+/).filter(Boolean)
    const unknown = scopes.filter((s) => !definition.scopes.includes(s))
    if (unknown.length)
      return back(
        'invalid_scope',
        `Unknown scope ${unknown.join(', ')}; ${definition.name} knows ${definition.scopes.join(', ')}.`
      )
    if (params.code_challenge && params.code_challenge_method !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256.')
    return {
      ok: true,
      request: {
        app,
        appName: definition.name,
        client: { id: client.id, name: client.name },
        redirectUri,
        state: params.state,
        scopes,
        codeChallenge: params.code_challenge,
        loginHint: params.login_hint,
        accounts: this.repo.accounts(app).map((a) => a.name)
      }
    }
  }

  /** The person's answer on the consent page; returns where to send the browser. */
  decide(
    app: SandboxAppKey,
    form: Record<string, string | undefined>
  ): AuthorizationCheck | { ok: true; redirect: string } {
    const check = this.checkAuthorization(app, form)
    if (!check.ok) return check
    const { request } = check
    if (form.decision !== 'approve') {
      return {
        ok: true,
        redirect: withQuery(request.redirectUri, {
          error: 'access_denied',
          error_description: 'The person denied access.',
          state: request.state
        })
      }
    }
    const accountName = (form.account ?? '').trim()
    if (!accountName || accountName.length > 100)
      return { ok: false, error: 'invalid_account', description: 'Enter an account name (1 to 100 characters).' }
    const account = this.ensureAccount(app, accountName)
    const code = `${app}_code_${randomBytes(24).toString('base64url')}`
    const now = this.ctx.clock.now()
    this.repo.insertCode({
      code_hash: sha256Hex(code),
      app,
      client_id: request.client.id,
      account_id: account.id,
      redirect_uri: request.redirectUri,
      scope: request.scopes.join(' '),
      code_challenge: request.codeChallenge ?? null,
      expires_at: new Date(now + CODE_TTL_MS).toISOString(),
      used_at: null,
      created_at: new Date(now).toISOString()
    })
    return { ok: true, redirect: withQuery(request.redirectUri, { code, state: request.state }) }
  }

  /** `POST /oauth/token` (form-encoded): authorization_code and refresh_token grants. */
  token(
    app: SandboxAppKey,
    form: Record<string, string | undefined>,
    authorization: string | undefined
  ): OAuthEndpointResponse {
    const auth = this.clientAuth(app, form, authorization)
    if (!auth.ok) return auth.response
    const client = auth.client
    const grant = form.grant_type
    if (grant === 'authorization_code') {
      this.counts.authorization_code++
      return this.exchangeCode(app, client, form)
    }
    if (grant === 'refresh_token') {
      this.counts.refresh_token++
      return this.refresh(app, client, form)
    }
    return oauthError(
      400,
      'unsupported_grant_type',
      `grant_type must be authorization_code or refresh_token, got "${grant ?? ''}".`
    )
  }

  /** `POST /oauth/revoke` (RFC 7009): revokes an access or refresh token of this client. */
  revoke(
    app: SandboxAppKey,
    form: Record<string, string | undefined>,
    authorization: string | undefined
  ): OAuthEndpointResponse {
    const auth = this.clientAuth(app, form, authorization)
    if (!auth.ok) return auth.response
    if (!form.token) return oauthError(400, 'invalid_request', 'token is required.')
    const row = this.repo.token(sha256Hex(form.token))
    // RFC 7009 §2.2: an unknown or foreign token still answers 200.
    if (row && row.client_id === auth.client.id) {
      const at = this.ctx.nowIso()
      if (row.kind === 'refresh') this.repo.revokeFamily(row.family_id, at, 'revoked')
      else this.repo.revokeToken(row.token_hash, at, 'revoked')
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: {} }
  }

  /** The account a bearer access token belongs to; 401 in the app's words otherwise. */
  authenticate(app: SandboxAppKey, authorization: string | undefined): SandboxAccountRow {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')
    const challenge = (error: string, description: string) =>
      new SandboxApiError(401, error, description, undefined, {
        'www-authenticate': `Bearer realm="${app}", error="${error}", error_description="${description}"`
      })
    if (!match) throw challenge('invalid_request', 'Send an access token: "Authorization: Bearer <token>".')
    const row = this.repo.token(sha256Hex(match[1]))
    if (!row || row.app !== app || row.kind !== 'access')
      throw challenge('invalid_token', 'The access token is not valid.')
    if (row.revoked_at) throw challenge('invalid_token', 'The access token was revoked.')
    if (Date.parse(row.expires_at) <= this.ctx.clock.now())
      throw challenge('invalid_token', 'The access token expired.')
    const account = this.repo.accountById(row.account_id)
    if (!account) throw challenge('invalid_token', 'The account of this token no longer exists.')
    return account
  }

  /** Fault simulation: the app treats this access token as expired from now on. */
  expireAccessToken(app: SandboxAppKey, accessToken: string): boolean {
    const hash = sha256Hex(accessToken)
    const row = this.repo.token(hash)
    if (!row || row.app !== app || row.kind !== 'access') return false
    return this.repo.expireToken(hash, this.ctx.nowIso())
  }

  private exchangeCode(
    app: SandboxAppKey,
    client: SandboxOAuthClientRow,
    form: Record<string, string | undefined>
  ): OAuthEndpointResponse {
    if (!form.code) return oauthError(400, 'invalid_request', 'code is required.')
    const hash = sha256Hex(form.code)
    const code = this.repo.code(hash)
    if (!code || code.app !== app || code.client_id !== client.id)
      return oauthError(400, 'invalid_grant', 'The authorization code is not valid for this client.')
    const now = this.ctx.clock.now()
    if (code.used_at || !this.repo.useCode(hash, new Date(now).toISOString())) {
      // RFC 6749 §4.1.2: a code used twice revokes what it issued.
      this.repo.revokeFamily(hash, new Date(now).toISOString(), 'code-reuse')
      return oauthError(
        400,
        'invalid_grant',
        'The authorization code was already used; tokens issued from it are revoked.'
      )
    }
    if (Date.parse(code.expires_at) <= now)
      return oauthError(400, 'invalid_grant', 'The authorization code expired; start the authorization again.')
    if (form.redirect_uri !== code.redirect_uri)
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one of the authorization request.')
    if (code.code_challenge) {
      if (!form.code_verifier)
        return oauthError(400, 'invalid_grant', 'code_verifier is required (the authorization used PKCE).')
      const challenge = createHash('sha256').update(form.code_verifier).digest('base64url')
      if (!safeEqual(challenge, code.code_challenge))
        return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge.')
    }
    return this.issue(app, client.id, code.account_id, code.scope, hash)
  }

  private refresh(
    app: SandboxAppKey,
    client: SandboxOAuthClientRow,
    form: Record<string, string | undefined>
  ): OAuthEndpointResponse {
    if (!form.refresh_token) return oauthError(400, 'invalid_request', 'refresh_token is required.')
    const hash = sha256Hex(form.refresh_token)
    const row = this.repo.token(hash)
    if (!row || row.app !== app || row.kind !== 'refresh' || row.client_id !== client.id)
      return oauthError(400, 'invalid_grant', 'The refresh token is not valid for this client.')
    const at = this.ctx.nowIso()
    if (row.revoked_at) {
      if (row.revoked_reason === 'rotated') {
        this.repo.revokeFamily(row.family_id, at, 'reuse')
        return oauthError(
          400,
          'invalid_grant',
          'The refresh token was already used (tokens rotate on every refresh); every token of this grant is now revoked.'
        )
      }
      return oauthError(400, 'invalid_grant', 'The refresh token was revoked.')
    }
    if (Date.parse(row.expires_at) <= this.ctx.clock.now())
      return oauthError(400, 'invalid_grant', 'The refresh token expired.')
    if (!this.repo.revokeToken(hash, at, 'rotated'))
      return oauthError(400, 'invalid_grant', 'The refresh token was already used.')
    const scope = form.scope ? form.scope : row.scope
    if (scope.split(' ').some((s) => !row.scope.split(' ').includes(s)))
      return oauthError(400, 'invalid_scope', 'A refresh cannot widen the scope.')
    return this.issue(app, client.id, row.account_id, scope, row.family_id)
  }

  private issue(
    app: SandboxAppKey,
    clientId: string,
    accountId: string,
    scope: string,
    familyId: string
  ): OAuthEndpointResponse {
    const settings = this.settings(app)
    const now = this.ctx.clock.now()
    const accessToken = `${app}_at_${randomBytes(24).toString('base64url')}`
    const refreshToken = `${app}_rt_${randomBytes(24).toString('base64url')}`
    const base = {
      app,
      client_id: clientId,
      account_id: accountId,
      scope,
      family_id: familyId,
      revoked_at: null,
      revoked_reason: null,
      created_at: new Date(now).toISOString()
    }
    this.ctx.db.transaction(() => {
      this.repo.insertToken({
        ...base,
        token_hash: sha256Hex(accessToken),
        kind: 'access',
        expires_at: new Date(now + settings.accessTokenTtlSeconds * 1000).toISOString()
      })
      this.repo.insertToken({
        ...base,
        token_hash: sha256Hex(refreshToken),
        kind: 'refresh',
        expires_at: new Date(now + settings.refreshTokenTtlSeconds * 1000).toISOString()
      })
    })
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: settings.accessTokenTtlSeconds,
        refresh_token: refreshToken,
        scope
      }
    }
  }

  /** client_secret_basic or client_secret_post. */
  private clientAuth(
    app: SandboxAppKey,
    form: Record<string, string | undefined>,
    authorization: string | undefined
  ): { ok: true; client: SandboxOAuthClientRow } | { ok: false; response: OAuthEndpointResponse } {
    let id = form.client_id
    let secret = form.client_secret
    const basic = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '')
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      id = decodeURIComponent(decoded.slice(0, colon))
      secret = decodeURIComponent(decoded.slice(colon + 1))
    }
    const fail = (description: string) => {
      const response = oauthError(401, 'invalid_client', description)
      if (basic) response.headers['www-authenticate'] = `Basic realm="${app}"`
      return { ok: false as const, response }
    }
    if (!id || secret === undefined)
      return fail('Client authentication is required (HTTP Basic with client_id and client_secret).')
    const client = this.repo.client(id)
    if (!client || client.app !== app) return fail(`Unknown client_id "${id}".`)
    if (!safeEqual(sha256Hex(secret), client.secret_hash)) return fail('The client secret is wrong.')
    return { ok: true, client }
  }
}

function oauthError(status: number, error: string, description: string): OAuthEndpointResponse {
  return { status, headers: { 'cache-control': 'no-store' }, body: { error, error_description: description } }
}

/** Exact match, or RFC 8252 §7.3: a loopback redirect URI matches on any port. */
function redirectAllowed(client: SandboxOAuthClientRow, uri: string): boolean {
  let asked: URL
  try {
    asked = new URL(uri)
  } catch {
    return false
  }
  for (const registered of fromJsonColumn(client.redirect_uris)) {
    if (registered === uri) return true
    const r = new URL(registered)
    if (
      LOOPBACK.has(r.hostname) &&
      r.protocol === asked.protocol &&
      r.hostname === asked.hostname &&
      r.pathname === asked.pathname &&
      !asked.hash
    )
      return true
  }
  return false
}

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri)
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v)
  return url.toString()
}
