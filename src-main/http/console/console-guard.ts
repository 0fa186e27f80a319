import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CONSOLE_SECRET_HEADER } from '../../contract/console-api'
import type { ErrorBody } from '../../contract/errors'
import { requireAdmin, type Engine } from '../../engine'
import { createRequestPlaceGuard } from '../request-place'

/** What the guard checks requests against. */
export interface ConsoleGuardOptions {
  /** The per-launch console secret the host generated (kept in memory only). */
  secret: string
  /** The port the server listens on, once known. */
  port: () => number
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
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
  const secretDigest = digest(options.secret)
  const place = createRequestPlaceGuard(() => options.port())

  /** Host and Origin checks (the engine's one guard), for the page and the API alike. */
  function checkPlace(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const problem = place.checkHost(request, 'The console') ?? place.checkOrigin(request, 'The console API')
    return problem ? refuse(reply, 403, problem) : undefined
  }

  /** The console secret (header) or an admin token (`Authorization: Bearer`). */
  async function checkCaller(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const given = request.headers[CONSOLE_SECRET_HEADER]
    if (typeof given === 'string' && given) {
      if (timingSafeEqual(digest(given), secretDigest)) return undefined
      return refuse(reply, 401, {
        type: 'bad_request',
        key: 'not_authenticated',
        message:
          "The console secret is not this launch's: the Workbench was probably restarted. Open the console link it printed at start (or paste an admin token)."
      })
    }
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
      message: `The console API needs the console secret (header ${CONSOLE_SECRET_HEADER}, from the console link printed at start) or an admin token (Authorization: Bearer <token>).`
    })
  }

  return { checkPlace, checkCaller }
}
