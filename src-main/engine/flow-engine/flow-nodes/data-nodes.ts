import { FLOW_NODE_TYPES } from '../../../contract/flow-node-types'
import { compileExpression, compileMapping, isTruthy, type Evaluator } from '../../expressions/formula.compiler'
import type { FlowNodeHandler, SubflowResult } from './node-handler'

/** `transform-data`: its output is the evaluated `output` mapping. */
export const transformDataNode: FlowNodeHandler<Evaluator> = {
  spec: FLOW_NODE_TYPES['transform-data'],
  prepare: (config, path) => compileMapping(config.output, `${path}.output`),
  run: async (output, execution) => ({ output: await output(execution.scope) })
}

/** `filter`: passes the previous node's output on when the condition holds; otherwise the branch ends. */
export const filterNode: FlowNodeHandler<Evaluator> = {
  spec: FLOW_NODE_TYPES.filter,
  prepare: (config, path) => compileExpression(config.filter, `${path}.filter`),
  async run(condition, execution) {
    const value = await condition(execution.scope)
    if (isTruthy(value)) return { output: execution.upstreamOutput }
    return {
      filtered: true,
      reason: `The condition was ${JSON.stringify(value) ?? 'undefined'}, so this branch ends here.`
    }
  }
}

const YIELD_EVERY = 100

/** A compiled for-each: the items formula and the sub-flow root. */
export interface PreparedForEach {
  items: Evaluator
  rootNodeKey: string
}

/**
 * `for-each-v2`: runs the sub-flow at `rootNodeKey` once per item, `concurrency` at a time, and
 * outputs the list of what each iteration produced (items a filter dropped are left out).
 * The first failing item fails the node; items not yet started are skipped.
 */
export const forEachNode: FlowNodeHandler<PreparedForEach> = {
  spec: FLOW_NODE_TYPES['for-each-v2'],
  prepare: (config, path) => ({
    items: compileExpression(config.items, `${path}.items`),
    rootNodeKey: String(config.rootNodeKey)
  }),
  async run(prepared, execution) {
    const raw = await prepared.items(execution.scope)
    const items = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw]
    execution.log(
      'info',
      `Iterating over ${items.length} item${items.length === 1 ? '' : 's'}, ${execution.concurrency} at a time.`
    )
    const results: SubflowResult[] = new Array(items.length)
    let next = 0
    let failure: Error | undefined
    const worker = async (): Promise<void> => {
      while (!failure && next < items.length && !execution.signal.aborted) {
        const index = next++
        // Pure steps run in microtasks; give the event loop a turn now and then so a long loop never starves requests.
        if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
        try {
          results[index] = await execution.runSubflow(prepared.rootNodeKey, { item: items[index], index })
        } catch (error) {
          failure ??= new Error(`Item ${index}: ${(error as Error).message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(execution.concurrency, Math.max(items.length, 1)) }, worker))
    if (failure) throw failure
    return { output: results.filter((r) => r?.produced).map((r) => r.value) }
  }
}
