import type { ErrorDetail } from '../../../contract/errors'
import { checkActionConfigNow, definitionSchemaProblems } from '../../actions/action-types'
import { checkJsonSchema } from '../../common/json-schema'
import type { FlowGraphValidator } from '../../flow-engine/flow-graph/flow-graph'
import type { JavaScriptSandbox } from '../../javascript/javascript.sandbox'
import type { ExportContext, SnapshotSection } from './snapshot-section'
import { createTableSection, type ColumnSpec } from './table-section'
import { ARCHIVED, templateIds, templateSection } from './template-section'

const FINISHED = ['completed', 'failed', 'stopped']

/** Ids of the customers' live and archived flow instances. */
function instanceIds(x: ExportContext): string[] {
  const { db } = x.ctx
  if (x.scope.kind === 'workspace') return db.all(db.q.selectFrom('flow_instances').select('id')).map((r) => r.id)
  return db
    .all(
      db.q
        .selectFrom('flow_instances')
        .select('id')
        .where('customer_id', 'in', [...x.customerIds])
    )
    .map((r) => r.id)
}

/** Where an instance lives: its customer, its template, and the integration, connection and instance key it is deployed with. */
function placementColumns(template: ColumnSpec): ColumnSpec[] {
  return [
    { column: 'customer_id', field: 'customerRef', kind: { ref: 'customers' } },
    template,
    { column: 'integration_key', field: 'integrationKey', kind: 'text', optional: true },
    { column: 'connection_id', field: 'connectionRef', kind: { ref: 'connections' }, optional: true },
    { column: 'instance_key', field: 'instanceKey', kind: 'text', optional: true }
  ]
}

/** What the flow sections check entries with: the REST API's own validators. */
export interface FlowSectionChecks {
  /** Prepared ({@link FlowGraphValidator.prepare}) before an import runs. */
  graph: FlowGraphValidator
  sandbox: JavaScriptSandbox
}

/** Problems paths are given relative to the definition; in a file they live under the entry `at`. */
function under(at: string, problems: ErrorDetail[]): ErrorDetail[] {
  return problems.map((p) => ({
    path: `${at}.${p.path}`,
    message: `${at}.${p.message.startsWith(p.path) ? '' : `${p.path}: `}${p.message}`
  }))
}

/** An action definition as the REST API checks it: type, config (formulas, JavaScript), schemas, output mapping. */
function actionProblems(
  item: Record<string, unknown>,
  type: unknown,
  at: string,
  checks: FlowSectionChecks
): ErrorDetail[] {
  const problems =
    typeof type === 'string' && item.config !== undefined ? checkActionConfigNow(type, item.config, checks.sandbox) : []
  problems.push(...definitionSchemaProblems(item.inputSchema, item.outputMapping, item.customOutputSchema))
  return under(at, problems)
}

