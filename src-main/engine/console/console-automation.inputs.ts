import type { ActionCreate } from '../../contract/actions'
import type {
  AdHocFlowCreate,
  ConsoleFlowQuery,
  ConsoleInstanceQuery,
  ConsoleRunQuery,
  ConsoleRunStart,
  DeployRequest,
  InstanceChanges,
  PreviewRequest,
  TemplateRunStart
} from '../../contract/console-views'
import type { FlowCreate, FlowNodes, FlowUpdate } from '../../contract/flows'
import { createInputParser } from '../common/input-parser'
import { createRefParser, editSchema, ID, PAGING } from './console.inputs'

/** `{id}` of a flow, instance or run. */
export const parseElementRef = createRefParser('reference (send {"id": "<id>"})')

/** Listing query of flow templates. */
export const parseFlowQuery = createInputParser<ConsoleFlowQuery>(
  {
    type: 'object',
    additionalProperties: false,
    properties: { search: { type: 'string', maxLength: 500 }, includeArchived: { type: 'boolean' }, ...PAGING }
  },
  '',
  'flow query'
)

/** A new template (the flow service checks the rest). */
/** A new action template (the action service checks key, type, config and input schema). */
export const parseActionCreate = createInputParser<ActionCreate>(
  { type: 'object', required: ['name'] },
  '',
  'new action'
)

export const parseFlowCreate = createInputParser<FlowCreate>({ type: 'object', required: ['name'] }, '', 'new flow')

/** `{id, changes}` of a template edit (the flow service checks the changes). */
export const parseFlowUpdate = createInputParser<{ id: string; changes: FlowUpdate }>(
  editSchema({ type: 'object' }),
  '',
  'flow change'
)

/** `{nodes}` of a draft to check. */
export const parseNodesInput = createInputParser<{ nodes: FlowNodes }>(
  { type: 'object', required: ['nodes'], additionalProperties: false, properties: { nodes: { type: 'object' } } },
  '',
  'draft (send {"nodes": {...}})'
)

/** A formula and the data to evaluate it against. */
export const parsePreviewRequest = createInputParser<PreviewRequest>(
  {
    type: 'object',
    required: ['kind', 'value', 'scope'],
    additionalProperties: false,
    properties: { kind: { enum: ['mapping', 'expression'] }, value: {}, scope: { type: 'object' }, customerId: ID }
  },
  '',
  'preview request'
)

/** Running a template from the builder. */
export const parseTemplateRunStart = createInputParser<TemplateRunStart>(
  {
    type: 'object',
    required: ['flowId'],
    additionalProperties: false,
    properties: { flowId: ID, input: {}, startNodeKey: ID }
  },
  '',
  'template run'
)

/** Listing query of instances. */
export const parseInstanceQuery = createInputParser<ConsoleInstanceQuery>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      customerId: ID,
      flowId: ID,
      isAdHoc: { type: 'boolean' },
      enabled: { type: 'boolean' },
      search: { type: 'string', maxLength: 500 },
      includeArchived: { type: 'boolean' },
      ...PAGING
    }
  },
  '',
  'instance query'
)

/** A new ad-hoc flow. */
export const parseAdHocCreate = createInputParser<AdHocFlowCreate>(
  {
    type: 'object',
    required: ['customerId', 'name', 'nodes'],
    additionalProperties: false,
    properties: {
      customerId: ID,
      name: { type: 'string', minLength: 1, maxLength: 500 },
      nodes: { type: 'object' },
      connectionId: ID
    }
  },
  '',
  'new ad-hoc flow'
)

/** Deploying a template. */
export const parseDeployRequest = createInputParser<DeployRequest>(
  {
    type: 'object',
    required: ['flowId', 'customerId'],
    additionalProperties: false,
    properties: { flowId: ID, customerId: ID, connectionId: ID, name: { type: 'string', minLength: 1, maxLength: 500 } }
  },
  '',
  'deployment'
)

/** `{id, changes}` of an instance edit. */
export const parseInstanceUpdate = createInputParser<{ id: string; changes: InstanceChanges }>(
  editSchema({
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 500 },
      nodes: { type: 'object' },
      enabled: { type: 'boolean' }
    }
  }),
  '',
  'instance change'
)

/** Listing query of runs. */
export const parseRunQuery = createInputParser<ConsoleRunQuery>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      customerId: ID,
      flowInstanceId: ID,
      flowId: ID,
      state: { enum: ['queued', 'running', 'completed', 'failed', 'stopped'] },
      from: { type: 'string', maxLength: 64 },
      to: { type: 'string', maxLength: 64 },
      ...PAGING
    }
  },
  '',
  'run query'
)

/** Starting a run. */
export const parseRunStart = createInputParser<ConsoleRunStart>(
  {
    type: 'object',
    required: ['flowInstanceId'],
    additionalProperties: false,
    properties: { flowInstanceId: ID, input: {}, startNodeKey: ID }
  },
  '',
  'run'
)
