import { Type } from '@sinclair/typebox'
import {
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
import { ActionCreate } from '../../contract/actions'
import { FlowCreate, FlowNodes, FlowUpdate } from '../../contract/flows'
import { inputParser } from '../common/input-parser'
import { createRefParser, editSchema } from './console.inputs'

/** `{id}` of a flow, instance or run. */
export const parseElementRef = createRefParser('reference (send {"id": "<id>"})')

/** Listing query of flow templates. */
export const parseFlowQuery = inputParser(ConsoleFlowQuery, '', 'flow query')

/** A new action template: the `POST /actions` schema (the action service checks type, config and input schema). */
export const parseActionCreate = inputParser(ActionCreate, '', 'new action')

/** A new template: the `POST /flows` schema (the flow service checks the graph). */
export const parseFlowCreate = inputParser(FlowCreate, '', 'new flow')

/** `{id, changes}` of a template edit: the `PATCH /flows` schema (the flow service checks the graph). */
export const parseFlowUpdate = inputParser(editSchema(FlowUpdate), '', 'flow change')

/** `{nodes}` of a draft to check. */
export const parseNodesInput = inputParser(
  Type.Object({ nodes: FlowNodes }, { additionalProperties: false }),
  '',
  'draft (send {"nodes": {...}})'
)

/** A formula and the data to evaluate it against. */
export const parsePreviewRequest = inputParser(PreviewRequest, '', 'preview request')

/** Running a template from the builder. */
export const parseTemplateRunStart = inputParser(TemplateRunStart, '', 'template run')

/** Listing query of instances. */
export const parseInstanceQuery = inputParser(ConsoleInstanceQuery, '', 'instance query')

/** A new ad-hoc flow. */
export const parseAdHocCreate = inputParser(AdHocFlowCreate, '', 'new ad-hoc flow')

/** Deploying a template. */
export const parseDeployRequest = inputParser(DeployRequest, '', 'deployment')

/** `{id, changes}` of an instance edit. */
export const parseInstanceUpdate = inputParser(editSchema(InstanceChanges), '', 'instance change')

/** Listing query of runs. */
export const parseRunQuery = inputParser(ConsoleRunQuery, '', 'run query')

/** Starting a run. */
export const parseRunStart = inputParser(ConsoleRunStart, '', 'run')
