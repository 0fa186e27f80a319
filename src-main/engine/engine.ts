import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CONSOLE_ACTOR, type Actor } from './auth/actor'
import { Authenticator } from './auth/authenticator'
import type { EngineContext } from './common/engine-context'
import { invalidData } from './common/engine-error'
import { createRedactingLogger } from './common/redacting-logger'
import { CustomerService } from './customers/customer.service'
import { openDatabase, type Database } from './db/database'
import { migrateToLatest } from './db/migrator'
import { createEventBus, type EventBus } from './events/event-bus'
import { FieldSchemaValidator } from './field-schema/field-schema.validator'
import type { EnginePorts, LoggerPort } from './ports'
import { createCustomersSection } from './snapshots/sections/customers.section'
import { createFlowSections } from './snapshots/sections/flow.sections'
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
import { FlowGraphValidator } from './flow-graph/flow-graph'
import { FlowInstanceService } from './flow-instances/flow-instance.service'
import type { NodeServices } from './flow-nodes/node-handler'
import { FlowRunService } from './flow-runs/flow-run.service'
import { FlowService } from './flows/flow.service'
import { YourAppRequester } from './requests/your-app.requester'
import { JavaScriptSandbox } from './sandbox/javascript.sandbox'
import { FlowScheduler } from './schedules/flow-scheduler'

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
  /** Flow runner settings. */
  flows?: FlowEngineOptions
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
  /** Flow templates. */
  readonly flows: FlowService
  /** Action templates and action runs. */
  readonly actions: ActionService
  /** Flow instances (template instances and ad-hoc customer flows). */
  readonly flowInstances: FlowInstanceService
  /** Flow runs and node runs. */
  readonly flowRuns: FlowRunService
  /** Schedule triggers. */
  readonly flowSchedules: FlowScheduler
  /** App events from your app, which start app-event-triggered flows. */
  readonly appEvents: AppEventService
  /** The actor console calls run as. */
  readonly consoleActor: Actor
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
  const db: Database = openDatabase(databaseFile, { nativeBinding: options.nativeBinding, checkpointIntervalMs: options.checkpointIntervalMs })
  try {
    await migrateToLatest(db.q)
  } catch (error) {
    await db.close()
    throw error
  }
  const events = createEventBus((name, error) => logger.error(`listener of ${name} failed`, { error: String(error) }))
  const ctx: EngineContext = {
    db,
    clock: ports.clock,
    logger,
    secrets: ports.secrets,
    events,
    nowIso: () => new Date(ports.clock.now()).toISOString()
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
    if (errors.length) throw invalidData(`fields do not match the tenant field schema: ${errors.map((e) => e.message).join('; ')}`, errors)
  })
  events.on('workspace.secretRotated', () => {
    keys.reset()
    verifier.forgetAll()
  })
  const tokens = new TokenService(verifier, minter)
  const auth = new Authenticator(verifier, customers)

  const webhooks = new WebhookDispatcher(
    () => ({ uri: workspace.get().webhookUri, secret: workspace.credentials().secret }),
    logger,
    ctx.nowIso,
    options.webhooks
  )

  const flowOptions = options.flows ?? {}
  const sandbox = new JavaScriptSandbox({ workers: flowOptions.sandboxWorkers })
  const graph = new FlowGraphValidator(sandbox)
  const yourApp = new YourAppRequester(
    () => workspace.get().apiBaseUri,
    (customer, ttl) => tokens.mint({ customerId: customer.internalId, name: customer.name, ttl }),
    ports.clock
  )
  events.on('workspace.secretRotated', () => yourApp.forgetTokens())
  const loadCustomer = (id: string) => {
    const row = customers.repo.byId(id)
    if (!row) throw invalidData(`Customer ${id} does not exist.`)
    return { id: row.id, internalId: row.internal_id, name: row.name, fields: JSON.parse(row.fields) as Record<string, unknown> }
  }
  const nodeServices: NodeServices = {
    sandbox,
    requestYourApp: (customer, spec, log) => yourApp.send(customer, spec, log),
    runAction: (selector, input, customer, signal) => actions.runForFlow(selector, input, customer, signal)
  }
  const flows = new FlowService(ctx, graph)
  const actions = new ActionService(ctx, sandbox, () => nodeServices, loadCustomer)
  const flowInstances = new FlowInstanceService(ctx, flows, customers, graph)
  const flowRuns = new FlowRunService(ctx, flows, flowInstances, customers, nodeServices, {
    defaultConcurrency: flowOptions.defaultConcurrency,
    closeGraceMs: flowOptions.closeGraceMs
  })
  for (const state of ['queued', 'started', 'completed', 'failed', 'stopped'] as const) {
    events.on(`flowRun.${state}`, ({ flowRun }) => webhooks.send(`flowRun.${state}`, { flowRun }))
  }
  flowRuns.recoverInterrupted()
  const flowSchedules = new FlowScheduler(flowInstances, flowRuns, ports.clock, logger, { tickMs: flowOptions.schedulerTickMs })
  for (const event of ['flowInstance.created', 'flowInstance.updated', 'flowInstance.archived', 'flowInstance.restored'] as const) {
    events.on(event, ({ flowInstance }) => void flowSchedules.sync(flowInstance.id))
  }
  await flowSchedules.start()
  const appEvents = new AppEventService(ctx, flowInstances, flowRuns, customers)
  const snapshots = new SnapshotService(ctx, workspace, customers, validator, [
    createCustomersSection({ repo: customers.repo, validator, fieldSchema: () => workspace.fieldSchema() }),
    ...createFlowSections()
  ], ENGINE_VERSION)
  events.on('snapshot.imported', () => {
    flowInstances.runtimes.clear()
    void flowSchedules.resyncAll()
  })
  const scenarios = new ScenarioService(ctx, snapshots, dataDir)

  const info: EngineInfo = {
    version: ENGINE_VERSION,
    dataDir,
    databaseFile,
    secretStorage: ports.secrets.kind,
    startedAt: ctx.nowIso()
  }
  let closed = false
  return {
    info,
    events,
    logger,
    workspace,
    customers,
    tokens,
    auth,
    webhooks,
    flows,
    actions,
    flowInstances,
    flowRuns,
    flowSchedules,
    appEvents,
    snapshots,
    scenarios,
    consoleActor: CONSOLE_ACTOR,
    now: () => ports.clock.now(),
    async close() {
      if (closed) return
      closed = true
      flowSchedules.close()
      await flowRuns.close()
      await sandbox.close()
      webhooks.close()
      await db.close()
    }
  }
}
