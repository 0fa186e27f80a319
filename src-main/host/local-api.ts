import type { ConsoleMode } from '../contract/console-api'
import type { Engine } from '../engine'
import { createHttpServer, type HttpServer } from '../http/server'
import { consoleUrlFor, createConsoleSecret, findRendererDir } from './console-access'

/** How to start the local API around an engine. */
export interface LocalApiOptions {
  port: number
  mode: ConsoleMode
  /** The built console to serve at `/console/` (default: found next to the bundle or in `out/renderer`). */
  rendererDir?: string
}

/** The local API, listening, with this launch's console link. */
export interface LocalApi {
  server: HttpServer
  url: string
  /** The console page with the per-launch secret in its fragment. */
  consoleUrl: string
}

/**
 * Starts the REST API, the console API and the console page on 127.0.0.1, with a fresh console
 * secret that lives only in this process. Rejects with `PortInUseError` when the port is taken.
 */
export async function startLocalApi(engine: Engine, options: LocalApiOptions): Promise<LocalApi> {
  const secret = createConsoleSecret()
  const server = createHttpServer(engine, {
    port: options.port,
    console: { secret, mode: options.mode, rendererDir: options.rendererDir ?? findRendererDir() }
  })
  const url = await server.listen()
  engine.setApiUrl(url)
  return { server, url, consoleUrl: consoleUrlFor(url, secret) }
}
