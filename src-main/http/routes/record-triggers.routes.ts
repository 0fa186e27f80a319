import type { FastifyInstance } from 'fastify'
import { RECORD_EVENT_INGRESS_PATH, SANDBOX_SIGNATURE_HEADER } from '../../engine'
import type { HttpContext } from '../http-context'

/**
 * The webhook ingress of data-record triggers: `POST /webhooks/record-events/{subscription}`,
 * where an app delivers record events. No token: the delivery is verified by its signature
 * over the raw body, so the body is kept as received.
 */
export function registerRecordTriggerRoutes(app: FastifyInstance, ctx: HttpContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    scope.post<{ Params: { id: string } }>(`${RECORD_EVENT_INGRESS_PATH}/:id`, async (request, reply) => {
      const signature = request.headers[SANDBOX_SIGNATURE_HEADER]
      const answer = await ctx.engine.recordTriggers.receive(
        request.params.id,
        typeof request.body === 'string' ? request.body : '',
        Array.isArray(signature) ? signature[0] : signature
      )
      return reply.status(answer.status).send(answer.body)
    })
  })
}
