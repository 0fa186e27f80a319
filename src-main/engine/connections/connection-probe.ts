import type { ConnectionProbeResult } from '../../contract/console-views'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { EngineError } from '../common/engine-error'
import type { IntegrationService } from '../integrations/integration.service'
import type { ConnectionService } from './connection.service'

/** Header a simulated failure carries (set by the connection client). */
const SIMULATED_HEADER = 'x-workbench-simulated-fault'

/**
 * Makes one real call to the app through a connection (the connector's test request) and says
 * what happened on the way: the status, whether fault simulation answered instead of the app,
 * whether the engine refreshed the token first (ahead of expiry or after a 401), and how the
 * connection stands afterwards. This is how the console shows the effect of a simulated fault.
 */
export class ConnectionProbe {
  constructor(
    private readonly ctx: EngineContext,
    private readonly connections: ConnectionService,
    private readonly integrations: IntegrationService
  ) {}

  /** Calls the app once through connection `id`. Never throws for the call's own failure. */
  async probe(actor: Actor, id: string): Promise<ConnectionProbeResult> {
    const before = this.connections.get(actor, id)
    const config = this.integrations.config(before.integrationKey, true)
    const request = config.connector.testRequest(config.parameters)
    const described = `${request.method ?? 'GET'} ${request.path}`
    let refreshed: ConnectionProbeResult['refreshed']
    const stop = this.ctx.events.on('connection.credentialsRefreshed', ({ connection, trigger }) => {
      if (connection.id === before.id) refreshed = trigger
    })
    const started = performance.now()
    const at = this.ctx.nowIso()
    let result: Omit<ConnectionProbeResult, 'connection' | 'durationMs' | 'at' | 'request'>
    try {
      const response = await this.connections.request(actor, before.id, request)
      const simulated = response.headers[SIMULATED_HEADER] !== undefined
      const ok = response.status < 400
      result = {
        ok,
        status: response.status,
        simulated,
        message: ok ? undefined : messageOf(response.body, response.status, simulated)
      }
    } catch (error) {
      if (!(error instanceof EngineError)) throw error
      result = { ok: false, simulated: false, message: error.message }
    } finally {
      stop()
    }
    const durationMs = Math.round(performance.now() - started)
    const out: ConnectionProbeResult = {
      request: described,
      ...result,
      durationMs,
      connection: this.connections.get(actor, before.id),
      at
    }
    if (refreshed) out.refreshed = refreshed
    if (out.message === undefined) delete out.message
    if (out.status === undefined) delete out.status
    return out
  }
}

function messageOf(body: unknown, status: number, simulated: boolean): string {
  const said = body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
  const text = typeof said.message === 'string' ? said.message : typeof said.error === 'string' ? said.error : undefined
  if (simulated) return text ?? `Simulated ${status}.`
  return text ? `The app answered ${status}: ${text}` : `The app answered ${status}.`
}