/** Flow templates, action templates, flow instances (with ad-hoc customer flows), finished runs and action instances. */
export function createFlowSections(checks: FlowSectionChecks): SnapshotSection[] {
  const flows = templateSection(
    'flows',
    [
      { column: 'nodes', field: 'nodes', kind: 'json' },
      { column: 'parameters_schema', field: 'parametersSchema', kind: 'json', optional: true },
      { column: 'concurrency', field: 'concurrency', kind: 'int', optional: true },
      { column: 'auto_create_instances', field: 'autoCreateInstances', kind: 'bool' }
    ],
    (item, at) => [
      ...checks.graph.problemsNow(item.nodes, `${at}.nodes`),
      ...(item.parametersSchema === undefined || item.parametersSchema === null
        ? []
        : under(at, checkJsonSchema(item.parametersSchema, 'parametersSchema')))
    ]
  )

  const actions = templateSection(
    'actions',
    [
      { column: 'type', field: 'type', kind: 'text' },
      { column: 'config', field: 'config', kind: 'json' },
      { column: 'input_schema', field: 'inputSchema', kind: 'json', optional: true },
      { column: 'output_mapping', field: 'outputMapping', kind: 'json', optional: true },
      { column: 'custom_output_schema', field: 'customOutputSchema', kind: 'json', optional: true }
    ],
    (item, at) => actionProblems(item, item.type, at, checks)
  )

  const flowInstances = createTableSection({
    key: 'flowInstances',
    table: 'flow_instances',
    customerColumn: 'customer_id',
    columns: [
      ...placementColumns({ column: 'flow_id', field: 'flowRef', kind: { ref: 'flows' }, optional: true }),
      { column: 'name', field: 'name', kind: 'text' },
      { column: 'customized_name', field: 'customizedName', kind: 'bool' },
      { column: 'nodes', field: 'nodes', kind: 'json' },
      { column: 'parameters', field: 'parameters', kind: 'json', optional: true },
      { column: 'enabled', field: 'enabled', kind: 'bool' },
      { column: 'flow_revision', field: 'flowRevision', kind: 'int', optional: true },
      { column: 'concurrency', field: 'concurrency', kind: 'int', optional: true },
      ARCHIVED
    ],
    select: instanceIds,
    check: (item, at) => checks.graph.problemsNow(item.nodes, `${at}.nodes`),
    // Setup runs again after the import (the engine listens to snapshot.imported): triggers subscribe here.
    extraValues: () => ({ state: 'READY', errors: null, setup: null, setup_at: null }),
    label: (item) => String(item.name)
  })

  const flowRuns = createTableSection({
    key: 'flowRuns',
    table: 'flow_runs',
    customerColumn: 'customer_id',
    columns: [
      { column: 'flow_instance_id', field: 'flowInstanceRef', kind: { ref: 'flowInstances' } },
      { column: 'customer_id', field: 'customerRef', kind: { ref: 'customers' } },
      { column: 'flow_id', field: 'flowRef', kind: { ref: 'flows' }, optional: true },
      { column: 'universal_flow_id', field: 'universalFlowRef', kind: { ref: 'flows' }, optional: true },
      { column: 'integration_key', field: 'integrationKey', kind: 'text', optional: true },
      { column: 'connection_id', field: 'connectionRef', kind: { ref: 'connections' }, optional: true },
      { column: 'name', field: 'name', kind: 'text', optional: true },
      { column: 'start_node_key', field: 'startNodeKey', kind: 'text' },
      { column: 'state', field: 'state', kind: 'text' },
      { column: 'input', field: 'input', kind: 'json', optional: true },
      { column: 'output', field: 'output', kind: 'json', optional: true },
      { column: 'errors', field: 'errors', kind: 'json', optional: true },
      { column: 'nodes', field: 'nodes', kind: 'json', optional: true },
      { column: 'launched_by', field: 'launchedBy', kind: 'json' },
      { column: 'repeat_of', field: 'repeatOf', kind: 'text', optional: true },
      { column: 'meta', field: 'meta', kind: 'json', optional: true },
      { column: 'created_at', field: 'createdAt', kind: 'time' },
      { column: 'started_at', field: 'startedAt', kind: 'time', optional: true },
      { column: 'ended_at', field: 'endedAt', kind: 'time', optional: true }
    ],
    children: [
      {
        field: 'nodeRuns',
        table: 'flow_node_runs',
        parentColumn: 'run_id',
        orderBy: 'idx',
        columns: [
          { column: 'id', field: 'id', kind: 'text' },
          { column: 'idx', field: 'idx', kind: 'int' },
          { column: 'node_key', field: 'nodeKey', kind: 'text' },
          { column: 'node_type', field: 'nodeType', kind: 'text' },
          { column: 'status', field: 'status', kind: 'text' },
          { column: 'input', field: 'input', kind: 'json', optional: true },
          { column: 'outputs', field: 'outputs', kind: 'json' },
          { column: 'upstream', field: 'upstream', kind: 'json', optional: true },
          { column: 'iteration', field: 'iteration', kind: 'json', optional: true },
          { column: 'logs', field: 'logs', kind: 'json', optional: true },
          { column: 'errors', field: 'errors', kind: 'json', optional: true },
          { column: 'started_at', field: 'startedAt', kind: 'time' },
          { column: 'duration_ms', field: 'durationMs', kind: 'number' }
        ]
      }
    ],
    select: (x) => {
      if (!x.includeRuns) return []
      const { db } = x.ctx
      let query = db.q.selectFrom('flow_runs').select('id').where('state', 'in', FINISHED)
      if (x.scope.kind !== 'workspace') query = query.where('customer_id', 'in', [...x.customerIds])
      return db.all(query).map((r) => r.id)
    },
    stampColumns: [],
    label: (item) => `${String(item.name ?? 'run')} (${String(item.state)})`
  })

  const actionInstances = createTableSection({
    key: 'actionInstances',
    table: 'action_instances',
    customerColumn: 'customer_id',
    columns: [
      ...placementColumns({ column: 'action_id', field: 'actionRef', kind: { ref: 'actions' } }),
      { column: 'name', field: 'name', kind: 'text', optional: true },
      { column: 'config', field: 'config', kind: 'json', optional: true },
      { column: 'input_schema', field: 'inputSchema', kind: 'json', optional: true },
      { column: 'output_mapping', field: 'outputMapping', kind: 'json', optional: true },
      ARCHIVED
    ],
    select: (x) => {
      const { db } = x.ctx
      const exported = new Set(templateIds(x, 'actions'))
      let query = db.q.selectFrom('action_instances').select(['id', 'action_id'])
      if (x.scope.kind !== 'workspace') query = query.where('customer_id', 'in', [...x.customerIds])
      return db
        .all(query)
        .filter((r) => exported.has(r.action_id))
        .map((r) => r.id)
    },
    // the instance's changes run with its template's type (found in the same file)
    check: (item, at, v) => {
      const template = ((v.file.actions as Array<Record<string, unknown>> | undefined) ?? []).find(
        (a) => a.ref === item.actionRef
      )
      return actionProblems(item, template?.type, at, checks)
    },
    extraValues: () => ({ state: 'READY', errors: null, fields_schema: null, setup_at: null }),
    label: (item) => String(item.name ?? item.actionRef)
  })

  return [flows, actions, flowInstances, flowRuns, actionInstances]
}
