import type { AuthOptionDefinition } from '../apps/connector'
import type { OAuth2Client, OAuthTokens } from '../apps/oauth2.client'
import { invalidData } from '../common/engine-error'
import type { IntegrationConfig } from '../integrations/integration.service'

/** Unsealed credentials of a connection (shape depends on the auth method). */
export type Credentials = Record<string, unknown>

/**
 * How each auth method turns input into credentials, puts them on a request, and renews
 * them: the one place that knows the six methods.
 */
export class ConnectionAuth {
  constructor(private readonly oauth: OAuth2Client) {}

  /** Credentials for input the person gave (client-credentials fetches a token now). */
  async fromInput(option: AuthOptionDefinition, input: Record<string, unknown>): Promise<Credentials> {
    switch (option.method) {
      case 'api-key-header':
      case 'api-key-query':
        return { apiKey: input.apiKey }
      case 'bearer':
        return { token: input.token }
      case 'basic':
        return { username: input.username, password: input.password }
      case 'none':
        return {}
      case 'oauth2-client-credentials':
        return this.clientCredentials(option, input)
      case 'oauth2-authorization-code':
        throw invalidData(
          `"${option.title}" needs the person to approve access in the app: connect through the UI (client.integration(key).connect()).`,
          [{ path: 'authOptionKey', message: 'OAuth needs the connect UI' }]
        )
    }
  }

  /** Whether the engine can renew these credentials by itself. */
  canRefresh(option: AuthOptionDefinition | undefined, credentials?: Credentials): boolean {
    if (!option) return false
    if (option.method === 'oauth2-client-credentials') return true
    return (
      option.method === 'oauth2-authorization-code' &&
      (credentials === undefined || typeof credentials.refresh_token === 'string')
    )
  }

  /** New credentials from the refresh token (rotated if the app rotates) or a new client-credentials grant. */
  async refresh(
    config: IntegrationConfig,
    option: AuthOptionDefinition,
    credentials: Credentials,
    input: Record<string, unknown>
  ): Promise<Credentials> {
    if (option.method === 'oauth2-client-credentials') return this.clientCredentials(option, input)
    const endpoints = config.connector.oauth!(config.parameters)
    const tokens = await this.oauth.refresh(endpoints.tokenUrl, endpoints, String(credentials.refresh_token))
    // Apps that do not rotate refresh tokens answer without one: keep the old.
    return tokenCredentials({
      ...tokens,
      refresh_token: tokens.refresh_token ?? (credentials.refresh_token as string | undefined)
    })
  }

  /** Puts the credentials on an outgoing request. */
  apply(option: AuthOptionDefinition, credentials: Credentials, url: URL, headers: Record<string, string>): void {
    switch (option.method) {
      case 'api-key-header':
        headers[(option.apiKeyHeader ?? 'X-API-Key').toLowerCase()] = String(credentials.apiKey)
        return
      case 'api-key-query':
        url.searchParams.set(option.apiKeyQueryParam ?? 'api_key', String(credentials.apiKey))
        return
      case 'bearer':
        headers.authorization = `Bearer ${String(credentials.token)}`
        return
      case 'basic':
        headers.authorization = `Basic ${Buffer.from(`${String(credentials.username)}:${String(credentials.password)}`).toString('base64')}`
        return
      case 'oauth2-authorization-code':
      case 'oauth2-client-credentials':
        headers.authorization = `Bearer ${String(credentials.access_token)}`
        return
      case 'none':
        return
    }
  }

  private async clientCredentials(option: AuthOptionDefinition, input: Record<string, unknown>): Promise<Credentials> {
    if (!option.tokenUrl)
      throw invalidData(
        'The integration has no tokenUrl parameter: an admin must set it for the client-credentials grant.',
        [{ path: 'parameters.tokenUrl', message: 'tokenUrl is required' }]
      )
    const tokens = await this.oauth.clientCredentials(
      option.tokenUrl,
      { clientId: String(input.clientId), clientSecret: String(input.clientSecret) },
      option.scope
    )
    return tokenCredentials(tokens)
  }
}

/** Token endpoint answer → stored credentials. */
export function tokenCredentials(tokens: OAuthTokens): Credentials {
  const credentials: Credentials = { access_token: tokens.access_token, token_type: tokens.token_type }
  if (tokens.refresh_token) credentials.refresh_token = tokens.refresh_token
  if (tokens.scope) credentials.scope = tokens.scope
  if (tokens.expires_at) credentials.expires_at = tokens.expires_at
  return credentials
}
