import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ActivityLog } from './activity/activity-log'
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
import { SigningKeys } from './tokens/signing-keys'
import { TokenMinter } from './tokens/token.minter'
import { TokenService } from './tokens/token.service'
import { TokenVerifier } from './tokens/token.verifier'
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/webhook.dispatcher'
import { WorkspaceService } from './workspace/workspace.service'

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
  /** Signed notifications to the workspace `webhookUri`. */
  readonly webhooks: WebhookDispatcher
  /** The actor console calls run as. */
  readonly consoleActor: Actor
  /** Recent API calls, engine events and webhook deliveries, for the console. */
  readonly activity: ActivityLog
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

  const activity = new ActivityLog(ctx.nowIso)
  const stopFollowing = [activity.followEvents(events), webhooks.onDelivery((delivery) => activity.recordWebhook(delivery))]

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
    consoleActor: CONSOLE_ACTOR,
    activity,
    now: () => ports.clock.now(),
    async close() {
      if (closed) return
      closed = true
      for (const stop of stopFollowing) stop()
      webhooks.close()
      await db.close()
    }
  }
}
