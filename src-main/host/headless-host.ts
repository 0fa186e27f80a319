import type { ImportReport } from '../contract/snapshots'
import type { ClockPort, Engine, EngineOptions, LoggerPort } from '../engine'
import { DEFAULT_PORT, type HttpServer } from '../http/server'
import { startLocalApi, type LocalApi } from './local-api'
import { createNodeEngine } from './node-engine'
import { writeServerLock } from './server-lock'
import { exportOnExit, seedFromSnapshot, type SnapshotFileOption } from './snapshot-lifecycle'

/** What headless mode is started with. */
export interface HeadlessOptions {
  dataDir: string
  port?: number
  workspaceKey?: string
  workspaceSecret?: string
  clock?: ClockPort
  logger?: LoggerPort
  /** Further engine options (tests shorten webhook retries, for instance). */
  engineOptions?: EngineOptions
  /** The built console to serve at `/console/` (default: found next to the bundle or in `out/renderer`). */
  rendererDir?: string
  /** A snapshot the workspace is reset to at start (whole-workspace files replace it; customer files merge). */
  seed?: SnapshotFileOption
  /** A whole-workspace snapshot written on clean shutdown. */
  exportOnExit?: SnapshotFileOption
}

/** A running headless Workbench. */
export interface HeadlessHost {
  engine: Engine
  server: HttpServer
  url: string
  /** The console page with the console secret in the fragment: print it, open it (valid until rotated). */
  readonly consoleUrl: string
  /** What seeding at start imported, when a seed was given. */
  seedReport?: ImportReport
  stop(): Promise<void>
}

/** Composition root of headless mode: engine, seed, then HTTP, then listen. */
export async function startHeadless(options: HeadlessOptions): Promise<HeadlessHost> {
  const engine = await createNodeEngine({
    ...options.engineOptions,
    dataDir: options.dataDir,
    workspaceKey: options.workspaceKey,
    workspaceSecret: options.workspaceSecret,
    clock: options.clock,
    logger: options.logger
  })
  let seedReport: ImportReport | undefined
  let api: LocalApi
  try {
    if (options.seed) seedReport = await seedFromSnapshot(engine, options.seed)
    api = await startLocalApi(engine, {
      port: options.port ?? DEFAULT_PORT,
      mode: 'headless',
      rendererDir: options.rendererDir
    })
  } catch (error) {
    await engine.close()
    throw error
  }
  const { server, url } = api
  const unlock = writeServerLock(options.dataDir, { pid: process.pid, url, startedAt: new Date().toISOString() })
  let stopping: Promise<void> | undefined
  return {
    engine,
    server,
    url,
    get consoleUrl() {
      return api.consoleUrl
    },
    seedReport,
    stop() {
      stopping ??= (async () => {
        await server.close()
        try {
          if (options.exportOnExit) exportOnExit(engine, options.exportOnExit)
        } finally {
          unlock()
          await engine.close()
        }
      })()
      return stopping
    }
  }
}
