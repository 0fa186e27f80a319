import cors from '@fastify/cors'
import Fastify, { type FastifyInstance } from 'fastify'
import { createServer } from 'node:http'
import type { ConsoleMode } from '../contract/console-api'
import { EngineError, assertJsonTextDepth, type Engine } from '../engine'
import { registerActivityHook } from './activity-hook'
import { registerConsoleRoutes } from './console/console.routes'
import { registerErrorHandling } from './error-handler'
import { createHttpContext, type HttpContext } from './http-context'
import { registerConnectRoutes } from './routes/connect.routes'
import { registerConnectionRoutes } from './routes/connections.routes'
import { registerCustomerRoutes } from './routes/customers.routes'
import { registerHealthRoutes } from './routes/health.routes'
import { registerIntegrationRoutes } from './routes/integrations.routes'
import { registerSandboxRoutes } from './routes/sandbox.routes'
import { registerSelfRoutes } from './routes/self.routes'
import { registerSnapshotRoutes } from './routes/snapshots.routes'
import { registerTokenRoutes } from './routes/tokens.routes'
import { registerWorkspaceRoutes } from './routes/workspace.routes'
import { registerActionRoutes } from './routes/actions.routes'
import { registerAppEventRoutes } from './routes/app-events.routes'
import { registerAppEventTypeRoutes } from './routes/app-event-types.routes'
import { registerAppEventSubscriptionRoutes } from './routes/app-event-subscriptions.routes'
import { registerExternalEventRoutes } from './routes/external-events.routes'
import { registerFlowInstanceRoutes } from './routes/flow-instances.routes'
import { registerFlowRunRoutes } from './routes/flow-runs.routes'
import { registerFlowRoutes } from './routes/flows.routes'
import { registerActionInstanceRoutes } from './routes/action-instances.routes'
import { registerConnectionInstanceRoutes } from './routes/connection-instances.routes'
import { registerRecordTriggerRoutes } from './routes/record-triggers.routes'
import { registerDataSourceRoutes } from './routes/data-sources.routes'
import { registerFieldMappingRoutes } from './routes/field-mappings.routes'
import { registerIntegrationElementRoutes } from './routes/integration-elements.routes'
import { registerConnectionOperationRoutes } from './routes/connection-operations.routes'
import { registerScreenRoutes } from './routes/screens.routes'
import { createRequestPlaceGuard, registerRequestPlaceGuard } from './request-place'
import { registerExpectContinue } from './expect-continue'
import { routeHeadAsGet } from './head-requests'
import { registerAppDataSchemaRoutes } from './routes/app-data-schemas.routes'
import { registerConnectorRoutes } from './routes/connectors.routes'
import { registerMembraneInterchangeRoutes } from './routes/membrane-interchange.routes'
import { registerDataLinkRoutes } from './routes/data-links.routes'

/** The only interface the API listens on. */
export const API_HOST = '127.0.0.1'
/** Port used when none is given (`--port`, `WORKBENCH_PORT`). */
export const DEFAULT_PORT = 7710
/** Largest accepted request body. */
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024

/** Options of {@link createHttpServer}. */
export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port?: number
  bodyLimitBytes?: number
  /** Serve the console (page and API) with this console secret; absent: no console routes. */
  console?: ConsoleHttpOptions
}

/** How the console is served over HTTP. */
export interface ConsoleHttpOptions {
  /** The console secret the host keeps (in the data folder), and rotates on request. */
  secret: { current(): string; rotate(): string }
  /** The console link with the current secret, once listening. */
  consoleUrl(): string
  mode: ConsoleMode
  /** The built renderer (`out/renderer`); the page answers 503 with a hint when missing. */
  rendererDir?: string
}

/** The local HTTP API around one engine. */
export interface HttpServer {
  readonly app: FastifyInstance
  readonly context: HttpContext
  /** Starts listening on 127.0.0.1; resolves with the base URL. */
  listen(): Promise<string>
  /** Base URL once listening. */
  url(): string
  close(): Promise<void>
}

