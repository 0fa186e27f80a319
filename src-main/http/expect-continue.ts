import type { FastifyInstance } from 'fastify'
import type { ErrorBody } from '../contract/errors'

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024
  return mb >= 1 ? `${Math.round(mb)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/**
 * `Expect: 100-continue` answered after routing, so the route's own body limit decides: a client
 * that announces a body over the limit gets the 413 before it sends the body. Node's default
 * answers "100 Continue" at once, and the 413 then arrived while the client was still writing,
 * which Node clients saw as EPIPE instead of the answer.
 */
export function registerExpectContinue(app: FastifyInstance, defaultLimit: number): void {
  app.server.on('checkContinue', (request, response) => app.server.emit('request', request, response))
  // callback style, not async: most requests carry no Expect header and need no promise
  app.addHook('onRequest', (request, reply, done) => {
    const expect = request.headers.expect
    if (expect === undefined || String(expect).toLowerCase() !== '100-continue') return done()
    const length = Number(request.headers['content-length'])
    const limit = request.routeOptions.bodyLimit ?? defaultLimit
    if (Number.isFinite(length) && length > limit) {
      return void reply
        .status(413)
        .header('connection', 'close')
        .send({
          type: 'bad_request',
          key: 'payload_too_large',
          message: `The request body (${megabytes(length)}) is larger than the limit of ${megabytes(limit)} for ${request.method} ${request.url.split('?')[0]}.`
        } satisfies ErrorBody)
    }
    reply.raw.writeContinue()
    done()
  })
}
