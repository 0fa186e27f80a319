import { FLOW_NODE_TYPES } from '../../../contract/flow-node-types'
import { EngineError } from '../../common/engine-error'
import { compileMapping, type Evaluator } from '../../expressions/formula.compiler'
import { HttpRequestError } from '../../requests/http.requester'
import {
  NodeConfigError,
  type DataLinkCalls,
  type FlowNodeHandler,
  type LinkDirection,
  type NodeExecution
} from './node-handler'

/** A compiled data link node: its table, the record-id mappings, its direction and connection. */
export interface PreparedDataLink {
  tableKey: string
  appRecordId?: Evaluator
  externalRecordId?: Evaluator
  direction?: LinkDirection
  integrationKey?: string
}

function prepare(config: Record<string, unknown>, path: string, needsBoth: boolean): PreparedDataLink {
  const part = (name: string) =>
    config[name] === undefined ? undefined : compileMapping(config[name], `${path}.${name}`)
  const prepared: PreparedDataLink = {
    tableKey: String(config.dataLinkTableKey),
    appRecordId: part('appRecordId'),
    externalRecordId: part('externalRecordId'),
    direction: config.direction as LinkDirection | undefined,
    integrationKey: typeof config.integrationKey === 'string' ? config.integrationKey : undefined
  }
  // The schema requires both ids of create-data-link; find and delete need at least one to say which links.
  if (!needsBoth && !prepared.appRecordId && !prepared.externalRecordId)
    throw new NodeConfigError(
      `${path}.appRecordId`,
      `${path} needs appRecordId or externalRecordId: the id of the record whose link to look for.`
    )
  return prepared
}

/** A record id a mapping gives: a non-empty string (numbers are taken as their text). */
async function recordId(evaluator: Evaluator | undefined, scope: object, name: string): Promise<string | undefined> {
  if (!evaluator) return undefined
  const value = await evaluator(scope)
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string' || !value)
    throw new HttpRequestError(
      `${name} must give a record id (a non-empty string), got ${JSON.stringify(value) ?? 'undefined'}; map it, e.g. {"$var": "input.trigger.recordId"}.`
    )
  return value
}

/** The data link tables of the node's connection (the flow instance's, or the customer's connection to `integrationKey`). */
function linksOf(execution: NodeExecution, type: string, integrationKey?: string): DataLinkCalls {
  const selector = integrationKey ?? execution.connectionId
  if (!selector)
    throw new EngineError({
      type: 'configuration',
      message: `${type} keeps its links on a connection, and this flow instance has none: deploy the flow to a connection (GET /connections/{connection}/flows/{flow}?autoCreate=true), or set config.integrationKey.`
    })
  if (!execution.services.dataLinks)
    throw new EngineError({ type: 'configuration', message: 'Data links are not available here.' })
  return execution.services.dataLinks({ selector, customer: execution.customer })
}

/** `create-data-link`: links the two record ids in the connection's table. */
export const createDataLinkNode: FlowNodeHandler<PreparedDataLink> = {
  spec: FLOW_NODE_TYPES['create-data-link'],
  prepare: (config, path) => prepare(config, path, true),
  async run(prepared, execution) {
    const appRecordId = (await recordId(prepared.appRecordId, execution.scope, 'appRecordId'))!
    const externalRecordId = (await recordId(prepared.externalRecordId, execution.scope, 'externalRecordId'))!
    const link = linksOf(execution, 'create-data-link', prepared.integrationKey).create(prepared.tableKey, {
      appRecordId,
      externalRecordId,
      ...(prepared.direction ? { direction: prepared.direction } : {})
    })
    execution.log('info', `Linked ${appRecordId} ↔ ${externalRecordId} in "${prepared.tableKey}" (${link.direction}).`)
    return { output: link }
  }
}

async function filterOf(prepared: PreparedDataLink, scope: object) {
  const appRecordId = await recordId(prepared.appRecordId, scope, 'appRecordId')
  const externalRecordId = await recordId(prepared.externalRecordId, scope, 'externalRecordId')
  return {
    ...(appRecordId !== undefined ? { appRecordId } : {}),
    ...(externalRecordId !== undefined ? { externalRecordId } : {}),
    ...(prepared.direction ? { direction: prepared.direction } : {})
  }
}

/** `find-data-link`: the link of a record, or `{found: false}`. */
export const findDataLinkNode: FlowNodeHandler<PreparedDataLink> = {
  spec: FLOW_NODE_TYPES['find-data-link'],
  prepare: (config, path) => prepare(config, path, false),
  async run(prepared, execution) {
    const filter = await filterOf(prepared, execution.scope)
    const link = linksOf(execution, 'find-data-link', prepared.integrationKey).find(prepared.tableKey, filter)
    execution.log(
      'info',
      link
        ? `Found the link ${link.appRecordId} ↔ ${link.externalRecordId} in "${prepared.tableKey}".`
        : `No link in "${prepared.tableKey}" for ${JSON.stringify(filter)}.`
    )
    return { output: link ? { found: true, ...link } : { found: false } }
  }
}

/** `delete-data-link`: removes the links of a record; output `{deleted}`. */
export const deleteDataLinkNode: FlowNodeHandler<PreparedDataLink> = {
  spec: FLOW_NODE_TYPES['delete-data-link'],
  prepare: (config, path) => prepare(config, path, false),
  async run(prepared, execution) {
    const filter = await filterOf(prepared, execution.scope)
    const deleted = linksOf(execution, 'delete-data-link', prepared.integrationKey).delete(prepared.tableKey, filter)
    execution.log('info', `Removed ${deleted} link(s) from "${prepared.tableKey}".`)
    return { output: { deleted } }
  }
}

/** The data link nodes. */
export const dataLinkNodes: ReadonlyArray<FlowNodeHandler<PreparedDataLink>> = [
  createDataLinkNode,
  findDataLinkNode,
  deleteDataLinkNode
]
