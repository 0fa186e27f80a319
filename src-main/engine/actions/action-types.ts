import Ajv, { type ValidateFunction } from 'ajv'
import type { ErrorDetail } from '../../contract/errors'
import {
  ACTION_TYPE_ALIASES,
  ACTION_TYPES,
  UNSUPPORTED_ACTION_TYPES,
  type ActionTypeSpec
} from '../../contract/flow-node-types'
import type { RunLogEntry } from '../../contract/flow-runs'
import { formatAjvErrors } from '../common/ajv-errors'
import { checkJsonSchema } from '../common/json-schema'
import { compileMapping, FormulaError } from '../expressions/formula.compiler'
import {
  checkJavaScript,
  checkJavaScriptNow,
  prepareJavaScript,
  runLoggedJavaScript,
  type PreparedJavaScript
} from '../flow-engine/flow-nodes/code-nodes'
import {
  prepareExternalRequest,
  prepareRecordOperation,
  RECORD_OPERATIONS,
  runExternalRequest,
  runRecordOperation,
  type CallLimits,
  type PreparedExternalRequest,
  type PreparedRecordOperation,
  type RecordOperation
} from '../flow-engine/flow-nodes/connection-nodes'
import {
  NodeConfigError,
  type ConnectionCalls,
  type NodeServices,
  type RunCustomer
} from '../flow-engine/flow-nodes/node-handler'
import {
  prepareRequest,
  runHttpRequest,
  runYourAppRequest,
  type PreparedRequest
} from '../flow-engine/flow-nodes/request-nodes'
import type { JavaScriptSandbox } from '../javascript/javascript.sandbox'

/** One action run as a type handler sees it. */
export interface ActionExecution {
  input: unknown
  /** What formulas see: `{input, user}`. */
  scope: Record<string, unknown>
  customer: RunCustomer
  signal: AbortSignal
  services: Pick<NodeServices, 'sandbox' | 'requestYourApp'>
  log(level: RunLogEntry['level'], message: string, data?: unknown): void
  /** Calls through the connection the action runs on; throws a clear error when it runs without one. */
  connection(limits: CallLimits): ConnectionCalls
}

/** One action type: its spec, how its config compiles, how it runs. */
export interface ActionTypeHandler<P = unknown> {
  spec: ActionTypeSpec
  prepare(config: Record<string, unknown>, path: string): P
  check?(config: Record<string, unknown>, path: string, sandbox: JavaScriptSandbox): Promise<ErrorDetail[]>
  /** The same checks as `check`, synchronously (snapshot import). */
  checkNow?(config: Record<string, unknown>, path: string, sandbox: JavaScriptSandbox): ErrorDetail[]
  run(prepared: P, execution: ActionExecution): Promise<unknown>
}

const runJavaScript: ActionTypeHandler<PreparedJavaScript> = {
  spec: ACTION_TYPES['run-javascript'],
  prepare: (config) => prepareJavaScript(config),
  check: checkJavaScript,
  checkNow: checkJavaScriptNow,
  run: (prepared, execution) =>
    runLoggedJavaScript(prepared, { input: execution.input, user: execution.scope.user }, execution)
}

const apiRequestToYourApp: ActionTypeHandler<PreparedRequest> = {
  spec: ACTION_TYPES['api-request-to-your-app'],
  prepare: prepareRequest,
  run: (prepared, execution) => runYourAppRequest(prepared, execution)
}

const httpRequest: ActionTypeHandler<PreparedRequest> = {
  spec: ACTION_TYPES['http-request'],
  prepare: prepareRequest,
  run: (prepared, execution) => runHttpRequest(prepared, execution)
}

/** Parts a record action maps from its input when its config does not say. */
function inputDefaults(type: RecordOperation): Record<string, unknown> {
  return {
    id: { $var: 'input.id' },
    fields: type === 'create-data-record' ? { $var: 'input' } : { $var: 'input.fields' },
    filter: { $var: 'input.filter' },
    cursor: { $var: 'input.cursor' },
    query: { $var: 'input.query' },
    lookup: { $var: 'input.lookup' }
  }
}

