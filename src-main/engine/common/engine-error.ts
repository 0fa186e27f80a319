import type { ErrorBody, ErrorDetail, ErrorKey, ErrorType } from '../../contract/errors'

/** HTTP status for each error key; keys not listed answer 400 (or 500 for `internal`). */
const STATUS_BY_KEY: Partial<Record<ErrorKey, number>> = {
  not_found: 404,
  not_authenticated: 401,
  access_denied: 403,
  already_exists: 409,
  conflict: 409,
  rate_limit_exceeded: 429,
  payload_too_large: 413,
  unsupported_media_type: 415
}

/** An error the engine raises on purpose: it carries the Membrane body and the HTTP status. */
export class EngineError extends Error {
  readonly type: ErrorType
  readonly key?: ErrorKey
  readonly data?: ErrorBody['data']
  readonly status: number

  constructor(body: ErrorBody, status?: number) {
    super(body.message)
    this.name = 'EngineError'
    this.type = body.type
    this.key = body.key
    this.data = body.data
    this.status = status ?? (body.key ? STATUS_BY_KEY[body.key] : undefined) ?? (body.type === 'internal' ? 500 : 400)
  }

  /** The body to send over HTTP or IPC. */
  toBody(): ErrorBody {
    const body: ErrorBody = { type: this.type, message: this.message }
    if (this.key) body.key = this.key
    if (this.data) body.data = this.data
    return body
  }
}

/** 404: the named thing does not exist (message should say what was looked up and how). */
export function notFound(message: string, data?: ErrorBody['data']): EngineError {
  return new EngineError({ type: 'bad_request', key: 'not_found', message, data })
}

/** 401: the token is missing or rejected; the message says exactly why. */
export function notAuthenticated(message: string): EngineError {
  return new EngineError({ type: 'bad_request', key: 'not_authenticated', message })
}

/** 403: authenticated, but this token may not do this. */
export function accessDenied(message: string): EngineError {
  return new EngineError({ type: 'bad_request', key: 'access_denied', message })
}

/** 409: a unique value is taken. */
export function alreadyExists(message: string, data?: ErrorBody['data']): EngineError {
  return new EngineError({ type: 'bad_request', key: 'already_exists', message, data })
}

/** 400: the input breaks a rule; `errors` name each offending path. */
export function invalidData(message: string, errors: ErrorDetail[] = []): EngineError {
  return new EngineError({ type: 'bad_request', key: 'invalid_data', message, data: { errors } })
}

/** 400 with no particular key. */
export function badRequest(message: string, data?: ErrorBody['data']): EngineError {
  return new EngineError({ type: 'bad_request', message, data })
}
