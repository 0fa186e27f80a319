import type { ErrorType } from '../../../contract/errors'
import type { FlowNodeRunStatus, RunError, RunLogEntry } from '../../../contract/flow-runs'
import { EngineError } from '../../common/engine-error'
import { newId } from '../../common/ids'
import { FormulaError, isTruthy } from '../../expressions/formula.compiler'
import type { CompiledNode } from '../flow-graph/flow-graph'
import type { NodeExecution, NodeServices, SubflowResult } from '../flow-nodes/node-handler'
import { HttpRequestError } from '../../requests/http.requester'
import { SandboxError } from '../../javascript/javascript.sandbox'
import { outputId } from './flow-run.mapper'
import type { FlowRunWriter } from './flow-run.writer'
import type { LiveRun } from './live-run'
import { toJsonColumn } from '../../common/json-column'

/** Where a node run sits: the top of the run, or one iteration of a for-each. */
interface Frame {
  iteration: Array<{ nodeKey: string; index: number }>
  /** Outputs of node runs that led nowhere further: the result of the run or iteration. */
  leaves: Array<{ nodeKey: string; output: unknown }>
  /** The first node failure (with onError stop) in this frame. */
  failures: RunError[]
}

/** The error a node failed with, as stored on the node run. */
export interface NodeFailure {
  message: string
  type: ErrorType
}

const MAX_LOGS_PER_NODE_RUN = 1000

function errorTypeOf(error: unknown): ErrorType {
  if (error instanceof SandboxError) return 'custom_code'
  if (error instanceof HttpRequestError) return 'dependency_error'
  if (error instanceof FormulaError) return 'configuration'
  if (error instanceof EngineError) return error.type
  return 'flow_run'
}

/** The result of a frame's leaves: nothing, the one output, or outputs by node key (a list where a node ended several times). */
export function combineLeaves(leaves: Frame['leaves']): SubflowResult {
  if (!leaves.length) return { produced: false }
  if (leaves.length === 1) return { produced: true, value: leaves[0].output }
  const grouped = new Map<string, unknown[]>()
  for (const leaf of leaves) {
    const list = grouped.get(leaf.nodeKey)
    if (list) list.push(leaf.output)
    else grouped.set(leaf.nodeKey, [leaf.output])
  }
  const byNode: Record<string, unknown> = {}
  for (const [key, outputs] of grouped) byNode[key] = outputs.length === 1 ? outputs[0] : outputs
  return { produced: true, value: byNode }
}

/**
 * Executes a run's graph from its start node. Each node run gets the outputs of the nodes
 * before it on its path (by node key) and writes one node-run record when it finishes:
 * input, output, logs, errors, timing. Every output follows each link whose filter holds;
 * parallel links run concurrently. A failure stops its branch (and fails the run) unless the
 * node says `onError: continue`. Stopping aborts the run's signal: nodes not yet started are
 * skipped and running ones are cancelled.
 */
export class FlowRunner {
  constructor(
    private readonly services: NodeServices,
    private readonly writer: FlowRunWriter,
    private readonly nowIso: () => string
  ) {}

  /** Runs the graph; resolves with the top frame once every branch has ended. */
  async execute(run: LiveRun): Promise<{ output: unknown; failures: RunError[] }> {
    const start = run.runtime.graph.nodes.get(run.startNodeKey)
    if (!start) throw new Error(`Start node "${run.startNodeKey}" is not in the flow.`)
    const frame: Frame = { iteration: [], leaves: [], failures: [] }
    await this.runNode(run, start, {}, [], undefined, frame, undefined)
    const result = combineLeaves(frame.leaves)
    return { output: result.produced ? result.value : undefined, failures: frame.failures }
  }

