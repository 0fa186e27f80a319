import { Type, type Static } from '@sinclair/typebox'
import { PAGING } from './schema-kit'
import type { ActionCreate, ActionDto } from './actions'
import type { IntegrationCreate, IntegrationDto } from './integrations'
import type { ActivityEntryDetail, ActivityPage, ActivityQuery } from './activity'
import type {
  ConnectionRequestRecordDto,
  ExecuteRequestResultDto,
  OperationRunResultDto,
  OperationSpecDto
} from './operations'
import type { ConnectionDto } from './connections'
import type {
  ActionChoice,
  AdHocFlowCreate,
  ChangeVersions,
  ConnectionProbeResult,
  ConnectLink,
  ConnectOutcome,
  ConsoleConnectionQuery,
  ConsoleConnectionView,
  ConsoleExport,
  ConsoleExportRequest,
  ConsoleFaultsInput,
  ConsoleFlow,
  ConsoleFlowQuery,
  ConsoleImportRequest,
  ConsoleInstanceQuery,
  ConsoleInstanceView,
  ConsoleIntegrations,
  ConsoleRunPage,
  ConsoleRunQuery,
  ConsoleRunStart,
  ConsoleRunView,
  DeployRequest,
  FlowCheck,
  InstanceChanges,
  PageWithCustomers,
  PreviewRequest,
  PreviewResult,
  TemplateRunStart
} from './console-views'
import type { ConsoleMappingCheck, ConsoleMappingEditor, ConsoleTemplateView } from './console-field-mappings'
import type { AppEventSubscriptionDto, AppEventTypeDto } from './app-event-types'
import type { ExternalEventSubscriptionDto } from './external-events'
import type { DataSourceDto } from './data-sources'
import type { FieldMappingDto, FieldMappingInstanceDto } from './field-mappings'
import type { CustomerCreate, CustomerDto, CustomerUpdate, TestCustomerUpdate } from './customers'
import type { ErrorBody, ErrorDetail } from './errors'
import type { FlowInstanceDto } from './flow-instances'
import type { FlowRunDto } from './flow-runs'
import type { FlowCreate, FlowDto, FlowNodes, FlowUpdate } from './flows'
import type { Page } from './pagination'
import type { ImportReport, ScenarioDto } from './snapshots'
import type {
  SandboxBrowserApp,
  SandboxRecordPage,
  SandboxRecordQuery,
  SandboxRecordRef,
  SandboxRecordView
} from './sandbox'
import type { MembraneImportResult, MembraneZipExport, MembraneZipImportRequest } from './interchange'
import type { MintedToken, MintTokenRequest, TokenInspection } from './tokens'
import type { FieldSchema, WorkspaceCredentials, WorkspaceDto, WorkspacePatch } from './workspace'

/** How the console reaches the engine: the desktop window over IPC, or a browser over HTTP. */
export type ConsoleMode = 'desktop' | 'headless'

/** What the console shows about the running Workbench (header, settings page). */
export interface ConsoleSessionInfo {
  version: string
  mode: ConsoleMode
  /** Base URL of the local REST API (`apiUri` for the SDK). */
  apiUrl: string
  port: number
  dataDir: string
  databaseFile: string
  /** How secrets are sealed at rest (keychain or key file). */
  secretStorage: string
  startedAt: string
  workspaceKey: string
  workspaceName: string
  /** Customers that are not archived. */
  customerCount: number
  archivedCustomerCount: number
  testCustomerId: string
}

/** Listing query of the customers page. */
export const ConsoleCustomerQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 500 })),
    includeArchived: Type.Optional(Type.Boolean()),
    /** Only archived customers (the "Archived" tab). */
    archivedOnly: Type.Optional(Type.Boolean()),
    /**
     * Position of the page's first row in the whole list (0-based): the page there is read
     * directly, so a scroll bar over every customer can jump anywhere. Not with `cursor`.
     */
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    ...PAGING
  },
  { additionalProperties: false }
)
/** A customers page query as parsed. */
export type ConsoleCustomerQuery = Static<typeof ConsoleCustomerQuery>

/** A page of the customers list with where it starts and how many customers the list holds. */
export interface CustomerListPage extends Page<CustomerDto> {
  total: number
  /** Absent on a page asked for by cursor. */
  offset?: number
}

/** A customer whose stored fields a proposed field schema would reject. */
export interface FieldSchemaProblem {
  customer: Pick<CustomerDto, 'id' | 'internalId' | 'name'>
  errors: ErrorDetail[]
}

