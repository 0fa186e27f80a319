import type { FastifyRequest } from 'fastify'
import { EngineError } from '../../engine'

/** The addresses this server answers screens on: its own port on the loopback names. */
function ownHosts(request: FastifyRequest): string[] {
  const port = request.socket.localPort
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

/**
 * Screens answer only requests addressed to this machine (`Host` 127.0.0.1:<port> or
 * localhost:<port>, which defeats DNS rebinding). With `ownOrigin`, the request must also come
 * from one of the engine's own pages (a form on a screen) or from no page at all.
 */
export function checkScreenRequest(request: FastifyRequest, options: { ownOrigin: boolean }): void {
  const hosts = ownHosts(request)
  const host = (request.headers.host ?? '').toLowerCase()
  if (!hosts.includes(host))
    throw new EngineError({
      type: 'bad_request',
      key: 'access_denied',
      message: `Screens answer only requests addressed to ${hosts.join(' or ')}, not "${host || '(no Host header)'}".`
    })
  if (!options.ownOrigin) return
  const origin = request.headers.origin
  if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`))
    throw new EngineError({
      type: 'bad_request',
      key: 'access_denied',
      message: `This form is accepted only from the Workbench's own screens, not from "${origin}". Open the screen again from your app.`
    })
}
