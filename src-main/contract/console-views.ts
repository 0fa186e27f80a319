import type { ActionDto } from './actions'
import type {
  ConnectionDto,
  ConnectionFaults,
  ConnectionFaultsInput,
  ConnectionStatus,
  ConnectResultMessage
} from './connections'
import type { CustomerDto } from './customers'
import type { ErrorDetail } from './errors'
import type { FlowInstanceDto } from './flow-instances'
import type { FlowNodeRunDto, FlowRunDto, FlowRunState } from './flow-runs'
import type { FlowDto, FlowNodes } from './flows'
import type { IntegrationDto } from './integrations'
import type { Page } from './pagination'
import type { SandboxAppDto } from './sandbox'
import type { ConflictPolicy } from './snapshots'

/** A customer as lists of other things name it. */
export type CustomerBrief = Pick<CustomerDto, 'id' | 'internalId' | 'name' | 'isTest'>

/** A page of things that belong to customers, with those customers named once. */
export interface PageWithCustomers<T> extends Page<T> {
  customers: Record<string, CustomerBrief>
}

/** An integration with how many connections it has, by status. */
export interface ConsoleIntegration extends IntegrationDto {
  connectionCounts: Record<ConnectionStatus, number>
}

/** The integrations page: the workspace's integrations and the sandbox apps behind them. */
export interface ConsoleIntegrations {
  integrations: ConsoleIntegration[]
  sandboxApps: SandboxAppDto[]
}

/** Listing query of the connections page. */
export interface ConsoleConnectionQuery {
  /** One customer's connections (engine id or internal id). */
  customerId?: string
  integrationKey?: string
  status?: ConnectionStatus
  search?: string
  includeArchived?: boolean
  cursor?: string
  limit?: number
}

/** One connection as its page shows it: the connection, its customer and integration, and the faults. */
export interface ConsoleConnectionView {
  connection: ConnectionDto
  customer: CustomerBrief
  integration: IntegrationDto
  faults: ConnectionFaults
  /** The connection has an access token that can be expired now. */
  canExpireAccessToken: boolean
  /** The connection has a refresh token the app can revoke. */
  canRevokeRefreshToken: boolean
}

/** What to simulate on a connection (see {@link ConnectionFaultsInput}), plus which one. */
export interface ConsoleFaultsInput extends ConnectionFaultsInput {
  id: string
}

/** A link that opens the real connect page for one customer, in a popup. */
export interface ConnectLink {
  url: string
  /** Ask `connections.connectResult` with this to learn how it ended. */
  requestId: string
  /** The short-lived customer token inside the link expires then. */
  expiresAt: string
}

/** What a connect run ended with, or `pending` while the person is still in the popup. */
export type ConnectOutcome = { state: 'pending' } | { state: 'done'; message: ConnectResultMessage }

/** One real call to the app through a connection, and what happened on the way. */
export interface ConnectionProbeResult {
  /** The call, e.g. `GET /me`. */
  request: string
  ok: boolean
  /** The app's status, when it answered. */
  status?: number
  /** The answer was produced by fault simulation, not by the app. */
  simulated: boolean
  durationMs: number
  /** The engine renewed the credentials during the call, and why. */
  refreshed?: 'expiry' | 'unauthorized' | 'manual'
  /** What went wrong, in words. */
  message?: string
  /** The connection after the call (status, last refresh, token expiry). */
  connection: ConnectionDto
  at: string
}

/** Listing query of flow templates. */
export interface ConsoleFlowQuery {
  search?: string
  includeArchived?: boolean
  cursor?: string
  limit?: number
}

/** A flow template with how many live instances it has. */
export interface ConsoleFlow extends FlowDto {
  instanceCount: number
}

/** Problems with a draft graph, each under `nodes.<key>…`; empty when it would save. */
export interface FlowCheck {
  errors: ErrorDetail[]
}

/** Which kind of formula a preview evaluates. */
export type PreviewKind = 'mapping' | 'expression'

/** A formula to evaluate against sample data. */
export interface PreviewRequest {
  kind: PreviewKind
  /** A mapping (JSON with `$var` / `$jsonata` formulas) or an expression (JSONata text or a formula object). */
  value: unknown
  /** What formulas see: `{input, flowInstance, parameters, user}`; `user` defaults to the customer. */
  scope: Record<string, unknown>
  /** Customer (engine id or internal id) whose record fills `user` when the scope has none. */
  customerId?: string
}