/** Result of checking a proposed field schema: is it a valid schema, and whom would it make invalid. */
export interface FieldSchemaCheck {
  /** Problems with the schema itself; when not empty it cannot be saved. */
  schemaErrors: ErrorDetail[]
  /** Customers (not archived) whose fields would not match. */
  invalidCount: number
  /** The first of them, with what is wrong. */
  problems: FieldSchemaProblem[]
  /** How many customers were checked. */
  checkedCount: number
}

/**
 * The console API: one method name → its input and output. The engine's handler table is a
 * mapped type over this (a missing handler does not compile); IPC and HTTP serve the same table.
 */
export interface ConsoleApiSpec {
  'session.info': { input: void; output: ConsoleSessionInfo }
  /** The browser console's link; it carries the console secret, kept in the data folder until rotated. */
  'session.consoleLink': { input: void; output: { url: string } }
  /** A new console secret: every earlier link and browser session stops working; answers the new link. */
  'session.rotateConsoleSecret': { input: void; output: { url: string } }
  'customers.list': { input: ConsoleCustomerQuery; output: CustomerListPage }
  'customers.get': { input: { id: string }; output: CustomerDto }
  'customers.create': { input: CustomerCreate; output: CustomerDto }
  'customers.update': { input: { id: string; changes: CustomerUpdate }; output: CustomerDto }
  'customers.archive': { input: { id: string }; output: CustomerDto }
  'customers.restore': { input: { id: string }; output: CustomerDto }
  'testCustomer.get': { input: void; output: CustomerDto }
  'testCustomer.update': { input: TestCustomerUpdate; output: CustomerDto }
  'workspace.get': { input: void; output: WorkspaceDto }
  'workspace.update': { input: Omit<WorkspacePatch, 'userFieldsSchema'>; output: WorkspaceDto }
  'workspace.credentials': { input: void; output: WorkspaceCredentials }
  'workspace.rotateSecret': { input: void; output: WorkspaceCredentials }
  'fieldSchema.check': { input: { schema: FieldSchema | null }; output: FieldSchemaCheck }
  'fieldSchema.save': { input: { schema: FieldSchema | null }; output: WorkspaceDto }
  'tokens.mint': { input: MintTokenRequest; output: MintedToken }
  'tokens.inspect': { input: { token: string }; output: TokenInspection }
  'activity.list': { input: ActivityQuery; output: ActivityPage }
  'activity.clear': { input: void; output: { cleared: number } }
  /** One entry opened: for API calls the whole request and answer (secrets redacted). */
  'activity.get': { input: { seq: number }; output: ActivityEntryDetail }
  'changes.get': { input: void; output: ChangeVersions }
  'integrations.overview': { input: void; output: ConsoleIntegrations }
  /** The same checks as `POST /integrations`; the console offers it for HTTP-connector integrations. */
  'integrations.create': { input: IntegrationCreate; output: IntegrationDto }
  'connections.list': { input: ConsoleConnectionQuery; output: PageWithCustomers<ConnectionDto> }
  'connections.get': { input: { id: string }; output: ConsoleConnectionView }
  'connections.connectLink': {
    input: { customerId: string; integrationKey: string; connectionId?: string }
    output: ConnectLink
  }
  'connections.connectResult': { input: { requestId: string }; output: ConnectOutcome }
  'connections.probe': { input: { id: string }; output: ConnectionProbeResult }
  'connections.refresh': { input: { id: string }; output: ConsoleConnectionView }
  'connections.archive': { input: { id: string }; output: ConsoleConnectionView }
  'connections.simulate': { input: ConsoleFaultsInput; output: ConsoleConnectionView }
  'connections.clearFaults': { input: { id: string }; output: ConsoleConnectionView }
  'connections.operations': { input: { id: string }; output: { items: OperationSpecDto[] } }
  'connections.runOperation': { input: { id: string; key: string; input: unknown }; output: OperationRunResultDto }
  'connections.executeRequest': { input: ConsoleExecuteRequest; output: ExecuteRequestResultDto }
  'connections.requestHistory': { input: { id: string }; output: { items: ConnectionRequestRecordDto[] } }
  'actions.list': { input: void; output: ActionChoice[] }
  /** The same checks as `POST /actions`. */
  'actions.create': { input: ActionCreate; output: ActionDto }
  'flows.list': { input: ConsoleFlowQuery; output: Page<ConsoleFlow> }
  'flows.get': { input: { id: string }; output: FlowDto }
  'flows.create': { input: FlowCreate; output: FlowDto }
  'flows.update': { input: { id: string; changes: FlowUpdate }; output: FlowDto }
  'flows.archive': { input: { id: string }; output: FlowDto }
  'flows.restore': { input: { id: string }; output: FlowDto }
  'flows.check': { input: { nodes: FlowNodes }; output: FlowCheck }
  'flows.preview': { input: PreviewRequest; output: PreviewResult }
  'flows.run': { input: TemplateRunStart; output: FlowRunDto }
  'instances.list': { input: ConsoleInstanceQuery; output: PageWithCustomers<FlowInstanceDto> }
  'instances.get': { input: { id: string }; output: ConsoleInstanceView }
  'instances.createAdHoc': { input: AdHocFlowCreate; output: FlowInstanceDto }
  'instances.deploy': { input: DeployRequest; output: FlowInstanceDto }
  'instances.update': { input: { id: string; changes: InstanceChanges }; output: FlowInstanceDto }
  'instances.reset': { input: { id: string }; output: FlowInstanceDto }
  'instances.updateToLatest': { input: { id: string }; output: FlowInstanceDto }
  'instances.setup': { input: { id: string }; output: FlowInstanceDto }
  'instances.archive': { input: { id: string }; output: FlowInstanceDto }
  'instances.restore': { input: { id: string }; output: FlowInstanceDto }
  'runs.list': { input: ConsoleRunQuery; output: ConsoleRunPage }
  'runs.get': { input: { id: string }; output: ConsoleRunView }
  'runs.start': { input: ConsoleRunStart; output: FlowRunDto }
  'runs.stop': { input: { id: string }; output: FlowRunDto }
  'runs.repeat': { input: { id: string }; output: FlowRunDto }
  'snapshots.export': { input: ConsoleExportRequest; output: ConsoleExport }
  'snapshots.import': { input: ConsoleImportRequest; output: ImportReport }
  'scenarios.list': { input: void; output: ScenarioDto[] }
  'scenarios.save': { input: { name: string; description?: string }; output: ScenarioDto }
  'scenarios.switch': { input: { name: string }; output: ImportReport }
  'scenarios.reset': { input: void; output: ImportReport }
  'scenarios.remove': { input: { name: string }; output: { removed: string } }
  'dataSources.list': { input: { includeArchived?: boolean }; output: DataSourceDto[] }
  'dataSources.get': { input: { id: string }; output: ConsoleTemplateView<DataSourceDto> }
  'fieldMappings.list': { input: { includeArchived?: boolean }; output: FieldMappingDto[] }
  'fieldMappings.get': { input: { id: string }; output: ConsoleTemplateView<FieldMappingDto> }
  'mappingEditor.get': { input: { connectionId: string }; output: ConsoleMappingEditor[] }
  'mappingEditor.check': {
    input: { id: string; importValue: Record<string, unknown>; sample?: Record<string, unknown> }
    output: ConsoleMappingCheck
  }
  'mappingEditor.save': { input: { id: string; importValue: Record<string, unknown> }; output: FieldMappingInstanceDto }
  'mappingEditor.reset': { input: { id: string }; output: FieldMappingInstanceDto }
  'appEventTypes.list': { input: { includeArchived?: boolean }; output: AppEventTypeDto[] }
  'appEventTypes.get': { input: { id: string }; output: AppEventTypeDto }
  'appEventTypes.sendTest': {
    input: { id: string; customerId: string; payload: unknown }
    output: { eventId: string; runs: FlowRunDto[] }
  }
  'customers.eventSubscriptions': {
    input: { id: string }
    output: { appEvents: AppEventSubscriptionDto[]; externalEvents: ExternalEventSubscriptionDto[] }
  }
  'membrane.export': { input: void; output: MembraneZipExport }
  'membrane.import': { input: MembraneZipImportRequest; output: MembraneImportResult }
  /** The data browser: both sandbox apps with their collections and accounts. */
  'sandboxData.apps': { input: void; output: SandboxBrowserApp[] }
  'sandboxData.list': { input: SandboxRecordQuery; output: SandboxRecordPage }
  'sandboxData.get': { input: SandboxRecordRef; output: SandboxRecordView }
  /** Writes go through the app's record store: the same validation and record webhooks as its REST API. */
  'sandboxData.create': {
    input: Omit<SandboxRecordRef, 'id'> & { fields: Record<string, unknown> }
    output: SandboxRecordView
  }
  'sandboxData.update': { input: SandboxRecordRef & { fields: Record<string, unknown> }; output: SandboxRecordView }
  'sandboxData.delete': { input: SandboxRecordRef; output: { id: string } }
}

