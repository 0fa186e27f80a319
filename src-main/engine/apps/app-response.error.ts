import type { AppResponse } from '../../contract/connections'
import type { ErrorDetail } from '../../contract/errors'
import { EngineError } from '../common/engine-error'

/** The message an app put in its error body, if any. */
export function appMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 500) || undefined
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>
    const text = b.message ?? b.error_description ?? b.error
    if (typeof text === 'string') return text
  }
  return undefined
}

/**
 * Turns an app's non-2xx answer into an engine error a person can act on: what the app said,
 * for which request, and the app's answer under `data.response`.
 */
export function errorFromAppResponse(appName: string, what: string, response: AppResponse): EngineError {
  const said = appMessage(response.body)
  const text = `${appName} answered ${response.status} to ${what}${said ? `: ${said.replace(/\.+$/, '')}` : ''}`
  const data = { response: { status: response.status, body: response.body } }
  if (response.status === 429) {
    const retryAfter = Number(response.headers['retry-after'])
    return new EngineError(
      {
        type: 'connection',
        key: 'rate_limit_exceeded',
        message: `${text}. Wait${Number.isFinite(retryAfter) ? ` ${retryAfter} s` : ''} and retry.`,
        data: { ...data, retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined }
      },
      429
    )
  }
  if (response.status === 404)
    return new EngineError({ type: 'bad_request', key: 'not_found', message: `${text}.`, data }, 404)
  if (response.status === 400 || response.status === 409 || response.status === 422) {
    const details = (response.body as { details?: Array<{ field?: string; message?: string }> } | undefined)?.details
    const errors: ErrorDetail[] = Array.isArray(details)
      ? details.map((d) => ({ path: String(d.field ?? ''), message: String(d.message ?? '') }))
      : []
    return new EngineError(
      { type: 'bad_request', key: 'invalid_data', message: `${text}.`, data: { ...data, errors } },
      response.status
    )
  }
  if (response.status === 401 || response.status === 403) {
    return new EngineError(
      {
        type: 'connection',
        key: 'access_denied',
        message: `${text}. The connection's credentials are not accepted; reconnect it.`,
        data
      },
      403
    )
  }
  return new EngineError({ type: 'dependency_error', message: `${text}.`, data }, 502)
}