/** The preview's value, or why it could not be computed. */
export type PreviewResult = { ok: true; value: unknown } | { ok: false; message: string; path?: string }

/** Listing query of flow instances. */
export interface ConsoleInstanceQuery {
  customerId?: string
  flowId?: string
  /** Only ad-hoc flows (true) or only template instances (false). */
  isAdHoc?: boolean
  enabled?: boolean
  search?: string
  includeArchived?: boolean
  cursor?: string
  limit?: number
}

/** An instance page: the instance, its customer, and its template when it has one. */
export interface ConsoleInstanceView {
  instance: FlowInstanceDto
  customer: CustomerBrief
  flow?: FlowDto
  /** The connection it is deployed to, if any. */
  connection?: ConnectionDto
}

/** A new ad-hoc flow for a customer. */
export interface AdHocFlowCreate {
  customerId: string
  name: string
  nodes: FlowNodes
  /** The customer's connection the app-data nodes work through (needed when the flow has some). */
  connectionId?: string
}

/** Deploying a template for a customer (to one of its connections when the template needs one). */
export interface DeployRequest {
  flowId: string
  customerId: string
  connectionId?: string
  name?: string
}

/** What the console may change on an instance. */
export interface InstanceChanges {
  name?: string
  nodes?: FlowNodes
  enabled?: boolean
}

/** Listing query of the runs page; newest first. */
export interface ConsoleRunQuery {
  customerId?: string
  flowInstanceId?: string
  flowId?: string
  state?: FlowRunState
  /** ISO time: runs started at or after. */
  from?: string
  /** ISO time: runs started before. */
  to?: string
  cursor?: string
  limit?: number
}

/** A page of runs with their customers and instances named. */
export interface ConsoleRunPage extends PageWithCustomers<FlowRunDto> {
  instances: Record<string, { id: string; name: string; isAdHoc: boolean }>
}

/** A run page: the run as it stands now, its node runs, and the graph it ran. */
export interface ConsoleRunView {
  run: FlowRunDto
  /** The run's output (the output of the node where it ended); absent until it ends. */
  output?: unknown
  nodeRuns: FlowNodeRunDto[]
  /** More node runs than shown (long loops); the first ones are shown. */
  nodeRunsTruncated: boolean
  customer: CustomerBrief
  instance: { id: string; name: string; isAdHoc: boolean; nodes: FlowNodes; archived: boolean }
}

/** Starting a run from the console. */
export interface ConsoleRunStart {
  flowInstanceId: string
  input?: unknown
  startNodeKey?: string
}

/** Running a template from the builder: on the test customer's instance of it (made when missing). */
export interface TemplateRunStart {
  flowId: string
  input?: unknown
  startNodeKey?: string
}

/** Counters that move when something of their kind changes; pages reload only when theirs moved. */
export interface ChangeVersions {
  runs: number
  connections: number
  instances: number
  flows: number
  customers: number
  integrations: number
  /** Workspace settings and field schema. */
  workspace: number
  /** Actions and action instances. */
  actions: number
  /** Records of the sandbox apps (written through their API, a flow or the console). */
  records: number
}

/** Export from the snapshots page. */
export interface ConsoleExportRequest {
  /** One customer (engine id or internal id); the whole workspace when absent. */
  customerId?: string
  passphrase?: string
  includeRuns?: boolean
  description?: string
}

/** An export ready to save as a file. */
export interface ConsoleExport {
  fileName: string
  /** The snapshot file's text (JSON). */
  text: string
  sizeBytes: number
  /** Items per section. */
  counts: Record<string, number>
}

/** Import from the snapshots page: the file's text and the choices. */
export interface ConsoleImportRequest {
  text: string
  passphrase?: string
  onConflict?: ConflictPolicy
  /** A customer file whose field schema differs: keep this workspace's, replace it, or merge both. */
  fieldSchema?: 'keep' | 'replace' | 'merge'
  dryRun: boolean
}

/** Actions the run-action node can name. */
export type ActionChoice = Pick<ActionDto, 'id' | 'key' | 'name' | 'type' | 'integrationKey' | 'description'>
