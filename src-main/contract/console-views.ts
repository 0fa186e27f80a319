import type { ActionDto } from './actions'
import { Type, type Static } from '@sinclair/typebox'
import {
  CONNECTION_STATUSES,
  ConnectionFaultsInput,
  type ConnectionDto,
  type ConnectionFaults,
  type ConnectionStatus,
  type ConnectResultMessage
} from './connections'
import type { CustomerDto } from './customers'
import type { ErrorDetail } from './errors'
import type { FlowInstanceDto } from './flow-instances'
import { FLOW_RUN_STATES, type FlowNodeRunDto, type FlowRunDto } from './flow-runs'
import { FlowNodes, type FlowDto } from './flows'
import type { IntegrationDto } from './integrations'
import type { Page } from './pagination'
import type { SandboxAppDto } from './sandbox'
import { CONFLICT_POLICIES } from './snapshots'
import { Enum, ID, PAGING } from './schema-kit'

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
export const ConsoleConnectionQuery = Type.Object(
  {
    /** One customer's connections (engine id or internal id). */
    customerId: Type.Optional(ID),
    integrationKey: Type.Optional(ID),
    status: Type.Optional(Enum(CONNECTION_STATUSES)),
    search: Type.Optional(Type.String({ maxLength: 500 })),
    includeArchived: Type.Optional(Type.Boolean()),
    ...PAGING
  },
  { additionalProperties: false }
)
/** A connections page query as parsed. */
export type ConsoleConnectionQuery = Static<typeof ConsoleConnectionQuery>

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
export const ConsoleFaultsInput = Type.Object(
  { id: ID, ...ConnectionFaultsInput.properties },
  { additionalProperties: false }
)
/** A console fault simulation as parsed. */
export type ConsoleFaultsInput = Static<typeof ConsoleFaultsInput>

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
export const ConsoleFlowQuery = Type.Object(
  { search: Type.Optional(Type.String({ maxLength: 500 })), includeArchived: Type.Optional(Type.Boolean()), ...PAGING },
  { additionalProperties: false }
)
/** A flow templates query as parsed. */
export type ConsoleFlowQuery = Static<typeof ConsoleFlowQuery>

/** A flow template with how many live instances it has. */
export interface ConsoleFlow extends FlowDto {
  instanceCount: number
}

/** Problems with a draft graph, each under `nodes.<key>…`; empty when it would save. */
export interface FlowCheck {
  errors: ErrorDetail[]
}

/** Kinds of formula a preview evaluates. */
const PREVIEW_KINDS = ['mapping', 'expression'] as const
/** Which kind of formula a preview evaluates. */
export type PreviewKind = (typeof PREVIEW_KINDS)[number]

/** A formula to evaluate against sample data. */
export const PreviewRequest = Type.Object(
  {
    kind: Enum(PREVIEW_KINDS),
    /** A mapping (JSON with `$var` / `$jsonata` formulas) or an expression (JSONata text or a formula object). */
    value: Type.Unknown(),
    /** What formulas see: `{input, flowInstance, parameters, user}`; `user` defaults to the customer. */
    scope: Type.Record(Type.String(), Type.Unknown()),
    /** Customer (engine id or internal id) whose record fills `user` when the scope has none. */
    customerId: Type.Optional(ID)
  },
  { additionalProperties: false }
)
/** A preview request as parsed. */
export type PreviewRequest = Static<typeof PreviewRequest>

/** The preview's value, or why it could not be computed. */
export type PreviewResult = { ok: true; value: unknown } | { ok: false; message: string; path?: string }

/** Listing query of flow instances. */
export const ConsoleInstanceQuery = Type.Object(
  {
    customerId: Type.Optional(ID),
    flowId: Type.Optional(ID),
    /** Only ad-hoc flows (true) or only template instances (false). */
    isAdHoc: Type.Optional(Type.Boolean()),
    enabled: Type.Optional(Type.Boolean()),
    search: Type.Optional(Type.String({ maxLength: 500 })),
    includeArchived: Type.Optional(Type.Boolean()),
    ...PAGING
  },
  { additionalProperties: false }
)
/** An instances query as parsed. */
export type ConsoleInstanceQuery = Static<typeof ConsoleInstanceQuery>

