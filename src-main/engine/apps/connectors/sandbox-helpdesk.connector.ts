import type { AppRequest } from '../../../contract/connections'
import { appLogo } from '../app-logo'
import type { AuthOptionDefinition, Connector } from '../connector'
import { SANDBOX_HELPDESK } from '../sandbox/sandbox-app.definitions'
import type { SandboxService } from '../sandbox/sandbox.service'
import { sandboxCollections } from './sandbox.collections'
import { SandboxRestDataApi } from './sandbox-rest.data-api'
import { sandboxOperations } from './sandbox.operations'

/** Connector of the Sandbox Helpdesk: API key in the X-Api-Key header, tickets and comments. */
export function createSandboxHelpdeskConnector(sandbox: SandboxService): Connector {
  const option = (): AuthOptionDefinition => ({
    key: 'api-key',
    type: 'client-credentials',
    title: 'API key',
    description: 'Paste an API key of your Sandbox Helpdesk account.',
    method: 'api-key-header',
    apiKeyHeader: 'X-Api-Key',
    inputSchema: {
      type: 'object',
      required: ['apiKey'],
      additionalProperties: false,
      properties: {
        apiKey: {
          type: 'string',
          title: 'API key',
          minLength: 8,
          maxLength: 200,
          writeOnly: true,
          description: 'Create one in Sandbox Helpdesk → Settings (/sandbox/helpdesk/settings on this engine).'
        }
      }
    }
  })
  return {
    key: 'sandbox-helpdesk',
    app: {
      id: 'sandbox-helpdesk',
      key: 'sandbox-helpdesk',
      uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000002',
      name: 'Sandbox Helpdesk',
      logoUri: appLogo('HD', '#059669'),
      appUri: '/sandbox/helpdesk/settings',
      apiDocsUri: '/sandbox/helpdesk/settings',
      categories: ['Ticketing', 'Sandbox'],
      defaultConnectorId: 'sandbox-helpdesk',
      popularity: 90,
      isReadOnly: true,
      isPublic: true,
      hasFreeTestAccount: true,
      isSandbox: true
    },
    secretParameters: [],
    udm: { tickets: 'tickets' },
    collections: sandboxCollections(SANDBOX_HELPDESK),
    dataApi: new SandboxRestDataApi(SANDBOX_HELPDESK),
    operations: sandboxOperations(SANDBOX_HELPDESK),
    prepareParameters: () => ({}),
    missingParameters: () => [],
    authOptions: () => [option()],
    baseUrl: () => `${sandbox.baseUri('helpdesk')}/api`,
    testRequest: (): AppRequest => ({ method: 'GET', path: '/me' }),
    accountOf: (body) => (body as { account?: { id: string; name: string } } | undefined)?.account
  }
}
