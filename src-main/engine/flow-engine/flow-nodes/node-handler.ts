import type {
  AppRequest,
  AppResponse,
  DataListRequest,
  DataListResult,
  DataRecordDto
} from '../../../contract/connections'
import type { ErrorDetail } from '../../../contract/errors'
import type { FlowNodeTypeSpec } from '../../../contract/flow-node-types'
import type { RunLogEntry } from '../../../contract/flow-runs'
import type { JavaScriptSandbox } from '../../javascript/javascript.sandbox'
import type { HttpRequestSpec, HttpResponse, RequestLog } from '../../requests/http.requester'

/** A config value that breaks a rule the JSON Schema cannot express; `path` is under the node. */
export class NodeConfigError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(message)
    this.name = 'NodeConfigError'
  }
}

/** The customer a run belongs to, as formulas and requests see it. */
export interface RunCustomer {
  id: string
  internalId: string
  name: string
  fields: Record<string, unknown>
}

/** What a sub-flow iteration produced: its leaf outputs, or nothing when it was filtered out. */
export interface SubflowResult {
  produced: boolean
  value?: unknown
}

/** How politely a node calls an app: its log, its stop signal, rate-limit retries and the time it may take. */
export interface ConnectionCallPolicy {
  signal: AbortSignal
  log: RequestLog
  /** Retries after a 429 (waiting as Retry-After says). */
  rateLimitRetries: number
  /** Give up after this long, waits included. */
  timeoutMs: number
}

/** Record operations and requests through one connection, as a node or action run makes them. */
export interface ConnectionCalls {
  /** The connection's app name, for messages. */
  readonly appName: string
  /** A request to the app's API (any status comes back; 429s were retried per the policy). */
  request(request: AppRequest): Promise<AppResponse>
  list(collection: string, request: DataListRequest): Promise<DataListResult>
  search(collection: string, request: DataListRequest): Promise<DataListResult>
  findById(collection: string, id: string): Promise<DataRecordDto>
  create(collection: string, fields: Record<string, unknown>): Promise<DataRecordDto>
  update(collection: string, id: string, fields: Record<string, unknown>): Promise<DataRecordDto>
  delete(collection: string, id: string): Promise<void>
}

/** The connection a run works through: a connection id or an integration key (the customer's connection to it), and the customer it must belong to. */
export interface RunConnection {
  selector: string
  customer: RunCustomer
}

/** Data sources and field mappings on a customer's connection, as nodes use them (instances made on first use). */
export interface FlowElementCalls {
  /** The collection the customer's instance of a data source works on there. */
  collection(connection: RunConnection, dataSourceKey: string): Promise<string>
  /** A record mapped through the customer's instance of a field mapping there (its customisation included). */
  mapRecord(
    connection: RunConnection,
    fieldMappingKey: string,
    direction: 'import' | 'export',
    record: Record<string, unknown>
  ): Promise<Record<string, unknown>>
}

/** Which way a link was made: imported from the external app, exported to it, or both. */
export type LinkDirection = 'import' | 'export' | 'both'

/** One link between your app's record id and the external app's, as the data link nodes see it. */
export interface RunDataLink {
  appRecordId: string
  externalRecordId: string
  direction: LinkDirection
}

/** The data link tables of one connection, as the data link nodes use them (the table's instance is made on first use). */
export interface DataLinkCalls {
  create(
    tableKey: string,
    link: { appRecordId: string; externalRecordId: string; direction?: LinkDirection }
  ): RunDataLink
  find(
    tableKey: string,
    filter: { appRecordId?: string; externalRecordId?: string; direction?: LinkDirection }
  ): RunDataLink | undefined
  delete(
    tableKey: string,
    filter: { appRecordId?: string; externalRecordId?: string; direction?: LinkDirection }
  ): number
}

/** Engine services nodes (and actions) call. */
export interface NodeServices {
  sandbox: JavaScriptSandbox
  /** Sends a request to your app: a relative uri is joined to the workspace apiBaseUri; the customer's token is attached. */
  requestYourApp(
    customer: RunCustomer,
    spec: Omit<HttpRequestSpec, 'url'> & { uri: string },
    log: RequestLog
  ): Promise<HttpResponse>
  /** Runs an action for the customer; actions that need a connection run on `connectionId` (the flow instance's). */
  runAction(
    selector: { key?: string; id?: string },
    input: unknown,
    customer: RunCustomer,
    signal: AbortSignal,
    connection?: { connectionId?: string; integrationKey?: string }
  ): Promise<{ output: unknown; logs: RunLogEntry[]; actionRunId: string }>
  /** Calls through a connection of the customer (refused for another customer's connection). */
  connection(connection: RunConnection, policy: ConnectionCallPolicy): ConnectionCalls
  /** Data sources and field mappings (absent where nodes cannot use them). */
  elements?: FlowElementCalls
  /** The data link tables of a customer's connection (absent where nodes cannot use them). */
  dataLinks?(connection: RunConnection): DataLinkCalls
}

/** One execution of a node, as the runner hands it to the node's handler. */
export interface NodeExecution {
  readonly nodeKey: string
  /** The run input (what a trigger turns into its output). */
  readonly runInput: unknown
  /** The output of the node that led here; undefined for triggers. */
  readonly upstreamOutput: unknown
  /** What formulas see: `{input, flowInstance, parameters, user, error?}`. */
  readonly scope: Record<string, unknown>
  readonly customer: RunCustomer
  /** The flow instance's connection, when it is deployed to one. */
  readonly connectionId?: string
  readonly signal: AbortSignal
  /** The node's `concurrency` (1 when unset). */
  readonly concurrency: number
  readonly services: NodeServices
  log(level: RunLogEntry['level'], message: string, data?: unknown): void
  /** For-each only: runs the sub-flow that starts at `rootNodeKey` for one item. */
  runSubflow(rootNodeKey: string, frame: { item: unknown; index: number }): Promise<SubflowResult>
}

/** What a node run produced: one output for the next nodes, or none (a filter said no). */
export type NodeOutcome = { output: unknown } | { filtered: true; reason: string }

/**
 * One node type: its spec (name, config schema), how its config is compiled once per flow,
 * and how it runs. `prepare` throws {@link NodeConfigError} or a formula error naming the path.
 */
export interface FlowNodeHandler<P = unknown> {
  readonly spec: FlowNodeTypeSpec
  /** Compiles the config (formulas, schemas). Synchronous; JSONata is loaded before it is called. */
  prepare(config: Record<string, unknown>, path: string): P
  /** Checks that need async work, such as JavaScript syntax; problems are under `path`. */
  check?(config: Record<string, unknown>, path: string, sandbox: JavaScriptSandbox): Promise<ErrorDetail[]>
  /** The same checks as `check`, synchronously (snapshot import); required when `check` is given. */
  checkNow?(config: Record<string, unknown>, path: string, sandbox: JavaScriptSandbox): ErrorDetail[]
  /** Triggers: problems with a run input (for example against `inputSchema`), under `root`. */
  checkInput?(prepared: P, input: unknown, root: string): ErrorDetail[]
  run(prepared: P, execution: NodeExecution): Promise<NodeOutcome>
}
