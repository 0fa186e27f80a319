import type { FastifyInstance } from 'fastify'
import { CONSOLE_API_PREFIX, CONSOLE_PAGE_PREFIX, type ConsoleMode } from '../../contract/console-api'
import type { ErrorBody } from '../../contract/errors'
import type { HttpContext } from '../http-context'
import { registerConsoleApiRoutes } from './console-api.routes'
import { createConsoleGuard } from './console-guard'
import { registerConsolePageRoutes } from './console-page.routes'

/** What the console routes need from the server. */
export interface ConsoleRoutesOptions {
  secret: { current(): string; rotate(): string }
  consoleUrl(): string
  mode: ConsoleMode
  rendererDir?: string
  port(): number
  apiUrl(): string
}

/**
 * The console over HTTP: its API (`/console-api/<method>`) and its page (`/console/`). Registered in
 * their own scope, where every route opts out of the REST API's CORS, and preflights are refused
 * here instead of being answered by the CORS plugin: no other origin is ever told it may call.
 */
export async function registerConsoleRoutes(
  app: FastifyInstance,
  ctx: HttpContext,
  options: ConsoleRoutesOptions
): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), cors: false } as typeof route.config
  })
  const noCrossOrigin: ErrorBody = {
    type: 'bad_request',
    key: 'access_denied',
    message: 'The console does not answer cross-origin requests; open it at its own address.'
  }
  for (const path of [`${CONSOLE_API_PREFIX}*`, `${CONSOLE_PAGE_PREFIX}*`, '/console']) {
    app.options(path, (_request, reply) => reply.status(403).send(noCrossOrigin))
  }
  const guard = createConsoleGuard(ctx.engine, { secret: () => options.secret.current(), port: options.port })
  registerConsoleApiRoutes(app, ctx, guard, {
    mode: options.mode,
    apiUrl: options.apiUrl,
    consoleLink: {
      url: options.consoleUrl,
      rotate() {
        options.secret.rotate()
        return options.consoleUrl()
      }
    }
  })
  await registerConsolePageRoutes(app, guard, options.rendererDir)
}
