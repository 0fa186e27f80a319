import type { ConsoleRunPage } from '../../contract/console-views'
import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { customerBrief, customerBriefs } from './console-briefs'
import { parseElementRef, parseRunQuery, parseRunStart } from './console-automation.inputs'

/** Node runs a run page loads at once (a long for-each makes many). */
const NODE_RUNS_SHOWN = 1000

/** Methods of the runs pages. */
export type RunMethods = 'runs.list' | 'runs.get' | 'runs.start' | 'runs.stop' | 'runs.repeat'

/** Handlers of the runs list and run page; every call acts as the console (admin). */
export function createRunHandlers(engine: Engine): Pick<ConsoleHandlers, RunMethods> {
  const actor = engine.consoleActor
  const { flowRuns, flowInstances, customers } = engine

  return {
    'runs.list': {
      parse: parseRunQuery,
      run: (query) => {
        const page = flowRuns.list(actor, {
          userId: query.customerId,
          flowInstanceId: query.flowInstanceId,
          flowId: query.flowId,
          state: query.state,
          from: query.from,
          to: query.to,
          cursor: query.cursor,
          limit: query.limit ?? 100
        })
        const instances: ConsoleRunPage['instances'] = {}
        for (const run of page.items) {
          if (instances[run.flowInstanceId]) continue
          const brief = flowInstances.findBrief(run.flowInstanceId)
          instances[run.flowInstanceId] = {
            id: run.flowInstanceId,
            name: brief?.name ?? run.name ?? run.flowInstanceId,
            isAdHoc: brief ? brief.isAdHoc : !run.flowId
          }
        }
        return {
          ...page,
          customers: customerBriefs(
            customers,
            page.items.map((r) => r.userId)
          ),
          instances
        }
      }
    },
    'runs.get': {
      parse: parseElementRef,
      run: ({ id }) => {
        const run = flowRuns.current(actor, id)
        const page = flowRuns.nodeRuns(actor, id, { limit: NODE_RUNS_SHOWN })
        const outline = flowInstances.findOutline(run.flowInstanceId)
        const output = run.state === 'completed' ? flowRuns.output(actor, id) : undefined
        return {
          run,
          ...(output !== undefined && output !== null ? { output } : {}),
          nodeRuns: page.items,
          nodeRunsTruncated: page.cursor !== undefined,
          customer: customerBrief(customers, run.userId),
          instance: {
            id: run.flowInstanceId,
            name: outline?.name ?? run.name ?? run.flowInstanceId,
            isAdHoc: outline ? outline.isAdHoc : !run.flowId,
            nodes: outline ? outline.nodes : {},
            archived: !outline || outline.archived
          }
        }
      }
    },
    'runs.start': { parse: parseRunStart, run: (start) => flowRuns.create(actor, start, 'manual') },
    'runs.stop': { parse: parseElementRef, run: ({ id }) => flowRuns.stop(actor, id) },
    'runs.repeat': { parse: parseElementRef, run: ({ id }) => flowRuns.repeat(actor, id) }
  }
}
