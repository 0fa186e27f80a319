import { CONSOLE_API_PREFIX, CONSOLE_SECRET_HEADER } from '@contract/console-api'
import type { ErrorBody } from '@contract/errors'
import type { CredentialStore } from './console-credentials'
import type { ConsoleTransport } from './console-transport'

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as ErrorBody).type === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  )
}

/** The browser transport: `POST /console-api/<method>` on the page's own origin, with the credential or the session cookie. */
export function createHttpTransport(
  credentials: CredentialStore,
  fetchImpl: typeof fetch = (...args) => window.fetch(...args)
): ConsoleTransport {
  return {
    kind: 'http',
    async send(method, input) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      const credential = credentials.get()
      if (credential?.kind === 'secret') headers[CONSOLE_SECRET_HEADER] = credential.value
      if (credential?.kind === 'token') headers.authorization = `Bearer ${credential.value}`
      let response: Response
      try {
        response = await fetchImpl(`${CONSOLE_API_PREFIX}${method}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? null),
          // the HttpOnly session cookie (SameSite=Strict) a good secret earned lets new tabs in
          credentials: 'same-origin',
          cache: 'no-store'
        })
      } catch {
        return {
          ok: false,
          status: 0,
          error: {
            type: 'internal',
            message: 'Cannot reach the Workbench: is it still running? Start it again with npm start, then reload.'
          }
        }
      }
      const text = await response.text()
      let body: unknown
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        body = undefined
      }
      if (response.ok) return { ok: true, value: body }
      return {
        ok: false,
        status: response.status,
        error: isErrorBody(body)
          ? body
          : { type: 'internal', message: `The console API answered ${response.status} ${response.statusText}.` }
      }
    }
  }
}