/** An instance page: the instance, its customer, and its template when it has one. */
export interface ConsoleInstanceView {
  instance: FlowInstanceDto
  customer: CustomerBrief
  flow?: FlowDto
  /** The connection it is deployed to, if any. */
  connection?: ConnectionDto
}

const INSTANCE_NAME = Type.String({ minLength: 1, maxLength: 500 })

/** A new ad-hoc flow for a customer. */
export const AdHocFlowCreate = Type.Object(
  {
    customerId: ID,
    name: INSTANCE_NAME,
    nodes: FlowNodes,
    /** The customer's connection the app-data nodes work through (needed when the flow has some). */
    connectionId: Type.Optional(ID)
  },
  { additionalProperties: false }
)
/** A new ad-hoc flow as parsed. */
export type AdHocFlowCreate = Static<typeof AdHocFlowCreate>

/** Deploying a template for a customer (to one of its connections when the template needs one). */
export const DeployRequest = Type.Object(
  { flowId: ID, customerId: ID, connectionId: Type.Optional(ID), name: Type.Optional(INSTANCE_NAME) },
  { additionalProperties: false }
)
/** A deployment as parsed. */
export type DeployRequest = Static<typeof DeployRequest>

/** What the console may change on an instance. */
export const InstanceChanges = Type.Object(
  { name: Type.Optional(INSTANCE_NAME), nodes: Type.Optional(FlowNodes), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false }
)
/** Instance changes as parsed. */
export type InstanceChanges = Static<typeof InstanceChanges>

/** Listing query of the runs page; newest first. */
export const ConsoleRunQuery = Type.Object(
  {
    customerId: Type.Optional(ID),
    flowInstanceId: Type.Optional(ID),
    flowId: Type.Optional(ID),
    state: Type.Optional(Enum(FLOW_RUN_STATES)),
    /** ISO time: runs started at or after. */
    from: Type.Optional(Type.String({ maxLength: 64 })),
    /** ISO time: runs started before. */
    to: Type.Optional(Type.String({ maxLength: 64 })),
    ...PAGING
  },
  { additionalProperties: false }
)
/** A runs query as parsed. */
export type ConsoleRunQuery = Static<typeof ConsoleRunQuery>

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
export const ConsoleRunStart = Type.Object(
  { flowInstanceId: ID, input: Type.Optional(Type.Unknown()), startNodeKey: Type.Optional(ID) },
  { additionalProperties: false }
)
/** A run start as parsed. */
export type ConsoleRunStart = Static<typeof ConsoleRunStart>

/** Running a template from the builder: on the test customer's instance of it (made when missing). */
export const TemplateRunStart = Type.Object(
  { flowId: ID, input: Type.Optional(Type.Unknown()), startNodeKey: Type.Optional(ID) },
  { additionalProperties: false }
)
/** A template run as parsed. */
export type TemplateRunStart = Static<typeof TemplateRunStart>

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
export const ConsoleExportRequest = Type.Object(
  {
    /** One customer (engine id or internal id); the whole workspace when absent. */
    customerId: Type.Optional(ID),
    passphrase: Type.Optional(Type.String({ maxLength: 1024 })),
    includeRuns: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 2000 }))
  },
  { additionalProperties: false }
)
/** An export request as parsed. */
export type ConsoleExportRequest = Static<typeof ConsoleExportRequest>

/** An export ready to save as a file. */
export interface ConsoleExport {
  fileName: string
  /** The snapshot file's text (JSON). */
  text: string
  sizeBytes: number
  /** Items per section. */
  counts: Record<string, number>
}

/** Import from the snapshots page: the file's text and the choices (the snapshot service checks the file). */
export const ConsoleImportRequest = Type.Object(
  {
    text: Type.String(),
    passphrase: Type.Optional(Type.String({ maxLength: 1024 })),
    onConflict: Type.Optional(Enum(CONFLICT_POLICIES)),
    /** A customer file whose field schema differs: keep this workspace's, replace it, or merge both. */
    fieldSchema: Type.Optional(Enum(['keep', 'replace', 'merge'])),
    dryRun: Type.Boolean()
  },
  { additionalProperties: false }
)
/** An import request as parsed. */
export type ConsoleImportRequest = Static<typeof ConsoleImportRequest>

/** Actions the run-action node can name. */
export type ActionChoice = Pick<ActionDto, 'id' | 'key' | 'name' | 'type' | 'integrationKey' | 'description'>
