import type { ErrorDetail } from '../../../contract/errors'
import { FLOW_NODE_TYPES } from '../../../contract/flow-node-types'
import { compileMapping, type Evaluator } from '../../expressions/formula.compiler'
import type { JavaScriptSandbox } from '../../javascript/javascript.sandbox'
import type { FlowNodeHandler } from './node-handler'

/** Limits of one JavaScript run. */
export interface PreparedJavaScript {
  code: string
  timeLimitMs: number
  memoryLimitBytes: number
}

/** Reads the code and limits from a `run-javascript` config (node or action). */
export function prepareJavaScript(config: Record<string, unknown>): PreparedJavaScript {
  return {
    code: String(config.code),
    timeLimitMs: typeof config.timeLimitMs === 'number' ? config.timeLimitMs : 5000,
    memoryLimitBytes: (typeof config.memoryLimitMb === 'number' ? config.memoryLimitMb : 64) * 1024 * 1024
  }
}

/** The syntax error of `config.code`, as a problem under `path`. */
export async function checkJavaScript(
  config: Record<string, unknown>,
  path: string,
  sandbox: JavaScriptSandbox
): Promise<ErrorDetail[]> {
  if (typeof config.code !== 'string' || !config.code.trim()) return []
  const problem = await sandbox.checkSyntax(config.code)
  return problem ? [{ path: `${path}.code`, message: `${path}.code does not parse: ${problem}` }] : []
}

/** {@link checkJavaScript} without waiting (the engine thread's parser; see `checkSyntaxNow`). */
export function checkJavaScriptNow(
  config: Record<string, unknown>,
  path: string,
  sandbox: JavaScriptSandbox
): ErrorDetail[] {
  if (typeof config.code !== 'string' || !config.code.trim()) return []
  const problem = sandbox.checkSyntaxNow(config.code)
  return problem ? [{ path: `${path}.code`, message: `${path}.code does not parse: ${problem}` }] : []
}

/** Plain-data copy of what the code receives (no getters, no functions). */
function codeArgument(scope: Record<string, unknown>): unknown {
  return {
    input: scope.input,
    flowInstance: scope.flowInstance,
    parameters: scope.parameters,
    user: scope.user,
    error: scope.error
  }
}

/** `run-javascript`: runs the code's default export in the sandbox; output is what it returns. */
export const runJavaScriptNode: FlowNodeHandler<PreparedJavaScript> = {
  spec: FLOW_NODE_TYPES['run-javascript'],
  prepare: (config) => prepareJavaScript(config),
  check: checkJavaScript,
  checkNow: checkJavaScriptNow,
  async run(prepared, execution) {
    return { output: await runLoggedJavaScript(prepared, codeArgument(execution.scope), execution) }
  }
}

/** Where a JavaScript run (node or action) takes its sandbox and abort signal and writes its log. */
export interface JavaScriptExecution {
  services: { sandbox: JavaScriptSandbox }
  signal?: AbortSignal
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void
}

/**
 * Runs prepared code with `arg` in the sandbox and copies the lines it logged into the run's log,
 * also when it fails: what the code printed before throwing is often the clue.
 */
export async function runLoggedJavaScript(
  prepared: PreparedJavaScript,
  arg: unknown,
  execution: JavaScriptExecution
): Promise<unknown> {
  try {
    const result = await execution.services.sandbox.run({ ...prepared, arg, signal: execution.signal })
    for (const entry of result.logs) execution.log(entry.level, entry.message)
    return result.value
  } catch (error) {
    for (const entry of (error as { logs?: Array<{ level: 'info'; message: string }> }).logs ?? [])
      execution.log(entry.level, entry.message)
    throw error
  }
}

/** A compiled run-action node. */
export interface PreparedRunAction {
  action: { key?: string; id?: string }
  input?: Evaluator
  integrationKey?: string
}

/** `run-action`: runs an action template with the mapped input; output is the action's output. */
export const runActionNode: FlowNodeHandler<PreparedRunAction> = {
  spec: FLOW_NODE_TYPES['run-action'],
  prepare: (config, path) => ({
    action: config.action as { key?: string; id?: string },
    input: config.input === undefined ? undefined : compileMapping(config.input, `${path}.input`),
    integrationKey: typeof config.integrationKey === 'string' ? config.integrationKey : undefined
  }),
  async run(prepared, execution) {
    const input = prepared.input ? await prepared.input(execution.scope) : {}
    const result = await execution.services.runAction(prepared.action, input, execution.customer, execution.signal, {
      connectionId: execution.connectionId,
      integrationKey: prepared.integrationKey
    })
    for (const entry of result.logs) execution.log(entry.level, entry.message, entry.data)
    execution.log('info', `Action run ${result.actionRunId} completed.`)
    return { output: result.output }
  }
}
