import type { IncomingMessage } from 'node:http'

// HEAD requests reach the router as GET (server.ts says why); the activity log still names the
// method the client sent.
const headRequests = new WeakSet<IncomingMessage>()

/** Routes a HEAD request as the GET it mirrors; Node already answers it without a body. */
export function routeHeadAsGet(request: IncomingMessage): void {
  if (request.method !== 'HEAD') return
  request.method = 'GET'
  headRequests.add(request)
}

/** The method the client sent. */
export function sentMethod(request: { method: string; raw: IncomingMessage }): string {
  return headRequests.has(request.raw) ? 'HEAD' : request.method
}
