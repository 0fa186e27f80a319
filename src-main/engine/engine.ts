import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AppCatalog } from './apps/app.catalog'
import { createHttpConnector } from './apps/connectors/http.connector'
import { createSandboxCrmConnector } from './apps/connectors/sandbox-crm.connector'
import { createSandboxHelpdeskConnector } from './apps/connectors/sandbox-helpdesk.connector'
import { OAuth2Client } from './apps/oauth2.client'
import { SandboxService, type SandboxOptions } from './apps/sandbox/sandbox.service'
import type { SandboxDataBrowser } from './apps/sandbox/sandbox-data-browser'
import { ActivityLog } from './activity/activity-log'
import { CONSOLE_ACTOR, type Actor } from './auth/actor'
import { Authenticator } from './auth/authenticator'
import type { EngineContext } from './common/engine-context'
import { EngineError, invalidData } from './common/engine-error'
import { ConnectService } from './connections/connect.service'
import type { ConnectionClientOptions } from './connections/connection.client'
import { ConnectionDataService } from './connections/connection-data.service'
import { ConnectionService } from './connections/connection.service'
import { createRedactingLogger } from './common/redacting-logger'
import { secretBox } from './common/secret-box'
import { CustomerService } from './customers/customer.service'
import { openDatabase, type Database } from './db/database'
import { migrateToLatest } from './db/migrator'
import { createEventBus, type EventBus } from './events/event-bus'
import { FieldSchemaValidator } from './field-schema/field-schema.validator'
import { IntegrationService } from './integrations/integration.service'
import type { EnginePorts, LoggerPort } from './ports'
import { createSnapshotSections } from './snapshots/sections/snapshot-sections'
import { ScenarioService } from './snapshots/scenario.service'
import { SnapshotService } from './snapshots/snapshot.service'
import { SigningKeys } from './tokens/signing-keys'
import { TokenMinter } from './tokens/token.minter'
import { TokenService } from './tokens/token.service'
import { TokenVerifier } from './tokens/token.verifier'
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/webhook.dispatcher'
import { WorkspaceService } from './workspace/workspace.service'
import { ActionService } from './actions/action.service'
import { AppEventService } from './app-events/app-event.service'
import { AppEventTypeService } from './app-event-types/app-event-type.service'
import { ExternalEventService } from './external-events/external-event.service'
import { ExternalEventLog } from './external-events/external-event.log'
import { AppEventSubscriptionService } from './app-event-subscriptions/app-event-subscription.service'
import { FlowGraphValidator } from './flow-engine/flow-graph/flow-graph'
import { FlowInstanceService } from './flow-engine/flow-instances/flow-instance.service'
import type { NodeServices } from './flow-engine/flow-nodes/node-handler'
import { FlowRunService } from './flow-engine/flow-runs/flow-run.service'
import { FlowService } from './flow-engine/flows/flow.service'
import { YourAppRequester } from './requests/your-app.requester'
import { JavaScriptSandbox } from './javascript/javascript.sandbox'
import { FlowScheduler } from './flow-engine/schedules/flow-scheduler'
import { RunRetention, type RunRetentionOptions } from './flow-engine/flow-runs/run-retention'
import { ChangeFeed } from './changes/change-feed'
import { ConnectLinks } from './connections/connect-link'
import { ConnectionProbe } from './connections/connection-probe'
import { ConsoleReadModel } from './console/console-read-model'
import { FlowBuilderService } from './flow-engine/flow-builder/flow-builder.service'
import { ActionInstanceService } from './action-instances/action-instance.service'
import { ConnectionCallService } from './connections/connection-calls'
import { FlowInstanceSetup } from './flow-engine/flow-instances/flow-instance.setup'
import { RecordTriggerService } from './flow-engine/record-triggers/record-trigger.service'
import { DataSourceService } from './data-sources/data-source.service'
import { DataSourceInstanceService } from './data-source-instances/data-source-instance.service'
import { FieldMappingService } from './field-mappings/field-mapping.service'
import { FieldMappingInstanceService } from './field-mapping-instances/field-mapping-instance.service'
import { FlowElementCallService } from './flow-engine/flow-elements/flow-element-calls'
import { OperationService } from './operations/operation.service'
import { ExecuteRequestService } from './connections/execute-request.service'
import { IntegrationElementService } from './integrations/integration-elements.service'
import { ConnectionRequestService } from './connections/connection-request.service'
import { ScreenService } from './screens/screen.service'
import { AppDataSchemaService } from './app-data-schemas/app-data-schema.service'
import { ConnectorRegistry } from './connectors/connector-registry'
import { BackgroundJobs } from './interchange/background-jobs'
import { DownloadLinks } from './interchange/download-links'
import { createElementKinds } from './interchange/element-kinds'
import { MembraneInterchange } from './interchange/membrane-interchange'
import { DataLinkService } from './data-links/data-link.service'
import { setupImportedActionInstances } from './action-instances/action-instance.events'
import { setupActivityLog } from './activity/activity.setup'
import { setupImportedDataSourceInstances } from './data-source-instances/data-source-instance.events'
import { redeployOnNewApiUrl, setupImportedFlowInstances } from './flow-engine/flow-instances/flow-instance.events'
import { setupRecordTriggerRuns } from './flow-engine/record-triggers/record-trigger.setup'
import { setupYourAppTokens } from './requests/your-app.setup'
import { setupFlowSchedules } from './flow-engine/schedules/flow-scheduler.setup'
import { setupTokenKeys } from './tokens/token.setup'
import { setupWorkspaceWebhooks } from './webhooks/webhook.setup'