function recordAction(type: RecordOperation): ActionTypeHandler<PreparedRecordOperation> {
  return {
    spec: ACTION_TYPES[type],
    prepare: (config, path) => prepareRecordOperation(type, config, path, inputDefaults(type)),
    run: (prepared, execution) =>
      runRecordOperation(prepared, execution.scope, execution.connection(prepared.limits), execution.log)
  }
}

const apiRequestToExternalApp: ActionTypeHandler<PreparedExternalRequest> = {
  spec: ACTION_TYPES['api-request-to-external-app'],
  prepare: (config, path) => prepareExternalRequest(config, path),
  run: (prepared, execution) => runExternalRequest(prepared, execution.scope, execution.connection(prepared.limits))
}

const HANDLERS = new Map<string, ActionTypeHandler<any>>(
  [
    runJavaScript,
    apiRequestToYourApp,
    httpRequest,
    ...RECORD_OPERATIONS.map(recordAction),
    apiRequestToExternalApp
  ].map((h) => [h.spec.type, h])
)
// made on first use: an Ajv instance compiles its meta-schemas when built (~2 ms of a start)
let ajv: Ajv | undefined
const validators = new Map<string, ValidateFunction>()

/** The handler of an action type, or undefined when this engine does not run it. */
export function actionTypeHandler(type: string): ActionTypeHandler<any> | undefined {
  return HANDLERS.get(ACTION_TYPE_ALIASES[type] ?? type)
}

/** Whether actions of this type run through a connection. */
export function actionNeedsConnection(type: string): boolean {
  return actionTypeHandler(type)?.spec.needsConnection === true
}

/** Problems with an action's type and config, each under `type` or `config…`. */
export async function checkActionConfig(
  type: string,
  config: unknown,
  sandbox: JavaScriptSandbox
): Promise<ErrorDetail[]> {
  const problems = staticConfigProblems(type, config)
  if (problems.length) return problems
  const handler = actionTypeHandler(type)!
  return handler.check ? handler.check(config as Record<string, unknown>, 'config', sandbox) : []
}

/** {@link checkActionConfig} without waiting (snapshot import); JSONata must be loaded. */
export function checkActionConfigNow(type: string, config: unknown, sandbox: JavaScriptSandbox): ErrorDetail[] {
  const problems = staticConfigProblems(type, config)
  if (problems.length) return problems
  const handler = actionTypeHandler(type)!
  return handler.checkNow ? handler.checkNow(config as Record<string, unknown>, 'config', sandbox) : []
}

/** Type, config schema and formulas (JSONata loaded). */
function staticConfigProblems(type: string, config: unknown): ErrorDetail[] {
  const handler = actionTypeHandler(type)
  if (!handler) {
    const known = [...HANDLERS.keys()].join(', ')
    const message = UNSUPPORTED_ACTION_TYPES.includes(type)
      ? `type "${type}" is a Membrane action type this engine does not run; use one of ${known}.`
      : `type "${type}" is not an action type; use one of ${known}.`
    return [{ path: 'type', message }]
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    return [{ path: 'config', message: 'config must be an object' }]
  let validate = validators.get(type)
  if (!validate) {
    validate = (ajv ??= new Ajv({ allErrors: true, strict: false })).compile(handler.spec.configSchema)
    validators.set(type, validate)
  }
  if (!validate(config)) return formatAjvErrors(validate.errors, 'config', config)
  try {
    handler.prepare(config as Record<string, unknown>, 'config')
  } catch (error) {
    if (error instanceof FormulaError || error instanceof NodeConfigError)
      return [{ path: error.path, message: error.message }]
    throw error
  }
  return []
}

/**
 * Problems with the rest of an action definition: input and custom output schemas, output
 * mapping (JSONata loaded). Shared by the REST API and snapshot import.
 */
export function definitionSchemaProblems(
  inputSchema: unknown,
  outputMapping: unknown,
  customOutputSchema: unknown
): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  if (inputSchema !== undefined && inputSchema !== null) problems.push(...checkJsonSchema(inputSchema, 'inputSchema'))
  if (customOutputSchema !== undefined && customOutputSchema !== null)
    problems.push(...checkJsonSchema(customOutputSchema, 'customOutputSchema'))
  if (outputMapping !== undefined && outputMapping !== null) {
    try {
      compileMapping(outputMapping, 'outputMapping')
    } catch (error) {
      problems.push({ path: 'outputMapping', message: (error as Error).message })
    }
  }
  return problems
}
