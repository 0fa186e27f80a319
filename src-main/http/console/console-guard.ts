import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CONSOLE_SECRET_HEADER } from '../../contract/console-api'
import type { ErrorBody } from '../../contract/errors'
import { requireAdmin, type Engine } from '../../engine'
import { createRequestPlaceGuard } from '../request-place'

/** What the guard checks requests against. */
export interface ConsoleGuardOptions {
  /** The console secret the host keeps (read on every check: it can be rotated). */
  secret(): string
  /** The port the server listens on, once known. */
  port: () => number
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** The session cookie's name: one per port, since cookies ignore ports and two Workbenches may run at once. */
export function consoleCookieName(port: number): string {
  return `workbench_console_${port}`
}

/** The session cookie's value: derived from the secret, so rotating the secret ends every cookie too. */
function cookieValueFor(secret: string): string {
  return createHmac('sha256', secret).update('workbench console session cookie').digest('base64url')
}

function cookieFrom(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

function refuse(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').send(body)
}

/**
 * Who may reach the console routes. The page and the API are addressed to this machine only
 * (`Host` must be 127.0.0.1:<port> or localhost:<port>, which defeats DNS rebinding), and may be
 * called only from the console's own origin or from no browser page at all (`Origin` absent), so no
 * other web page can drive them. The API also needs the console secret or an admin token.
 */
export function createConsoleGuard(engine: Engine, options: ConsoleGuardOptions) {
  const place = createRequestPlaceGuard(() => options.port())

  /** Host and Origin checks (the engine's one guard), for the page and the API alike. */
  function checkPlace(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const problem = place.checkHost(request, 'The console') ?? place.checkOrigin(request, 'The console API')
    return problem ? refuse(reply, 403, problem) : undefined
  }

  /**
   * The console secret (header), the session cookie a secret earned in this browser (HttpOnly,
   * SameSite=Strict, so only the console's own pages send it), or an admin token. A good secret
   * is answered with the cookie, which lets new tabs of the same browser in.
   */
  async function checkCaller(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const secret = options.secret()
    const cookieName = consoleCookieName(options.port())
    const expectedCookie = cookieValueFor(secret)
    const cookie = cookieFrom(request, cookieName)
    const cookieOk = !!cookie && timingSafeEqual(digest(cookie), digest(expectedCookie))
    const given = request.headers[CONSOLE_SECRET_HEADER]
    if (typeof given === 'string' && given) {
      if (timingSafeEqual(digest(given), digest(secret))) {
        if (!cookieOk)
          void reply.header(
            'set-cookie',
            `${cookieName}=${expectedCookie}; Path=/console-api/; HttpOnly; SameSite=Strict; Max-Age=34560000`
          )
        return undefined
      }
      return refuse(reply, 401, {
        type: 'bad_request',
        key: 'not_authenticated',
        message:
          'That console secret is not the current one: it was rotated in Settings, or the link belongs to another Workbench. Open the console link the Workbench prints at start (or paste an admin token).'
      })
    }
    if (cookieOk) return undefined
    if (request.headers.authorization) {
      try {
        requireAdmin(await engine.auth.fromAuthorization(request.headers.authorization), 'The console API')
        return undefined
      } catch (error) {
        const body = (error as { toBody?: () => ErrorBody }).toBody?.() ?? {
          type: 'bad_request',
          message: String(error)
        }
        return refuse(reply, (error as { status?: number }).status ?? 401, body)
      }
    }
    return refuse(reply, 401, {
      type: 'bad_request',
      key: 'not_authenticated',
      message: cookie
        ? 'This browser signed in with a console secret that has since been rotated. Open the console link the Workbench prints at start (or paste an admin token).'
        : `The console API needs the console secret (header ${CONSOLE_SECRET_HEADER}, from the console link printed at start) or an admin token (Authorization: Bearer <token>).`
    })
  }

  return { checkPlace, checkCaller }
}