/** Version reported by `/health` and the console. */
export const ENGINE_VERSION = '0.1.0'

/** How to open the engine. */
export interface EngineOptions {
  /** SQLite file; defaults to `<data folder>/workbench.sqlite`. `:memory:` for throw-away engines. */
  databaseFile?: string
  /** Workspace key / secret to use instead of the stored (or generated) ones. */
  workspaceKey?: string
  workspaceSecret?: string
  /** better_sqlite3.node for the running runtime (Electron). */
  nativeBinding?: string
  /** Passive WAL checkpoint period in ms; 0 leaves it to SQLite. */
  checkpointIntervalMs?: number
  /** Retry and timeout settings of workspace webhooks (tests shorten them). */
  webhooks?: WebhookDispatcherOptions
  /** Sandbox apps: webhook retries, token lifetimes and rate limits at start. */
  sandbox?: SandboxOptions
  /** Calls through connections: refresh-ahead window and timeout. */
  connections?: ConnectionClientOptions
  /** Flow runner settings. */
  flows?: FlowEngineOptions
  /** Pacing of run retention (tests step it by hand with a long first delay). */
  runRetention?: RunRetentionOptions
  /** How many activity-log entries the database keeps (default 10,000). */
  activityCapacity?: number
}

/** Settings of the flow runner. */
export interface FlowEngineOptions {
  /** Runs of one instance allowed at once when neither the instance nor its flow sets `concurrency` (default 10). */
  defaultConcurrency?: number
  /** Real-time period (ms) at which schedules are checked against the engine clock (default 1000). */
  schedulerTickMs?: number
  /** Worker threads of the JavaScript sandbox (default 2). */
  sandboxWorkers?: number
  /** How long closing the engine lets running runs finish (default 5000 ms). */
  closeGraceMs?: number
}

/** Facts about a running engine, for settings pages and start-up banners. */
export interface EngineInfo {
  version: string
  dataDir: string
  databaseFile: string
  secretStorage: string
  startedAt: string
}

