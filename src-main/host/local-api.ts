import type { ConsoleMode } from '../contract/console-api'
import type { Engine } from '../engine'
import { createHttpServer, type HttpServer } from '../http/server'
import { consoleUrlFor, fileConsoleSecret, findRendererDir } from './console-access'

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
  /** The console page with the current console secret in its fragment. */
  readonly consoleUrl: string
  /** A new console secret; answers the new console link. */
  rotateConsoleSecret(): string
}

/**
 * Starts the REST API, the console API and the console page on 127.0.0.1, with the console
 * secret kept in the data folder (the link stays valid across restarts until rotated in Settings).
 * Rejects with `PortInUseError` when the port is taken.
 */
export async function startLocalApi(engine: Engine, options: LocalApiOptions): Promise<LocalApi> {
  const secret = fileConsoleSecret(engine.info.dataDir)
  let url = ''
  const server = createHttpServer(engine, {
    port: options.port,
    console: {
      secret,
      mode: options.mode,
      rendererDir: options.rendererDir ?? findRendererDir(),
      consoleUrl: () => consoleUrlFor(url, secret.current())
    }
  })
  url = await server.listen()
  engine.setApiUrl(url)
  return {
    server,
    url,
    get consoleUrl() {
      return consoleUrlFor(url, secret.current())
    },
    rotateConsoleSecret() {
      return consoleUrlFor(url, secret.rotate())
    }
  }
}
