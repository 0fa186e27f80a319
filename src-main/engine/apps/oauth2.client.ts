import { createHash, randomBytes } from 'node:crypto'
import { EngineError } from '../common/engine-error'

/** A token endpoint's successful answer, with the absolute expiry computed on the engine clock. */
export interface OAuthTokens {
  access_token: string
  token_type: string
  refresh_token?: string
  scope?: string
  expires_in?: number
  /** ISO time the access token expires (absent when the app gave no lifetime). */
  expires_at?: string
}

/** A token endpoint refused the request (`invalid_grant`, `invalid_client` ...). */
export class OAuthGrantError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string
  ) {
    super(`${error}: ${description}`)
    this.name = 'OAuthGrantError'
  }
}

/** A PKCE verifier and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/**
 * OAuth 2.0 client over real HTTP: authorization-code exchange, refresh, client-credentials
 * grant and RFC 7009 revocation; client authentication with HTTP Basic.
 */
export class OAuth2Client {
  constructor(
    private readonly now: () => number,
    private readonly timeoutMs = 15_000
  ) {}

  /** The URL of the app's consent page. */
  authorizeUrl(
    endpoint: string,
    params: {
      clientId: string
      redirectUri: string
      state: string
      scope?: string
      codeChallenge?: string
      loginHint?: string
    }
  ): string {
    const url = new URL(endpoint)
    url.searchParams.set('response_type', 'code')
    url.searchParams.set('client_id', params.clientId)
    url.searchParams.set('redirect_uri', params.redirectUri)
    url.searchParams.set('state', params.state)
    if (params.scope) url.searchParams.set('scope', params.scope)
    if (params.codeChallenge) {
      url.searchParams.set('code_challenge', params.codeChallenge)
      url.searchParams.set('code_challenge_method', 'S256')
    }
    if (params.loginHint) url.searchParams.set('login_hint', params.loginHint)
    return url.toString()
  }

  /** Exchanges an authorization code. */
  exchangeCode(
    tokenUrl: string,
    client: { clientId: string; clientSecret: string },
    params: { code: string; redirectUri: string; codeVerifier?: string }
  ): Promise<OAuthTokens> {
    return this.tokenRequest(tokenUrl, client, {
      grant_type: 'authorization_code',
      code: params.code,
      redirect_uri: params.redirectUri,
      ...(params.codeVerifier ? { code_verifier: params.codeVerifier } : {})
    })
  }

  /** Uses a refresh token (the app may rotate it: keep the one returned). */
  refresh(
    tokenUrl: string,
    client: { clientId: string; clientSecret: string },
    refreshToken: string
  ): Promise<OAuthTokens> {
    return this.tokenRequest(tokenUrl, client, { grant_type: 'refresh_token', refresh_token: refreshToken })
  }

  /** Client-credentials grant. */
  clientCredentials(
    tokenUrl: string,
    client: { clientId: string; clientSecret: string },
    scope?: string
  ): Promise<OAuthTokens> {
    return this.tokenRequest(tokenUrl, client, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) })
  }

  /** RFC 7009 revocation. */
  async revoke(
    revokeUrl: string,
    client: { clientId: string; clientSecret: string },
    token: string,
    hint: 'access_token' | 'refresh_token'
  ): Promise<void> {
    const response = await this.post(revokeUrl, client, { token, token_type_hint: hint })
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string; error_description?: string }
      throw new OAuthGrantError(
        response.status,
        body.error ?? `http_${response.status}`,
        body.error_description ?? 'revocation failed'
      )
    }
  }

  private async tokenRequest(
    tokenUrl: string,
    client: { clientId: string; clientSecret: string },
    form: Record<string, string>
  ): Promise<OAuthTokens> {
    const response = await this.post(tokenUrl, client, form)
    const text = await response.text()
    let body: Record<string, unknown> = {}
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    } catch {
      throw new OAuthGrantError(
        response.status,
        'invalid_response',
        `the token endpoint answered ${response.status} with a body that is not JSON`
      )
    }
    if (!response.ok) {
      throw new OAuthGrantError(
        response.status,
        String(body.error ?? `http_${response.status}`),
        String(body.error_description ?? body.message ?? 'no description')
      )
    }
    if (typeof body.access_token !== 'string' || !body.access_token)
      throw new OAuthGrantError(
        response.status,
        'invalid_response',
        'the token endpoint answered without an access_token'
      )
    const tokens: OAuthTokens = { access_token: body.access_token, token_type: String(body.token_type ?? 'Bearer') }
    if (typeof body.refresh_token === 'string') tokens.refresh_token = body.refresh_token
    if (typeof body.scope === 'string') tokens.scope = body.scope
    const expiresIn = Number(body.expires_in)
    if (Number.isFinite(expiresIn) && expiresIn > 0) {
      tokens.expires_in = expiresIn
      tokens.expires_at = new Date(this.now() + expiresIn * 1000).toISOString()
    }
    return tokens
  }

  private async post(
    url: string,
    client: { clientId: string; clientSecret: string },
    form: Record<string, string>
  ): Promise<Response> {
    const basic = Buffer.from(
      `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`
    ).toString('base64')
    try {
      return await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: `Basic ${basic}`
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.timeoutMs)
      })
    } catch (error) {
      throw new EngineError(
        {
          type: 'connection',
          message: `Could not reach the token endpoint ${url}: ${(error as Error).message}. Is the app running?`
        },
        502
      )
    }
  }
}