/** The running engine: its services, its events, and `close()`. */
export interface Engine {
  readonly info: EngineInfo
  readonly events: EventBus
  readonly logger: LoggerPort
  readonly workspace: WorkspaceService
  readonly customers: CustomerService
  readonly tokens: TokenService
  readonly auth: Authenticator
  /** Export and import of workspaces and customer setups. */
  readonly snapshots: SnapshotService
  /** Named whole-workspace snapshots in the data folder, for demos. */
  readonly scenarios: ScenarioService
  /** Signed notifications to the workspace `webhookUri`. */
  readonly webhooks: WebhookDispatcher
  /** External apps and their connectors. */
  readonly apps: AppCatalog
  /** The sandbox apps served under `/sandbox/<app>/`. */
  readonly sandbox: SandboxService
  /** The console's data browser over the sandbox apps' records (writes send the apps' webhooks). */
  readonly sandboxData: SandboxDataBrowser
  readonly integrations: IntegrationService
  readonly connections: ConnectionService
  /** Record operations, field schemas and record-event webhooks through a connection. */
  readonly connectionData: ConnectionDataService
  /** The apps' operation catalogue and running an operation through a connection. */
  readonly operations: OperationService
  /** Any request through a connection (`execute-request`) and the last ones per connection. */
  readonly executeRequests: ExecuteRequestService
  /** An integration's own flows and actions (`/integrations/{i}/flows`), and its setup. */
  readonly integrationElements: IntegrationElementService
  /** Connection requests: links a person opens to connect a customer's app. */
  readonly connectionRequests: ConnectionRequestService
  /** The customer-facing screens of the SDK's embedded UI. */
  readonly screens: ScreenService
  /** The SDK's connect UI flow (connection options, connect pages, OAuth callback, results). */
  readonly connect: ConnectService
  /** Tells the engine its own base URL (after the HTTP server listens): OAuth redirects and sandbox apps use it. */
  setApiUrl(url: string): void
  /** The base URL set with {@link Engine.setApiUrl}, if any. */
  apiUrl(): string | undefined
  /** Flow templates. */
  readonly flows: FlowService
  /** Action templates and action runs. */
  readonly actions: ActionService
  /** Flow instances (template instances and ad-hoc customer flows). */
  readonly flowInstances: FlowInstanceService
  /** Action instances: actions deployed on customers' connections, with their changes. */
  readonly actionInstances: ActionInstanceService
  /** Data-record triggers: app webhook subscriptions and the signed deliveries that start runs. */
  readonly recordTriggers: RecordTriggerService
  /** Data sources: which collection (or data model) of an app universal integrations work on. */
  readonly dataSources: DataSourceService
  /** Data sources on customers' connections: setup, the customer's collection, record operations. */
  readonly dataSourceInstances: DataSourceInstanceService
  /** Field mappings between your app's schema and a data source's records. */
  readonly fieldMappings: FieldMappingService
  /** Field mappings on customers' connections, with the customer's own mappings. */
  readonly fieldMappingInstances: FieldMappingInstanceService
  /** Flow runs and node runs. */
  readonly flowRuns: FlowRunService
  /** Prunes finished runs past the workspace's retention limits, in batches off the request path. */
  readonly runRetention: RunRetention
  /** Schedule triggers. */
  readonly flowSchedules: FlowScheduler
  /** App events from your app, which start app-event-triggered flows. */
  readonly appEvents: AppEventService
  /** App event types (workspace elements): schema, example, global webhook, subscribe requests. */
  readonly appEventTypes: AppEventTypeService
  /** Per-customer app event subscriptions and the log of received app events. */
  readonly appEventSubscriptions: AppEventSubscriptionService
  /** External event subscriptions (the app webhooks connections hold), their pulls and logs. */
  readonly externalEvents: ExternalEventService
  /** Data link tables and the record-id links each connection keeps in them. */
  readonly dataLinks: DataLinkService
  /** The actor console calls run as. */
  readonly consoleActor: Actor
  /** Recent API calls, engine events and webhook deliveries, for the console. */
  readonly activity: ActivityLog
  /** Counters per kind of thing that move on every change (live console pages poll them). */
  readonly changes: ChangeFeed
  /** Connect-page links for the console (connect or reconnect a customer in a popup). */
  readonly connectLinks: ConnectLinks
  /** One real call through a connection, reporting refreshes and simulated faults. */
  readonly connectionProbe: ConnectionProbe
  /** Draft checks, formula previews and template runs for the flow builder. */
  readonly flowBuilder: FlowBuilderService
  /** Grouped counts for the console's overview pages. */
  readonly consoleCounts: ConsoleReadModel
  /** App data schemas: named JSON Schemas of your app's data. */
  readonly appDataSchemas: AppDataSchemaService
  /** `GET /connectors`: the built-in connectors and the workspace's own (stored) ones. */
  readonly connectorRegistry: ConnectorRegistry
  /** Export and import jobs (`GET /background-jobs/{id}`). */
  readonly backgroundJobs: BackgroundJobs
  /** Token-free download URLs of finished exports. */
  readonly downloads: DownloadLinks
  /** Membrane's workspace zip: `GET /export`, `POST /import`, the Membrane CLI's connectors. */
  readonly interchange: MembraneInterchange
  /** Milliseconds since the epoch on the engine's clock. */
  now(): number
  close(): Promise<void>
}

