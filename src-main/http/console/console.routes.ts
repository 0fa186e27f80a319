import type { FastifyInstance } from 'fastify'
import type { ConsoleMode } from '../../contract/console-api'
import type { HttpContext } from '../http-context'
import { registerConsoleApiRoutes } from './console-api.routes'
import { createConsoleGuard } from './console-guard'
import { registerConsolePageRoutes } from './console-page.routes'

/** What the console routes need from the server. */
export interface ConsoleRoutesOptions {
  secret: string
  mode: ConsoleMode
  rendererDir?: string
  port(): number
  apiUrl(): string
}

/** The console over HTTP: its API (`/console-api/<method>`) and its page (`/console/`). */
export async function registerConsoleRoutes(app: FastifyInstance, ctx: HttpContext, options: ConsoleRoutesOptions): Promise<void> {
  const guard = createConsoleGuard(ctx.engine, { secret: options.secret, port: options.port })
  registerConsoleApiRoutes(app, ctx, guard, { mode: options.mode, apiUrl: options.apiUrl })
  await registerConsolePageRoutes(app, guard, options.rendererDir)
}
