import type { AppRequest } from '../../../contract/connections'
import { invalidData } from '../../common/engine-error'
import { appLogo } from '../app-logo'
import type { AuthOptionDefinition, Connector, OAuthEndpoints } from '../connector'
import { SANDBOX_CRM } from '../sandbox/sandbox-app.definitions'
import type { SandboxService } from '../sandbox/sandbox.service'
import { sandboxCollections } from './sandbox.collections'
import { SandboxRestDataApi } from './sandbox-rest.data-api'
import { sandboxOperations } from './sandbox.operations'

/** Redirect URIs every CRM client is registered with (loopback: any port, RFC 8252). */
export const ENGINE_REDIRECT_URIS = ['http://127.0.0.1/oauth-callback', 'http://localhost/oauth-callback']

const OPTION: AuthOptionDefinition = {
  key: 'oauth2',
  type: 'oauth2',
  title: 'Sign in with Sandbox CRM',
  description: 'Opens the Sandbox CRM consent page; approve to give this app access to your CRM account.',
  method: 'oauth2-authorization-code'
}

/** Connector of the Sandbox CRM: OAuth 2.0 authorization code, contacts / companies / deals. */
export function createSandboxCrmConnector(sandbox: SandboxService): Connector {
  const base = () => sandbox.baseUri('crm')
  return {
    key: 'sandbox-crm',
    app: {
      id: 'sandbox-crm',
      key: 'sandbox-crm',
      uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000001',
      name: 'Sandbox CRM',
      logoUri: appLogo('CRM', '#2563eb'),
      appUri: '/sandbox/crm/',
      apiDocsUri: '/sandbox/crm/',
      categories: ['CRM', 'Sandbox'],
      defaultConnectorId: 'sandbox-crm',
      popularity: 100,
      isReadOnly: true,
      isPublic: true,
      hasFreeTestAccount: true,
      isSandbox: true
    },
    parametersSchema: {
      type: 'object',
      properties: {
        clientId: {
          type: 'string',
          title: 'OAuth client id',
          description: 'Registered with the Sandbox CRM automatically when left empty.'
        },
        clientSecret: { type: 'string', title: 'OAuth client secret', writeOnly: true }
      }
    },
    secretParameters: ['clientSecret'],
    udm: { contacts: 'contacts', companies: 'companies', deals: 'deals' },
    collections: sandboxCollections(SANDBOX_CRM),
    dataApi: new SandboxRestDataApi(SANDBOX_CRM),
    operations: sandboxOperations(SANDBOX_CRM),
    prepareParameters(input, integration) {
      const clientId = input?.clientId
      const clientSecret = input?.clientSecret
      if (clientId === undefined && clientSecret === undefined) {
        return {
          ...sandbox.oauth.registerClient('crm', `Integration Workbench · ${integration.name}`, ENGINE_REDIRECT_URIS)
        }
      }
      if (typeof clientId !== 'string' || !clientId || typeof clientSecret !== 'string' || !clientSecret) {
        throw invalidData(
          'parameters.clientId and parameters.clientSecret go together: set both, or neither to register a new client with the Sandbox CRM.',
          [{ path: 'parameters.clientSecret', message: 'set both clientId and clientSecret, or neither' }]
        )
      }
      return { clientId, clientSecret }
    },
    missingParameters: (p) => ['clientId', 'clientSecret'].filter((k) => typeof p[k] !== 'string' || !p[k]),
    authOptions: () => [OPTION],
    baseUrl: () => `${base()}/api`,
    oauth(p): OAuthEndpoints {
      return {
        authorizeUrl: `${base()}/oauth/authorize`,
        tokenUrl: `${base()}/oauth/token`,
        revokeUrl: `${base()}/oauth/revoke`,
        clientId: String(p.clientId),
        clientSecret: String(p.clientSecret),
        scope: SANDBOX_CRM.scopes.join(' ')
      }
    },
    testRequest: (): AppRequest => ({ method: 'GET', path: '/me' }),
    accountOf: (body) => (body as { account?: { id: string; name: string } } | undefined)?.account,
    expireAccessToken: (token) => sandbox.oauth.expireAccessToken('crm', token)
  }
}