/** Opens the database, migrates it, and wires the services. Nothing runs until this is called. */
export async function createEngine(ports: EnginePorts, options: EngineOptions = {}): Promise<Engine> {
  const dataDir = ports.dataFolder.root
  mkdirSync(dataDir, { recursive: true })
  const databaseFile = options.databaseFile ?? join(dataDir, 'workbench.sqlite')
  const logger = createRedactingLogger(ports.logger)
  const db: Database = openDatabase(databaseFile, {
    nativeBinding: options.nativeBinding,
    checkpointIntervalMs: options.checkpointIntervalMs
  })
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.close()
    throw error
  }
  const events = createEventBus((name, error) => logger.error(`listener of ${name} failed`, { error: String(error) }))
  // one string per millisecond: a busy API stamps several activity entries in the same one
  let stampMs = Number.NaN
  let stamp = ''
  const ctx: EngineContext = {
    db,
    clock: ports.clock,
    logger,
    secrets: secretBox(ports.secrets),
    events,
    nowIso: () => {
      const now = ports.clock.now()
      if (now !== stampMs) {
        stampMs = now
        stamp = new Date(now).toISOString()
      }
      return stamp
    }
  }

  const validator = new FieldSchemaValidator()
  const workspace = new WorkspaceService(ctx, validator)
  try {
    workspace.init({ key: options.workspaceKey, secret: options.workspaceSecret })
  } catch (error) {
    await db.close()
    throw error
  }
  const customers = new CustomerService(ctx, workspace, validator)
  customers.testCustomer()

  const keys = new SigningKeys(() => workspace.credentials().secret)
  const verifier = new TokenVerifier(keys, ports.clock, workspace)
  const minter = new TokenMinter(keys, ports.clock, workspace, (fields) => {
    const errors = validator.checkFields(workspace.fieldSchema(), fields)
    if (errors.length)
      throw invalidData(
        `fields do not match the tenant field schema: ${errors.map((e) => e.message).join('; ')}`,
        errors
      )
  })
  setupTokenKeys(events, keys, verifier)
  const tokens = new TokenService(verifier, minter)
  const auth = new Authenticator(verifier, customers)

  const webhooks = new WebhookDispatcher(
    () => ({ uri: workspace.get().webhookUri, secret: workspace.credentials().secret }),
    logger,
    ctx.nowIso,
    options.webhooks
  )

  let apiUrl: string | undefined
  const requireApiUrl = (): string => {
    if (apiUrl) return apiUrl
    throw new EngineError({
      type: 'configuration',
      message:
        'The engine does not know its own URL yet, so it cannot reach the sandbox apps or build OAuth redirects: start the HTTP server first (it calls engine.setApiUrl).'
    })
  }
  const sandboxApps = new SandboxService(ctx, requireApiUrl, options.sandbox)
  const apps = new AppCatalog([
    createSandboxCrmConnector(sandboxApps),
    createSandboxHelpdeskConnector(sandboxApps),
    createHttpConnector()
  ])
  const oauthClient = new OAuth2Client(() => ports.clock.now())
  let connections: ConnectionService
  const integrations = new IntegrationService(ctx, apps, (customerId, integrationId) =>
    connections.forIntegration(customerId, integrationId)
  )
  integrations.seedSandboxIntegrations()
  connections = new ConnectionService(ctx, integrations, customers, oauthClient, options.connections)
  const connectionData = new ConnectionDataService(connections, integrations)
  const connect = new ConnectService(ctx, auth, customers, integrations, connections, oauthClient, requireApiUrl)
  setupWorkspaceWebhooks(events, webhooks)
  const flowOptions = options.flows ?? {}
  const sandbox = new JavaScriptSandbox({ workers: flowOptions.sandboxWorkers })
  const graph = new FlowGraphValidator(sandbox)
  const yourApp = new YourAppRequester(
    () => workspace.get().apiBaseUri,
    (customer, ttl) => tokens.mint({ customerId: customer.internalId, name: customer.name, ttl }),
    ports.clock
  )
  setupYourAppTokens(events, yourApp)
  // An action run names its customer in the input: an unknown one is bad input there.
  const loadCustomer = (id: string) => {
    const customer = customers.findRunCustomer(id)
    if (!customer) throw invalidData(`Customer ${id} does not exist.`)
    return customer
  }
  const connectionCalls = new ConnectionCallService(connectionData)
  const nodeServices: NodeServices = {
    sandbox,
    requestYourApp: (customer, spec, log) => yourApp.send(customer, spec, log),
    runAction: (selector, input, customer, signal, connection) =>
      actionInstances.runInFlow(selector, input, customer, signal, connection),
    connection: (connection, policy) => connectionCalls.open(connection, policy)
  }
  const integrationKeyOf = (selector: string, path: string) => integrations.keyOf(selector, path)
  const flows = new FlowService(ctx, graph, integrationKeyOf)
  const actions = new ActionService(ctx, sandbox, () => nodeServices, loadCustomer, integrationKeyOf)
  const actionInstances = new ActionInstanceService(ctx, actions, customers, connections, integrations, connectionData)
  const dataSources = new DataSourceService(ctx, integrations, apps)
  const dataSourceInstances = new DataSourceInstanceService(
    ctx,
    dataSources,
    customers,
    connections,
    integrations,
    connectionData
  )
  const fieldMappings = new FieldMappingService(ctx, integrations, dataSources)
  const fieldMappingInstances = new FieldMappingInstanceService(
    ctx,
    fieldMappings,
    dataSourceInstances,
    customers,
    connections,
    integrations
  )
  const flowElements = new FlowElementCallService(connections, dataSourceInstances, fieldMappingInstances)
  nodeServices.elements = flowElements
  const dataLinks = new DataLinkService(ctx, connections, customers, integrations)
  nodeServices.dataLinks = (connection) => dataLinks.forRun(connection)
  const externalEventLog = new ExternalEventLog(db)
  const recordTriggers = new RecordTriggerService(ctx, connectionData, requireApiUrl, externalEventLog)
  const appEventTypes = new AppEventTypeService(ctx, () => apiUrl)
  const appEventSubscriptions = new AppEventSubscriptionService(
    ctx,
    appEventTypes,
    customers,
    (customer, spec, log) => yourApp.send(customer, spec, log),
    () => apiUrl
  )
  const instanceSetup = new FlowInstanceSetup(
    connections,
    connectionData,
    customers,
    recordTriggers,
    flowElements,
    appEventSubscriptions
  )
  const flowInstances = new FlowInstanceService(
    ctx,
    flows,
    customers,
    graph,
    connections,
    integrations,
    instanceSetup,
    recordTriggers
  )
  const flowRuns = new FlowRunService(ctx, flows, flowInstances, customers, nodeServices, {
    defaultConcurrency: flowOptions.defaultConcurrency,
    closeGraceMs: flowOptions.closeGraceMs
  })
  setupRecordTriggerRuns(recordTriggers, flowInstances, flowRuns, customers)
  flowRuns.recoverInterrupted()
  const runRetention = new RunRetention(db, () => workspace.runRetention(), ports.clock, logger, options.runRetention)
  runRetention.start()
  const flowSchedules = new FlowScheduler(flowInstances, flowRuns, ports.clock, logger, {
    tickMs: flowOptions.schedulerTickMs
  })
  await flowSchedules.start()
  const operations = new OperationService(integrations, connections)
  const executeRequests = new ExecuteRequestService(ctx, connections)
  const integrationElements = new IntegrationElementService(integrations, flows, actions, flowInstances)
  const externalEvents = new ExternalEventService(recordTriggers, externalEventLog, connections, customers)
  const appEvents = new AppEventService(ctx, flowInstances, flowRuns, customers, appEventTypes, appEventSubscriptions)
  const snapshots = new SnapshotService(
    ctx,
    workspace,
    customers,
    validator,
    createSnapshotSections({
      workspace,
      validator,
      catalog: apps,
      customers,
      sandboxApps,
      integrations,
      connections,
      graph,
      sandbox
    }),
    ENGINE_VERSION,
    // snapshot import checks flow graphs and JavaScript synchronously: loaded on the first import
    () => graph.prepare()
  )
  const scenarios = new ScenarioService(ctx, snapshots, dataDir)
  const appDataSchemas = new AppDataSchemaService(ctx)
  const connectorRegistry = new ConnectorRegistry(ctx, apps, () => workspace.get().id)
  const backgroundJobs = new BackgroundJobs(ctx)
  const downloads = new DownloadLinks(ports.clock)
  const interchange = new MembraneInterchange(
    createElementKinds({
      db,
      flows,
      actions,
      appDataSchemas,
      dataSources,
      fieldMappings,
      appEventTypes,
      dataLinks
    }),
    integrations,
    connectorRegistry,
    backgroundJobs,
    downloads,
    requireApiUrl
  )
  const activity = new ActivityLog(db, ctx.nowIso, { capacity: options.activityCapacity, logger })
  const changes = new ChangeFeed(events)
  const connectLinks = new ConnectLinks(customers, integrations, connections, connect, tokens, requireApiUrl)
  const connectionRequests = new ConnectionRequestService(
    ctx,
    customers,
    integrations,
    connections,
    connect,
    tokens,
    requireApiUrl
  )
  const screens = new ScreenService(
    auth,
    customers,
    integrations,
    connections,
    flows,
    flowInstances,
    fieldMappings,
    fieldMappingInstances
  )
  const connectionProbe = new ConnectionProbe(ctx, connections, integrations)
  const flowBuilder = new FlowBuilderService(graph, customers, flowInstances, flowRuns)
  const consoleCounts = new ConsoleReadModel(db)
  const sandboxData = sandboxApps.dataBrowser(() => {
    const named = (c: { id: string; customerId: string }) => ({
      ...c,
      customerName: customers.findBrief(c.customerId)?.name ?? c.customerId
    })
    return new Map([...connections.byExternalAccount()].map(([account, list]) => [account, list.map(named)]))
  })
  // An open data browser page follows record writes, whichever way they came in.
  const stopRecordChanges = sandboxApps.onRecordChange(() => changes.bump('records'))

  // Event reactions, in order: a listener runs before those registered after it.
  const trackSetup = (work: Promise<unknown>) => snapshots.track(work)
  setupImportedFlowInstances(events, flowInstances, logger, trackSetup)
  setupFlowSchedules(events, flowSchedules)
  setupImportedDataSourceInstances(events, dataSourceInstances, fieldMappingInstances, logger, trackSetup)
  setupImportedActionInstances(events, actionInstances, logger, trackSetup)
  const stopActivityLog = setupActivityLog(events, activity, webhooks)

  const info: EngineInfo = {
    version: ENGINE_VERSION,
    dataDir,
    databaseFile,
    secretStorage: ports.secrets.kind,
    startedAt: ctx.nowIso()
  }
  let closed = false
  const engine: Engine = {
    info,
    events,
    logger,
    workspace,
    customers,
    tokens,
    auth,
    webhooks,
    apps,
    sandbox: sandboxApps,
    sandboxData,
    integrations,
    connections,
    connectionData,
    connect,
    operations,
    executeRequests,
    integrationElements,
    connectionRequests,
    screens,
    setApiUrl(url: string) {
      const next = url.replace(/\/+$/, '')
      const moved = apiUrl !== next
      apiUrl = next
      if (moved) redeployOnNewApiUrl(flowInstances, logger)
    },
    apiUrl: () => apiUrl,
    flows,
    actions,
    flowInstances,
    actionInstances,
    recordTriggers,
    dataSources,
    dataSourceInstances,
    fieldMappings,
    fieldMappingInstances,
    flowRuns,
    runRetention,
    flowSchedules,
    appEvents,
    appEventTypes,
    appEventSubscriptions,
    externalEvents,
    dataLinks,
    snapshots,
    scenarios,
    consoleActor: CONSOLE_ACTOR,
    activity,
    changes,
    connectLinks,
    connectionProbe,
    flowBuilder,
    consoleCounts,
    appDataSchemas,
    connectorRegistry,
    backgroundJobs,
    downloads,
    interchange,
    now: () => ports.clock.now(),
    async close() {
      if (closed) return
      closed = true
      flowSchedules.close()
      runRetention.close()
      await flowRuns.close()
      await sandbox.close()
      stopActivityLog()
      stopRecordChanges()
      activity.close()
      changes.close()
      webhooks.close()
      sandboxApps.close()
      connections.close()
      await db.close()
    }
  }
  return engine
}