/** A console API method name. */
export type ConsoleMethod = keyof ConsoleApiSpec
/** The input a method takes. */
export type ConsoleInput<M extends ConsoleMethod> = ConsoleApiSpec[M]['input']
/** What a method answers. */
export type ConsoleOutput<M extends ConsoleMethod> = ConsoleApiSpec[M]['output']

/** A request the console sends through a connection (`connections.executeRequest`). */
export interface ConsoleExecuteRequest {
  id: string
  method: string
  path: string
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: unknown
}

/** Every method name, for transports that must refuse anything else before parsing. */
export const CONSOLE_METHODS = [
  'session.info',
  'session.consoleLink',
  'session.rotateConsoleSecret',
  'customers.list',
  'customers.get',
  'customers.create',
  'customers.update',
  'customers.archive',
  'customers.restore',
  'testCustomer.get',
  'testCustomer.update',
  'workspace.get',
  'workspace.update',
  'workspace.credentials',
  'workspace.rotateSecret',
  'fieldSchema.check',
  'fieldSchema.save',
  'tokens.mint',
  'tokens.inspect',
  'activity.list',
  'activity.clear',
  'activity.get',
  'changes.get',
  'integrations.overview',
  'integrations.create',
  'connections.list',
  'connections.get',
  'connections.connectLink',
  'connections.connectResult',
  'connections.probe',
  'connections.refresh',
  'connections.archive',
  'connections.simulate',
  'connections.clearFaults',
  'connections.operations',
  'connections.runOperation',
  'connections.executeRequest',
  'connections.requestHistory',
  'actions.list',
  'actions.create',
  'flows.list',
  'flows.get',
  'flows.create',
  'flows.update',
  'flows.archive',
  'flows.restore',
  'flows.check',
  'flows.preview',
  'flows.run',
  'instances.list',
  'instances.get',
  'instances.createAdHoc',
  'instances.deploy',
  'instances.update',
  'instances.reset',
  'instances.updateToLatest',
  'instances.setup',
  'instances.archive',
  'instances.restore',
  'runs.list',
  'runs.get',
  'runs.start',
  'runs.stop',
  'runs.repeat',
  'snapshots.export',
  'snapshots.import',
  'scenarios.list',
  'scenarios.save',
  'scenarios.switch',
  'scenarios.reset',
  'scenarios.remove',
  'dataSources.list',
  'dataSources.get',
  'fieldMappings.list',
  'fieldMappings.get',
  'mappingEditor.get',
  'mappingEditor.check',
  'mappingEditor.save',
  'mappingEditor.reset',
  'appEventTypes.list',
  'appEventTypes.get',
  'appEventTypes.sendTest',
  'customers.eventSubscriptions',
  'membrane.export',
  'membrane.import',
  'sandboxData.apps',
  'sandboxData.list',
  'sandboxData.get',
  'sandboxData.create',
  'sandboxData.update',
  'sandboxData.delete'
] as const satisfies readonly ConsoleMethod[]

