import { randomBytes } from 'node:crypto'
import type { ConnectLink, ConnectOutcome } from '../../contract/console-views'
import { CONSOLE_ACTOR } from '../auth/actor'
import { invalidData } from '../common/engine-error'
import type { CustomerService } from '../customers/customer.service'
import type { IntegrationService } from '../integrations/integration.service'
import type { TokenService } from '../tokens/token.service'
import type { ConnectService } from './connect.service'
import type { ConnectionService } from './connection.service'

/** How long the customer token inside a connect link lives: enough to approve, short enough to be harmless. */
const LINK_TTL = '15m'

/**
 * Connect links for the console: the real connect page (`GET /connect`) for one customer, with a
 * short-lived customer token, so a person can connect or reconnect on the customer's behalf in a
 * popup exactly as the customer would through the SDK. The outcome is read back by request id.
 */
export class ConnectLinks {
  constructor(
    private readonly customers: CustomerService,
    private readonly integrations: IntegrationService,
    private readonly connections: ConnectionService,
    private readonly connect: ConnectService,
    private readonly tokens: TokenService,
    private readonly apiUrl: () => string
  ) {}

  /** A link that connects `customerId` to the integration (or reconnects `connectionId`). */
  async create(input: { customerId: string; integrationKey: string; connectionId?: string }): Promise<ConnectLink> {
    const customer = this.customers.rowOf(input.customerId)
    const integration = this.integrations.config(input.integrationKey)
    if (input.connectionId) {
      const connection = this.connections.get(CONSOLE_ACTOR, input.connectionId)
      if (connection.userId !== customer.id || connection.integrationId !== integration.row.id) {
        throw invalidData(
          `Connection ${input.connectionId} is not ${customer.name}'s connection to ${integration.row.name}; reconnect it from its own page.`,
          [{ path: 'connectionId', message: 'belongs to another customer or integration' }]
        )
      }
    }
    this.connections.assertConnectable(integration)
    const minted = await this.tokens.mint({ customerId: customer.internal_id, name: customer.name, ttl: LINK_TTL })
    const requestId = `console-${randomBytes(12).toString('base64url')}`
    const url = new URL('/connect', this.apiUrl())
    url.searchParams.set('token', minted.token)
    url.searchParams.set('integrationKey', integration.row.key)
    url.searchParams.set('requestId', requestId)
    if (input.connectionId) url.searchParams.set('connectionId', input.connectionId)
    return { url: url.toString(), requestId, expiresAt: minted.expiresAt }
  }

  /** How the connect run with this request id ended, or `pending`. */
  outcome(requestId: string): ConnectOutcome {
    const result = this.connect.resultFor(requestId)
    return result ? { state: 'done', message: result.message } : { state: 'pending' }
  }
}