/** A clear error for a port that is taken. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on ${API_HOST} is already in use (is another Workbench running?). Start with --port <n> or WORKBENCH_PORT=<n>.`
    )
    this.name = 'PortInUseError'
  }
}

/** Builds the fastify app with every route; nothing listens until `listen()`. */
export function createHttpServer(engine: Engine, options: HttpServerOptions = {}): HttpServer {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT
  const app = Fastify({
    logger: false,
    bodyLimit,
    trustProxy: false,
    return503OnClosing: true,
    forceCloseConnections: true,
    // avvio arms a 10 s timer per plugin to name one that never calls done; Fastify made every
    // route such a step (until build/dependency-patches.ts): ~450 timers armed and cleared per
    // start (bench/README.md, round 6). Every plugin here is this app's own and tested.
    pluginTimeout: 0,
    // HEAD is answered by the GET route itself: the server below hands a HEAD request to the
    // router as a GET. Node has already decided, when it made the response, that a HEAD gets no
    // body, so the answer is the GET's headers (Content-Length included) and nothing else. A route
    // per method and path is what a start builds (bench/README.md, rounds 6 and 7): Fastify's own
    // HEAD routes, or GET routes also taking HEAD, would add ~290 to the router.
    exposeHeadRoutes: false,
    serverFactory: (handler) => {
      const server = createServer((request, response) => {
        routeHeadAsGet(request)
        handler(request, response)
      })
      // what Fastify sets on the server it makes itself, with its defaults (none is set here)
      server.keepAliveTimeout = 72_000
      server.requestTimeout = 0
      server.setTimeout(0)
      return server
    }
  })

  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim()
    if (!text) return done(null, undefined)
    try {
      assertJsonTextDepth(text, 'The request body')
    } catch (error) {
      return done(error as EngineError, undefined)
    }
    try {
      done(null, JSON.parse(text))
    } catch (error) {
      done(
        new EngineError({
          type: 'bad_request',
          key: 'invalid_json',
          message: `The request body is not valid JSON: ${(error as Error).message}.`
        }),
        undefined
      )
    }
  })

  // HTML forms (the connect pages) post form-urlencoded bodies. The SDKs send operations such as
  // restore, setup and stop as POSTs with no body, which axios labels form-urlencoded: both
  // parsers read an empty body as no body.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim()
    done(null, text ? Object.fromEntries(new URLSearchParams(text)) : undefined)
  })

  // before CORS: a request to a forged Host (DNS rebinding) is refused, preflights included
  // the port never changes once listening: the guard asks for it on every request
  let listeningPort: number | undefined
  registerRequestPlaceGuard(
    app,
    createRequestPlaceGuard(() => {
      if (listeningPort !== undefined) return listeningPort
      const address = app.server.address()
      return typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT)
    })
  )
  registerExpectContinue(app, bodyLimit)
  void app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'membrane-api-version'],
    maxAge: 600
  })
  registerErrorHandling(app, engine, bodyLimit)
  registerActivityHook(app, engine)

  const context = createHttpContext(engine)
  registerHealthRoutes(app, context)
  registerWorkspaceRoutes(app, context)
  registerCustomerRoutes(app, context)
  registerSelfRoutes(app, context)
  registerTokenRoutes(app, context)
  registerIntegrationRoutes(app, context)
  registerConnectionRoutes(app, context)
  registerConnectRoutes(app, context)
  registerSandboxRoutes(app, context)
  registerSnapshotRoutes(app, context)
  registerFlowRoutes(app, context)
  registerActionRoutes(app, context)
  registerFlowInstanceRoutes(app, context)
  registerFlowRunRoutes(app, context)
  registerAppEventRoutes(app, context)
  registerAppEventTypeRoutes(app, context)
  registerAppEventSubscriptionRoutes(app, context)
  registerExternalEventRoutes(app, context)
  registerConnectionInstanceRoutes(app, context)
  registerActionInstanceRoutes(app, context)
  registerRecordTriggerRoutes(app, context)
  registerDataSourceRoutes(app, context)
  registerFieldMappingRoutes(app, context)
  registerIntegrationElementRoutes(app, context)
  registerConnectionOperationRoutes(app, context)
  registerScreenRoutes(app, context)
  registerAppDataSchemaRoutes(app, context)
  registerConnectorRoutes(app, context)
  registerMembraneInterchangeRoutes(app, context)
  registerDataLinkRoutes(app, context)

  let baseUrl = ''
  if (options.console) {
    // in its own scope: the REST API's permissive CORS is switched off for every console route
    const consoleOptions = options.console
    void app.register((scope) =>
      registerConsoleRoutes(scope, context, {
        ...consoleOptions,
        port: () => Number(new URL(baseUrl).port),
        apiUrl: () => baseUrl
      })
    )
  }
  return {
    app,
    context,
    async listen() {
      try {
        await app.listen({ host: API_HOST, port: options.port ?? DEFAULT_PORT })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new PortInUseError(options.port ?? DEFAULT_PORT)
        throw error
      }
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : options.port
      listeningPort = port
      baseUrl = `http://${API_HOST}:${port}`
      return baseUrl
    },
    url: () => baseUrl,
    close: () => app.close()
  }
}