// Compile-time proof that the list above names every method of the spec.
type Missing = Exclude<ConsoleMethod, (typeof CONSOLE_METHODS)[number]>
const everyMethodListed: [Missing] extends [never] ? true : Missing = true
void everyMethodListed

/** A call's outcome as data: IPC forwards only an error's message, so errors travel as values. */
export type ConsoleResult<T> = { ok: true; value: T } | { ok: false; error: ErrorBody; status: number }

/** What the renderer sends over the one IPC channel. */
export interface ConsoleRequest {
  method: string
  input?: unknown
}

export { CONSOLE_IPC_CHANNEL } from './console-channel'

/** The object the preload exposes as `window.workbench`: the typed bridge, nothing else. */
export interface WorkbenchBridge {
  /** Operating system of the desktop app (`darwin`, `win32`, `linux`). */
  readonly platform: string
  /** Calls one console API method; never rejects for an engine error (see {@link ConsoleResult}). */
  invoke(request: ConsoleRequest): Promise<ConsoleResult<unknown>>
}

/** Request header that carries the per-launch console secret over HTTP. */
export const CONSOLE_SECRET_HEADER = 'x-workbench-console-secret'
/** Path prefix of the console API over HTTP (`POST /console-api/<method>`). */
export const CONSOLE_API_PREFIX = '/console-api/'
/** Path prefix where the console page is served in headless mode. */
export const CONSOLE_PAGE_PREFIX = '/console/'
/** URL fragment parameter that hands the console secret to the page (fragments never reach servers). */
export const CONSOLE_SECRET_FRAGMENT = 'secret'

/**
 * The console page's Content-Security-Policy: its own scripts and API only, never framed, no
 * plugins. Styles may be inline because CodeMirror and React style attributes are.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
