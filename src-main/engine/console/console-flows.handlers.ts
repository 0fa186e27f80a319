import type { ConsoleFlow } from '../../contract/console-views'
import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { customerBrief, customerBriefs } from './console-briefs'
import {
  parseActionCreate,
  parseAdHocCreate,
  parseDeployRequest,
  parseElementRef,
  parseFlowCreate,
  parseFlowQuery,
  parseFlowUpdate,
  parseInstanceQuery,
  parseInstanceUpdate,
  parseNodesInput,
  parsePreviewRequest,
  parseTemplateRunStart
} from './console-automation.inputs'
import { parseNoInput } from './console.inputs'

/** Methods of the flow templates, the builder and the instances pages. */
export type FlowMethods =
  | 'actions.list'
  | 'actions.create'
  | 'flows.list'
  | 'flows.get'
  | 'flows.create'
  | 'flows.update'
  | 'flows.archive'
  | 'flows.restore'
  | 'flows.check'
  | 'flows.preview'
  | 'flows.run'
  | 'instances.list'
  | 'instances.get'
  | 'instances.createAdHoc'
  | 'instances.deploy'
  | 'instances.update'
  | 'instances.reset'
  | 'instances.updateToLatest'
  | 'instances.setup'
  | 'instances.archive'
  | 'instances.restore'

/** Handlers of templates, the builder and instances; every call acts as the console (admin). */
export function createFlowHandlers(engine: Engine): Pick<ConsoleHandlers, FlowMethods> {
  const actor = engine.consoleActor
  const { flows, flowInstances, customers } = engine

  return {
    'actions.list': {
      parse: parseNoInput('actions.list'),
      run: () =>
        engine.actions.list({ limit: 1000 }).items.map((a) => ({
          id: a.id,
          key: a.key,
          name: a.name,
          type: a.type,
          integrationKey: a.integrationKey,
          description: a.description
        }))
    },
    'actions.create': { parse: parseActionCreate, run: (input) => engine.actions.create(input) },
    'flows.list': {
      parse: parseFlowQuery,
      run: (query) => {
        const page = flows.list({
          search: query.search,
          includeArchived: query.includeArchived,
          cursor: query.cursor,
          limit: query.limit ?? 100
        })
        const counts = engine.consoleCounts.instanceCounts()
        return {
          ...page,
          items: page.items.map((flow): ConsoleFlow => ({ ...flow, instanceCount: counts.get(flow.id) ?? 0 }))
        }
      }
    },
    'flows.get': { parse: parseElementRef, run: ({ id }) => flows.get(id) },
    'flows.create': { parse: parseFlowCreate, run: (input) => flows.create(input) },
    'flows.update': { parse: parseFlowUpdate, run: ({ id, changes }) => flows.patch(id, changes) },
    'flows.archive': { parse: parseElementRef, run: ({ id }) => flows.archive(id) },
    'flows.restore': { parse: parseElementRef, run: ({ id }) => flows.restore(id) },
    'flows.check': { parse: parseNodesInput, run: ({ nodes }) => engine.flowBuilder.check(nodes) },
    'flows.preview': { parse: parsePreviewRequest, run: (request) => engine.flowBuilder.preview(request) },
    'flows.run': { parse: parseTemplateRunStart, run: (start) => engine.flowBuilder.runTemplate(actor, start) },
    'instances.list': {
      parse: parseInstanceQuery,
      run: (query) => {
        const page = flowInstances.list(actor, {
          userId: query.customerId,
          flowId: query.flowId,
          isAdHoc: query.isAdHoc,
          enabled: query.enabled,
          search: query.search,
          includeArchived: query.includeArchived,
          cursor: query.cursor,
          limit: query.limit ?? 100
        })
        return {
          ...page,
          customers: customerBriefs(
            customers,
            page.items.map((i) => i.userId)
          )
        }
      }
    },
    'instances.get': {
      parse: parseElementRef,
      run: async ({ id }) => {
        const instance = await flowInstances.get(actor, { id })
        return {
          instance,
          customer: customerBrief(customers, instance.userId),
          flow: instance.flowId ? flows.get(instance.flowId) : undefined,
          connection: instance.connectionId ? engine.connections.get(actor, instance.connectionId) : undefined
        }
      }
    },
    'instances.createAdHoc': {
      parse: parseAdHocCreate,
      run: ({ customerId, name, nodes, connectionId }) =>
        flowInstances.create(actor, { userId: customers.rowOf(customerId).id, name, nodes, connectionId })
    },
    'instances.deploy': {
      parse: parseDeployRequest,
      run: ({ flowId, customerId, connectionId, name }) =>
        flowInstances.create(actor, { flowId, userId: customers.rowOf(customerId).id, connectionId, name })
    },
    'instances.update': {
      parse: parseInstanceUpdate,
      run: ({ id, changes }) => flowInstances.patch(actor, { id }, changes)
    },
    'instances.reset': { parse: parseElementRef, run: ({ id }) => flowInstances.reset(actor, id, {}) },
    'instances.updateToLatest': { parse: parseElementRef, run: ({ id }) => flowInstances.updateToLatest(actor, id) },
    'instances.setup': { parse: parseElementRef, run: ({ id }) => flowInstances.setup(actor, id) },
    'instances.archive': { parse: parseElementRef, run: ({ id }) => flowInstances.archive(actor, { id }) },
    'instances.restore': { parse: parseElementRef, run: ({ id }) => flowInstances.restore(actor, { id }) }
  }
}
