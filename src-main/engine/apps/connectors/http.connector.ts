import { Type, type Static } from '@sinclair/typebox'
import type { JsonSchema } from '../../../contract/apps'
import { Enum } from '../../../contract/schema-kit'
import type { AppRequest } from '../../../contract/connections'
import { invalidData } from '../../common/engine-error'
import { inputParser } from '../../common/input-parser'
import { appLogo } from '../app-logo'
import type { AuthOptionDefinition, Connector } from '../connector'

const METHODS = ['none', 'api-key-header', 'api-key-query', 'bearer', 'basic', 'oauth2-client-credentials'] as const
const HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$"

/** Parameters of a generic HTTP integration: checked with it and shown as the integration's form. */
const HttpConnectorParameters = Type.Object(
  {
    baseUrl: Type.String({
      title: 'Base URL',
      description: 'Where the service listens, e.g. http://127.0.0.1:8080/api',
      minLength: 1
    }),
    /** Offer only this auth method; all of them when absent. */
    authType: Type.Optional(
      Enum(METHODS, {
        type: 'string',
        title: 'Authentication',
        description: 'Offer only this method; leave empty to let each connection choose.'
      })
    ),
    apiKeyHeader: Type.Optional(Type.String({ title: 'API key header', pattern: HEADER_NAME, default: 'X-API-Key' })),
    apiKeyQueryParam: Type.Optional(
      Type.String({ title: 'API key query parameter', minLength: 1, maxLength: 100, default: 'api_key' })
    ),
    tokenUrl: Type.Optional(
      Type.String({ title: 'OAuth 2.0 token URL', description: 'Needed for the client-credentials grant.' })
    ),
    scope: Type.Optional(Type.String({ title: 'OAuth 2.0 scope' })),
    /** Path requested by "test connection" (default `/`). */
    testPath: Type.Optional(
      Type.String({ title: 'Test path', description: 'GET this path to test a connection (default /).', pattern: '^/' })
    )
  },
  { additionalProperties: false }
)
/** Parameters of a generic HTTP integration, as parsed. */
type HttpConnectorParameters = Static<typeof HttpConnectorParameters>

const PARAMETERS_SCHEMA: JsonSchema = HttpConnectorParameters

const parseParameters = inputParser(HttpConnectorParameters, 'parameters', 'HTTP connector parameters')

const secret = (title: string): JsonSchema => ({
  type: 'string',
  title,
  minLength: 1,
  maxLength: 4000,
  writeOnly: true
})

function httpUrl(value: string, path: string): void {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidData(`${path} must be an absolute http(s) URL, got "${value}".`, [{ path, message: 'not a URL' }])
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidData(`${path} must use http or https, got "${url.protocol}".`, [{ path, message: 'not http(s)' }])
}

/** The generic HTTP connector: any local service, base URL plus one of six auth methods. */
export function createHttpConnector(): Connector {
  const options = (p: Record<string, unknown>): AuthOptionDefinition[] => {
    const params = p as Partial<HttpConnectorParameters>
    const all: AuthOptionDefinition[] = [
      {
        key: 'none',
        type: 'client-credentials',
        title: 'No authentication',
        method: 'none',
        inputSchema: { type: 'object', properties: {}, additionalProperties: false }
      },
      {
        key: 'api-key-header',
        type: 'client-credentials',
        title: `API key (${params.apiKeyHeader ?? 'X-API-Key'} header)`,
        method: 'api-key-header',
        apiKeyHeader: params.apiKeyHeader ?? 'X-API-Key',
        inputSchema: {
          type: 'object',
          required: ['apiKey'],
          additionalProperties: false,
          properties: { apiKey: secret('API key') }
        }
      },
      {
        key: 'api-key-query',
        type: 'client-credentials',
        title: `API key (?${params.apiKeyQueryParam ?? 'api_key'}= query parameter)`,
        method: 'api-key-query',
        apiKeyQueryParam: params.apiKeyQueryParam ?? 'api_key',
        inputSchema: {
          type: 'object',
          required: ['apiKey'],
          additionalProperties: false,
          properties: { apiKey: secret('API key') }
        }
      },
      {
        key: 'bearer',
        type: 'client-credentials',
        title: 'Bearer token',
        method: 'bearer',
        inputSchema: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: secret('Token') }
        }
      },
      {
        key: 'basic',
        type: 'client-credentials',
        title: 'Username and password (HTTP Basic)',
        method: 'basic',
        inputSchema: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', title: 'Username', minLength: 1, maxLength: 500 },
            password: secret('Password')
          }
        }
      },
      {
        key: 'oauth2-client-credentials',
        type: 'client-credentials',
        title: 'OAuth 2.0 client credentials',
        method: 'oauth2-client-credentials',
        tokenUrl: params.tokenUrl,
        scope: params.scope,
        inputSchema: {
          type: 'object',
          required: ['clientId', 'clientSecret'],
          additionalProperties: false,
          properties: {
            clientId: { type: 'string', title: 'Client id', minLength: 1, maxLength: 500 },
            clientSecret: secret('Client secret')
          }
        }
      }
    ]
    if (params.authType) return all.filter((o) => o.method === params.authType)
    return all.filter((o) => o.method !== 'oauth2-client-credentials' || params.tokenUrl)
  }
  return {
    key: 'http',
    app: {
      id: 'http',
      key: 'http',
      uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000003',
      name: 'HTTP API',
      logoUri: appLogo('API', '#475569'),
      appUri: '',
      apiDocsUri: '',
      categories: ['Developer tools'],
      defaultConnectorId: 'http',
      popularity: 50,
      isReadOnly: false,
      isPublic: true,
      hasFreeTestAccount: false,
      isSandbox: false
    },
    parametersSchema: PARAMETERS_SCHEMA,
    secretParameters: [],
    collections: [],
    prepareParameters(input) {
      // Created without parameters (as the Membrane CLI pushes integrations), the integration
      // reports hasMissingParameters and refuses connections until an admin sets baseUrl.
      // Parameters that are given are checked in full.
      if (input === undefined) return {}
      const params = parseParameters(input ?? {})
      httpUrl(params.baseUrl, 'parameters.baseUrl')
      if (params.tokenUrl) httpUrl(params.tokenUrl, 'parameters.tokenUrl')
      if (params.authType === 'oauth2-client-credentials' && !params.tokenUrl) {
        throw invalidData('parameters.tokenUrl is required when authType is oauth2-client-credentials.', [
          { path: 'parameters.tokenUrl', message: 'tokenUrl is required' }
        ])
      }
      return { ...params, baseUrl: params.baseUrl.replace(/\/+$/, '') }
    },
    missingParameters: (p) => (typeof p.baseUrl === 'string' && p.baseUrl ? [] : ['baseUrl']),
    authOptions: options,
    baseUrl: (p) => String(p.baseUrl ?? ''),
    testRequest: (p): AppRequest => ({ method: 'GET', path: typeof p.testPath === 'string' ? p.testPath : '/' })
  }
}
