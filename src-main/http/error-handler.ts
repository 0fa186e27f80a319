import type { FastifyError, FastifyInstance } from 'fastify'
import type { ErrorBody } from '../contract/errors'
import { EngineError, type Engine } from '../engine'

/** Every error, thrown anywhere, leaves as the Membrane error body with a fitting status. */
export function registerErrorHandling(app: FastifyInstance, engine: Engine, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError | EngineError | Error, request, reply) => {
    if (error instanceof EngineError) {
      void reply.status(error.status).send(error.toBody())
      return
    }
    const code = (error as FastifyError).code
    const status = (error as FastifyError).statusCode
    let body: ErrorBody
    let sendStatus = status ?? 500
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = {
        type: 'bad_request',
        key: 'payload_too_large',
        message: `The request body is larger than the limit of ${Math.round(bodyLimitBytes / 1024 / 1024)} MB.`
      }
      sendStatus = 413
    } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = {
        type: 'bad_request',
        key: 'unsupported_media_type',
        message: `Content-Type "${request.headers['content-type'] ?? ''}" is not supported here; send application/json.`
      }
      sendStatus = 415
    } else if (status && status >= 400 && status < 500) {
      body = { type: 'bad_request', message: error.message }
    } else {
      engine.logger.error('request failed', {
        method: request.method,
        url: request.url.split('?')[0],
        error: error.stack ?? String(error)
      })
      body = { type: 'internal', message: `Internal error: ${error.message}` }
      sendStatus = 500
    }
    void reply.status(sendStatus).send(body)
  })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    void reply.status(404).send({
      type: 'bad_request',
      key: 'not_found',
      message: `No endpoint ${request.method} ${path}. The README lists the supported API.`
    } satisfies ErrorBody)
  })
}
