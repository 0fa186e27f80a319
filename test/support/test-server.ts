import { afterAll, afterEach, beforeAll } from 'vitest'
import type { ClockPort, Engine, EngineOptions } from '../../src-main/engine'
import { startHeadless, type HeadlessHost } from '../../src-main/host/headless-host'
import { createMemoryLogger } from './memory-logger'
import { makeTempDir, removeTempDirs } from './temp-dir'

/** A headless Workbench on port 0 plus helpers to mint tokens and call it. */
export interface TestServer {
  host: HeadlessHost
  engine: Engine
  url: string
  dataDir: string
  logs: ReturnType<typeof createMemoryLogger>
  /** An admin token (2 h). */
  adminToken(): Promise<string>
  /** A customer token for `internalId` with optional name / fields / ttl. */
  customerToken(
    internalId: string,
    extra?: { name?: string; fields?: Record<string, unknown>; ttl?: string | number }
  ): Promise<string>
  /** fetch against the server with an optional bearer token and JSON body. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> }
  ): Promise<{ status: number; body: any; headers: Headers }>
  stop(): Promise<void>
}

/** How {@link startTestServer} starts a server. */
export interface TestServerOptions {
  dataDir?: string
  clock?: ClockPort
  workspaceKey?: string
  workspaceSecret?: string
  engineOptions?: EngineOptions
}

/** Starts a real headless server (real SQLite file, real HTTP on 127.0.0.1:0). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeTempDir()
  const logs = createMemoryLogger()
  const host = await startHeadless({
    dataDir,
    port: 0,
    clock: options.clock,
    logger: logs,
    workspaceKey: options.workspaceKey,
    workspaceSecret: options.workspaceSecret,
    engineOptions: options.engineOptions
  })
  const { engine } = host
  return {
    host,
    engine,
    url: host.url,
    dataDir,
    logs,
    adminToken: async () => (await engine.tokens.mint({ isAdmin: true, ttl: '2h' })).token,
    customerToken: async (internalId, extra = {}) =>
      (await engine.tokens.mint({ customerId: internalId, ...extra, ttl: extra.ttl ?? '2h' })).token,
    async call(method, path, { token, body, headers = {} } = {}) {
      const response = await fetch(host.url + path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers }
    },
    stop: () => host.stop()
  }
}

/** A file's test server and an admin token for it. */
export interface ServerSuite {
  server: TestServer
  admin: string
}

/**
 * Registers the hooks of a file's one test server (call it at the file's top level, before the
 * file's own hooks, which then see it): before all, a server started with `options` and an admin
 * token, handed to `ready`; after all, the server stopped and the file's temp folders removed.
 */
export function setUpTestServer(ready: (suite: ServerSuite) => void, options: TestServerOptions = {}): void {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startTestServer(options)
    ready({ server, admin: await server.adminToken() })
  })
  afterAll(async () => {
    await server?.stop()
    removeTempDirs()
  })
}

/**
 * For files whose tests each start their own servers (two workspaces, a restart): registers an
 * `afterEach` that stops the servers the test started and removes its temp folders, and returns
 * the function that starts one with `options`. Call it at the file's top level.
 */
export function serversPerTest(options: TestServerOptions = {}): () => Promise<TestServer> {
  const servers: TestServer[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop()
    removeTempDirs()
  })
  return async () => {
    const s = await startTestServer(options)
    servers.push(s)
    return s
  }
}
