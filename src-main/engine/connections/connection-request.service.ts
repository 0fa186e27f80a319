import { randomBytes } from 'node:crypto'
import type { ConnectionRequestDto } from '../../contract/operations'
import { maySee, type Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { accessDenied, invalidData, notFound } from '../common/engine-error'
import { fromJsonColumn, toJsonColumn } from '../common/json-column'
import type { CustomerService } from '../customers/customer.service'
import type { IntegrationConfig, IntegrationService } from '../integrations/integration.service'
import type { TokenService } from '../tokens/token.service'
import type { ConnectService } from './connect.service'
import { parseCreateConnectionRequest, type CreateConnectionRequest } from './connection-request.inputs'
import { ConnectionRequestRepository, type ConnectionRequestRow } from './connection-request.repository'
import type { ConnectionService } from './connection.service'

const REQUEST_TTL_MS = 24 * 3600 * 1000
/** How long the customer token behind a connection request page lives. */
const PAGE_TOKEN_TTL = '15m'

/**
 * Membrane's connection requests: your app asks for a link (`POST /connection-requests`), a
 * person opens it (`{apiUri}/screens/connections?connectionRequestId=…`) and connects through
 * the same connect flow the SDK uses; the request's status is that run's outcome.
 */
export class ConnectionRequestService {
  private readonly repo: ConnectionRequestRepository

  constructor(
    private readonly ctx: EngineContext,
    private readonly customers: CustomerService,
    private readonly integrations: IntegrationService,
    private readonly connections: ConnectionService,
    private readonly connect: ConnectService,
    private readonly tokens: TokenService,
    private readonly apiUrl: () => string
  ) {
    this.repo = new ConnectionRequestRepository(ctx.db)
  }

  /** Makes a request for the calling customer. */
  create(actor: Actor, input: unknown): ConnectionRequestDto {
    const body = parseCreateConnectionRequest(input ?? {})
    if (!actor.customer)
      throw accessDenied('A connection request is made for one customer: call with a customer token (claim "id").')
    let config: IntegrationConfig
    let connectionId: string | null = null
    if (body.connectionId) {
      const view = this.connections.resolve(actor, body.connectionId)
      connectionId = view.id
      config = this.integrations.config(view.integration_id)
    } else config = this.configFor(body)
    this.connections.assertConnectable(config)
    const now = this.ctx.clock.now()
    const row: ConnectionRequestRow = {
      seq: 0,
      id: `cr_${randomBytes(18).toString('base64url')}`,
      customer_id: actor.customer.id,
      integration_id: config.row.id,
      connection_id: connectionId,
      payload: toJsonColumn({ ...body, integrationKey: config.row.key, integrationId: config.row.id }),
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + REQUEST_TTL_MS).toISOString()
    }
    const { seq: _seq, ...values } = row
    this.repo.insert(values)
    return this.dto(row)
  }

  /** One request with its current status (its customer, or an admin). */
  get(actor: Actor, id: string): ConnectionRequestDto {
    const row = this.repo.byId(id)
    if (!row || !maySee(actor, row.customer_id)) throw notFound(`No connection request "${id}".`)
    return this.dto(row)
  }

  /**
   * What the request page needs: the request and a short-lived token of its customer for the
   * connect run. The request id is the capability (long and random), as Membrane's links are.
   */
  async forPage(id: string): Promise<{ request: ConnectionRequestDto; integrationName: string; token: string }> {
    const row = this.repo.byId(id)
    if (!row) throw notFound('This connection link is not known here; ask the app for a new one.')
    const request = this.dto(row)
    if (request.status === 'pending' && Date.parse(row.expires_at) <= this.ctx.clock.now())
      throw invalidData('This connection link expired; ask the app for a new one.', [
        { path: 'connectionRequestId', message: 'expired' }
      ])
    const customer = this.customers.rowOf(row.customer_id)
    const minted = await this.tokens.mint({
      customerId: customer.internal_id,
      name: customer.name,
      ttl: PAGE_TOKEN_TTL
    })
    const integrationName = this.integrations.configById(row.integration_id)?.row.name ?? 'the app'
    return { request, integrationName, token: minted.token }
  }

  private configFor(body: CreateConnectionRequest): IntegrationConfig {
    const selector = body.integrationId ?? body.integrationKey
    if (selector) return this.integrations.config(selector)
    const connector = body.connectorId ?? body.connectorKey
    if (connector) {
      const found = this.integrations
        .list({ kind: 'admin' }, { limit: 1000 })
        .items.find((i) => i.connectorId === connector)
      if (found) return this.integrations.config(found.id)
      throw invalidData(`No integration uses connector "${connector}".`, [
        { path: body.connectorId ? 'connectorId' : 'connectorKey', message: 'no integration for this connector' }
      ])
    }
    throw invalidData('Say what to connect to: integrationKey, integrationId, connectorId or connectionId.', [
      { path: 'integrationKey', message: 'integrationKey is required' }
    ])
  }

  private dto(row: ConnectionRequestRow): ConnectionRequestDto {
    const payload = fromJsonColumn(row.payload)
    const outcome = this.connect.resultFor(row.id)
    const base: ConnectionRequestDto = {
      requestId: row.id,
      tenantId: row.customer_id,
      integrationId: row.integration_id,
      integrationKey: payload.integrationKey,
      ...(payload.connectorId ? { connectorId: payload.connectorId } : {}),
      ...(row.connection_id ? { connectionId: row.connection_id } : {}),
      ...(payload.name ? { name: payload.name } : {}),
      ...(payload.allowMultipleConnections !== undefined
        ? { allowMultipleConnections: payload.allowMultipleConnections }
        : {}),
      ...(payload.connectorParameters ? { connectorParameters: payload.connectorParameters } : {}),
      ...(payload.redirectUri ? { redirectUri: payload.redirectUri } : {}),
      ...(payload.prompt ? { prompt: payload.prompt } : {}),
      status: 'pending',
      createdAt: row.created_at,
      url: `${this.apiUrl()}/screens/connections?connectionRequestId=${encodeURIComponent(row.id)}`
    }
    if (!outcome) return base
    if (outcome.message.type === 'newConnectionCreated')
      return { ...base, status: 'success', resultConnectionId: outcome.message.connection.id }
    return {
      ...base,
      status: 'error',
      resultError: outcome.message.errorData ?? { type: 'internal', message: outcome.message.error }
    }
  }
}