  private async runNode(
    run: LiveRun,
    node: CompiledNode,
    pathInput: Record<string, unknown>,
    upstream: Array<{ nodeKey: string; runId: string; outputId: string }>,
    upstreamOutput: unknown,
    frame: Frame,
    error: { message: string; nodeKey: string } | undefined
  ): Promise<void> {
    if (run.abort.signal.aborted) return
    const id = newId()
    const idx = run.nodeRunCount++
    const startedAt = this.nowIso()
    const started = performance.now()
    const logs: RunLogEntry[] = []
    const summary = run.nodeSummary(node.key)
    summary.runs++
    if (summary.state !== 'failed') summary.state = 'running'
    const scope: Record<string, unknown> = {
      input: pathInput,
      flowInstance: run.runtime.scope,
      parameters: run.runtime.parameters,
      user: run.customer
    }
    if (error) scope.error = error
    const execution: NodeExecution = {
      nodeKey: node.key,
      runInput: run.input,
      upstreamOutput,
      scope,
      customer: run.customer,
      connectionId: run.runtime.connectionId ?? undefined,
      signal: run.abort.signal,
      concurrency: node.concurrency,
      services: this.services,
      log: (level, message, data) => {
        if (logs.length < MAX_LOGS_PER_NODE_RUN)
          logs.push(
            data === undefined ? { level, message, at: this.nowIso() } : { level, message, data, at: this.nowIso() }
          )
      },
      runSubflow: (rootKey, item) => this.runSubflow(run, node, id, rootKey, item, pathInput, frame)
    }

    let status: FlowNodeRunStatus = 'completed'
    let outputs: unknown[] = []
    let failure: NodeFailure | undefined
    const follow: Array<{ target: CompiledNode }> = []
    let nextInput: Record<string, unknown> | undefined
    let nextError = error
    try {
      const outcome = await node.handler.run(node.prepared, execution)
      if ('filtered' in outcome) execution.log('info', outcome.reason)
      else {
        outputs = [outcome.output]
        nextInput = { ...pathInput, [node.key]: outcome.output }
        await this.chooseLinks(run, node, nextInput, scope, error, follow)
      }
    } catch (e) {
      // The node (or one of its link filters) failed: nothing it produced goes on.
      outputs = []
      follow.length = 0
      nextInput = undefined
      failure = { message: (e as Error).message, type: errorTypeOf(e) }
      status = run.abort.signal.aborted ? 'stopped' : 'failed'
      if (status === 'failed' && node.onError === 'continue') {
        execution.log('warn', `Failed, continuing (onError: continue): ${failure.message}`)
        nextError = { message: failure.message, nodeKey: node.key }
        nextInput = { ...pathInput, [node.key]: undefined }
        try {
          await this.chooseLinks(run, node, nextInput, { ...scope, error: nextError }, nextError, follow)
        } catch (linkError) {
          failure = {
            message: `${failure.message}; then a link filter failed: ${(linkError as Error).message}`,
            type: errorTypeOf(linkError)
          }
          follow.length = 0
        }
      }
    }

    if (status === 'failed') summary.erroredRuns++
    summary.outputs += outputs.length
    if (status === 'failed' && node.onError !== 'continue') summary.state = 'failed'
    else if (status === 'stopped') summary.state = summary.state === 'failed' ? 'failed' : 'stopped'
    else if (summary.state === 'running') summary.state = 'completed'
    const errors: RunError[] = failure ? [{ type: failure.type, message: failure.message }] : []
    this.writer.addNodeRun({
      id,
      run_id: run.id,
      idx,
      node_key: node.key,
      node_type: node.type,
      status,
      input: toJsonColumn(node.isTrigger ? (run.input ?? null) : pathInput),
      outputs: toJsonColumn(outputs),
      upstream: upstream.length ? toJsonColumn(upstream) : null,
      iteration: frame.iteration.length ? toJsonColumn(frame.iteration) : null,
      logs: logs.length ? toJsonColumn(logs) : null,
      errors: errors.length ? toJsonColumn(errors) : null,
      started_at: startedAt,
      duration_ms: Math.round((performance.now() - started) * 1000) / 1000
    })
    this.writer.touch(run)

    if (failure && status === 'failed' && node.onError !== 'continue') {
      frame.failures.push({
        type: failure.type,
        message: `Node "${node.key}" (${node.type}) failed: ${failure.message}`,
        data: { nodeKey: node.key, nodeRunId: id }
      })
      return
    }
    if (status === 'stopped' || !nextInput) return
    if (!follow.length) {
      if (outputs.length) frame.leaves.push({ nodeKey: node.key, output: outputs[0] })
      return
    }
    const nextUpstream = [{ nodeKey: node.key, runId: id, outputId: outputId(id, 0) }]
    const output = outputs[0]
    if (follow.length === 1) {
      await this.runNode(run, follow[0].target, nextInput, nextUpstream, output, frame, nextError)
      return
    }
    await Promise.all(
      follow.map((f) => this.runNode(run, f.target, nextInput!, nextUpstream, output, frame, nextError))
    )
  }

  /** Links whose filter holds for this output, in order. */
  private async chooseLinks(
    run: LiveRun,
    node: CompiledNode,
    nextInput: Record<string, unknown>,
    scope: Record<string, unknown>,
    error: { message: string; nodeKey: string } | undefined,
    follow: Array<{ target: CompiledNode }>
  ): Promise<void> {
    for (const link of node.links) {
      const target = run.runtime.graph.nodes.get(link.key)
      if (!target) continue
      if (link.filter) {
        const linkScope: Record<string, unknown> = { ...scope, input: nextInput }
        if (error) linkScope.error = error
        if (!isTruthy(await link.filter(linkScope))) continue
      }
      follow.push({ target })
    }
  }

  private async runSubflow(
    run: LiveRun,
    forEach: CompiledNode,
    forEachRunId: string,
    rootKey: string,
    item: { item: unknown; index: number },
    pathInput: Record<string, unknown>,
    parent: Frame
  ): Promise<SubflowResult> {
    const root = run.runtime.graph.nodes.get(rootKey)
    if (!root) throw new Error(`The loop body "${rootKey}" is not in the flow.`)
    if (run.abort.signal.aborted) throw new Error('The run was stopped.')
    const frame: Frame = {
      iteration: [...parent.iteration, { nodeKey: forEach.key, index: item.index }],
      leaves: [],
      failures: []
    }
    const input = { ...pathInput, [forEach.key]: item }
    await this.runNode(
      run,
      root,
      input,
      [{ nodeKey: forEach.key, runId: forEachRunId, outputId: `${forEachRunId}-item-${item.index}` }],
      item,
      frame,
      undefined
    )
    if (frame.failures.length) throw new Error(frame.failures[0].message)
    if (run.abort.signal.aborted) throw new Error('The run was stopped.')
    return combineLeaves(frame.leaves)
  }
}
