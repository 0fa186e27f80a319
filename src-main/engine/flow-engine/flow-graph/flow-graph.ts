import Ajv, { type ValidateFunction } from 'ajv'
import type { ErrorDetail } from '../../../contract/errors'
import { UNSUPPORTED_NODE_TYPES } from '../../../contract/flow-node-types'
import type { FlowNode, FlowNodeLink, FlowNodes } from '../../../contract/flows'
import { formatAjvErrors } from '../../common/ajv-errors'
import { invalidData } from '../../common/engine-error'
import { compileExpression, FormulaError, type Evaluator } from '../../expressions/formula.compiler'
import { NodeConfigError, type FlowNodeHandler } from '../flow-nodes/node-handler'
import { knownNodeTypes, nodeHandler } from '../flow-nodes/node-registry'
import type { JavaScriptSandbox } from '../../javascript/javascript.sandbox'
import { listProblems } from '../../common/problem-list'

/** A link ready to follow: its target and its compiled filter. */
export interface CompiledLink {
  key: string
  name?: string
  filter?: Evaluator
}

/** A node ready to run: its handler, its compiled config and its links. */
export interface CompiledNode {
  key: string
  type: string
  handler: FlowNodeHandler<any>
  prepared: unknown
  isTrigger: boolean
  links: CompiledLink[]
  onError: 'stop' | 'continue'
  concurrency: number
}

/** A flow graph ready to run. */
export interface CompiledGraph {
  nodes: Map<string, CompiledNode>
  triggers: CompiledNode[]
}

const NODE_KEY = /^[A-Za-z0-9_-]{1,100}$/
const NODE_FIELDS = [
  'type',
  'name',
  'description',
  'config',
  'onError',
  'concurrency',
  'links',
  'ui',
  'isCustomized'
] as const
/** Membrane node fields that are read-only or not used here; accepted on input and dropped. */
const IGNORED_NODE_FIELDS = new Set([
  'version',
  'inputSchema',
  'outputSchema',
  'outputExample',
  'state',
  'errors',
  'dependencies',
  'userConfig',
  'testInput'
])

// made on first use: an Ajv instance compiles its meta-schemas when built (~2 ms of a start)
let configAjv: Ajv | undefined
const configValidators = new Map<string, ValidateFunction>()

function configValidator(handler: FlowNodeHandler<any>): ValidateFunction {
  let validate = configValidators.get(handler.spec.type)
  if (!validate) {
    validate = (configAjv ??= new Ajv({ allErrors: true, strict: false })).compile(handler.spec.configSchema)
    configValidators.set(handler.spec.type, validate)
  }
  return validate
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * Checks a flow's node graph before it is saved and compiles it before it runs. Every problem
 * is reported at once, each under `nodes.<key>…` and naming the node: unknown types, no
 * trigger, links to missing nodes or to triggers, cycles, configs that do not fit the node
 * type's schema, formulas that do not parse, JavaScript that does not parse.
 */
export class FlowGraphValidator {
  constructor(private readonly sandbox: JavaScriptSandbox) {}

  /** The nodes, cleaned (known fields only), or a 400 listing every problem. `what` names the flow in the message. */
  async validate(input: unknown, what: string): Promise<FlowNodes> {
    if (!isObject(input)) {
      throw invalidData(
        `Invalid ${what}: nodes must be an object of node key → node, e.g. {"trigger": {"type": "api-trigger", "links": [{"key": "step"}]}}.`,
        [{ path: 'nodes', message: 'nodes must be an object' }]
      )
    }
    const { nodes, problems } = this.structure(input)
    if (!problems.length) {
      for (const [key, node] of Object.entries(nodes)) {
        const handler = nodeHandler(node.type)
        if (handler?.check)
          problems.push(
            ...(await handler.check(node.config ?? {}, `nodes.${key}.config`, this.sandbox)).map((p) =>
              prefixed(key, node.type, p)
            )
          )
      }
    }
    if (problems.length) throw invalidData(`Invalid ${what}: ${listProblems(problems)}`, problems)
    return nodes
  }

  /** Loads what {@link problemsNow} needs (the engine thread's JavaScript parser); once, before the first snapshot import. */
  async prepare(): Promise<void> {
    await this.sandbox.prepareSyntaxChecks()
  }

  /**
   * Every problem {@link validate} would report, without waiting (snapshot import checks a whole
   * file in one synchronous pass); paths are under `at` instead of `nodes`. Needs {@link prepare}.
   */
  problemsNow(input: unknown, at: string): ErrorDetail[] {
    const under = (p: ErrorDetail): ErrorDetail => ({
      ...p,
      path: p.path === 'nodes' ? at : p.path.startsWith('nodes.') ? `${at}${p.path.slice(5)}` : p.path,
      message: `${at}: ${p.message}`
    })
    if (!isObject(input)) return [{ path: at, message: `${at} must be an object of node key → node` }]
    const { nodes, problems } = this.structure(input)
    if (!problems.length) {
      for (const [key, node] of Object.entries(nodes)) {
        const handler = nodeHandler(node.type)
        if (handler?.checkNow)
          problems.push(
            ...handler
              .checkNow(node.config ?? {}, `nodes.${key}.config`, this.sandbox)
              .map((p) => prefixed(key, node.type, p))
          )
      }
    }
    return problems.map(under)
  }

  /** The nodes (cleaned) and the problems found without running anything asynchronous. */
  private structure(input: Record<string, unknown>): { nodes: FlowNodes; problems: ErrorDetail[] } {
    const problems: ErrorDetail[] = []
    const nodes: FlowNodes = {}
    for (const [key, raw] of Object.entries(input)) {
      const node = this.parseNode(key, raw, problems)
      if (node) nodes[key] = node
    }
    this.checkGraph(nodes, problems)
    return { nodes, problems }
  }

  /** Compiles valid nodes for running (JSONata is loaded first). */
  async compile(nodes: FlowNodes): Promise<CompiledGraph> {
    const compiled = new Map<string, CompiledNode>()
    for (const [key, node] of Object.entries(nodes)) {
      const handler = nodeHandler(node.type)
      if (!handler)
        throw invalidData(`Node "${key}" has type "${node.type}", which this engine does not run; fix the flow.`)
      compiled.set(key, {
        key,
        type: handler.spec.type,
        handler,
        prepared: handler.prepare(node.config ?? {}, `nodes.${key}.config`),
        isTrigger: handler.spec.isTrigger,
        links: (node.links ?? []).map((l) => ({
          key: l.key!,
          name: l.name,
          filter: l.filter === undefined ? undefined : compileExpression(l.filter, `nodes.${key}.links.${l.key}.filter`)
        })),
        onError: node.onError ?? 'stop',
        concurrency: node.concurrency ?? 1
      })
    }
    return { nodes: compiled, triggers: [...compiled.values()].filter((n) => n.isTrigger) }
  }

  private parseNode(key: string, raw: unknown, problems: ErrorDetail[]): FlowNode | undefined {
    const at = `nodes.${key}`
    const say = (path: string, message: string) => problems.push({ path, message: `Node "${key}": ${message}` })
    if (!NODE_KEY.test(key)) {
      say(at, `the key "${key}" may contain only letters, digits, "_" and "-" (1 to 100 characters); rename the node.`)
      return undefined
    }
    if (!isObject(raw)) {
      say(at, `${at} must be an object such as {"type": "transform-data", "config": {...}}.`)
      return undefined
    }
    for (const field of Object.keys(raw)) {
      if (!(NODE_FIELDS as readonly string[]).includes(field) && !IGNORED_NODE_FIELDS.has(field))
        say(`${at}.${field}`, `${at}.${field} is not a node field (use ${NODE_FIELDS.join(', ')}).`)
    }
    if (typeof raw.type !== 'string' || !raw.type) {
      say(`${at}.type`, `${at}.type is required: the node type, such as "transform-data".`)
      return undefined
    }
    const handler = nodeHandler(raw.type)
    if (!handler) {
      const message = UNSUPPORTED_NODE_TYPES.includes(raw.type)
        ? `type "${raw.type}" is a Membrane node type this engine does not run; use one of ${knownNodeTypes().join(', ')}.`
        : `unknown type "${raw.type}"; use one of ${knownNodeTypes().join(', ')}.`
      say(`${at}.type`, message)
    }
    for (const field of ['name', 'description'] as const) {
      if (raw[field] !== undefined && typeof raw[field] !== 'string')
        say(`${at}.${field}`, `${at}.${field} must be a string.`)
    }
    if (raw.onError !== undefined && raw.onError !== 'stop' && raw.onError !== 'continue')
      say(`${at}.onError`, `${at}.onError must be "stop" or "continue", got ${JSON.stringify(raw.onError)}.`)
    if (
      raw.concurrency !== undefined &&
      (!Number.isInteger(raw.concurrency) || (raw.concurrency as number) < 1 || (raw.concurrency as number) > 100)
    ) {
      say(
        `${at}.concurrency`,
        `${at}.concurrency must be an integer from 1 to 100, got ${JSON.stringify(raw.concurrency)}.`
      )
    }
    if (raw.isCustomized !== undefined && typeof raw.isCustomized !== 'boolean')
      say(`${at}.isCustomized`, `${at}.isCustomized must be true or false.`)
    const links: FlowNodeLink[] = []
    if (raw.links !== undefined) {
      if (!Array.isArray(raw.links)) say(`${at}.links`, `${at}.links must be an array such as [{"key": "next-node"}].`)
      else
        raw.links.forEach((link, i) => {
          const lat = `${at}.links[${i}]`
          if (!isObject(link) || typeof link.key !== 'string' || !link.key) {
            say(lat, `${lat} must be an object with the key of the node it leads to, e.g. {"key": "next-node"}.`)
            return
          }
          if (link.name !== undefined && typeof link.name !== 'string')
            say(`${lat}.name`, `${lat}.name must be a string.`)
          const clean: FlowNodeLink = { key: link.key }
          if (link.name !== undefined) clean.name = link.name as string
          if (link.filter !== undefined) {
            clean.filter = link.filter
            try {
              compileExpression(link.filter, `${lat}.filter`)
            } catch (error) {
              if (error instanceof FormulaError) say(error.path, error.message.replace(`${at}.`, ''))
              else throw error
            }
          }
          links.push(clean)
        })
    }
    if (raw.config !== undefined && !isObject(raw.config)) say(`${at}.config`, `${at}.config must be an object.`)
    const config = isObject(raw.config) ? raw.config : {}
    if (handler && isObject(raw.config ?? {})) {
      const validate = configValidator(handler)
      if (!validate(config)) {
        for (const detail of formatAjvErrors(validate.errors, `${at}.config`, config))
          problems.push(prefixed(key, handler.spec.type, detail))
      } else {
        try {
          handler.prepare(config, `${at}.config`)
        } catch (error) {
          if (error instanceof FormulaError || error instanceof NodeConfigError)
            problems.push(prefixed(key, handler.spec.type, { path: error.path, message: error.message }))
          else throw error
        }
      }
    }
    const node: FlowNode = { type: raw.type }
    for (const field of NODE_FIELDS)
      if (field !== 'type' && field !== 'links' && field !== 'config' && raw[field] !== undefined)
        (node as unknown as Record<string, unknown>)[field] = raw[field]
    if (raw.config !== undefined) node.config = config
    if (links.length || raw.links !== undefined) node.links = links
    return node
  }

  private checkGraph(nodes: FlowNodes, problems: ErrorDetail[]): void {
    const entries = Object.entries(nodes)
    const isTrigger = (key: string) => nodeHandler(nodes[key]?.type ?? '')?.spec.isTrigger === true
    if (!entries.some(([key]) => isTrigger(key))) {
      problems.push({
        path: 'nodes',
        message:
          'The flow has no trigger: add a node of type api-trigger, manual-trigger, schedule-trigger, app-event-trigger or data-record-created-trigger (-updated, -deleted) and link it to the first step.'
      })
    }
    const edges = new Map<string, string[]>()
    for (const [key, node] of entries) {
      const targets: string[] = []
      for (const [i, link] of (node.links ?? []).entries()) {
        if (!nodes[link.key!]) {
          problems.push({
            path: `nodes.${key}.links[${i}].key`,
            message: `Node "${key}" links to "${link.key}", which does not exist: add a node "${link.key}" or remove the link.`
          })
        } else if (isTrigger(link.key!)) {
          problems.push({
            path: `nodes.${key}.links[${i}].key`,
            message: `Node "${key}" links to the trigger "${link.key}": triggers start a flow and cannot be linked to; link to a step instead.`
          })
        } else targets.push(link.key!)
      }
      const root = nodeHandler(node.type)?.spec.type === 'for-each-v2' ? node.config?.rootNodeKey : undefined
      if (typeof root === 'string') {
        if (!nodes[root])
          problems.push({
            path: `nodes.${key}.config.rootNodeKey`,
            message: `Node "${key}" (for-each-v2): config.rootNodeKey "${root}" is not a node of this flow; add it or pick another node.`
          })
        else if (root === key)
          problems.push({
            path: `nodes.${key}.config.rootNodeKey`,
            message: `Node "${key}" (for-each-v2): config.rootNodeKey cannot be the for-each node itself; point it at the first node of the loop body.`
          })
        else if (isTrigger(root))
          problems.push({
            path: `nodes.${key}.config.rootNodeKey`,
            message: `Node "${key}" (for-each-v2): config.rootNodeKey "${root}" is a trigger; point it at a step.`
          })
        else {
          targets.push(root)
          for (const [other, otherNode] of entries) {
            if (other !== key && (otherNode.links ?? []).some((l) => l.key === root)) {
              problems.push({
                path: `nodes.${other}.links`,
                message: `Node "${other}" links to "${root}", the loop body of for-each "${key}": a loop body runs only inside its loop; link to another node.`
              })
            }
          }
        }
      }
      edges.set(key, targets)
    }
    const cycle = findCycle(edges)
    if (cycle)
      problems.push({
        path: `nodes.${cycle[0]}`,
        message: `Nodes ${cycle.map((k) => `"${k}"`).join(' → ')} form a cycle: flows must not loop back; remove one of these links (use for-each-v2 to repeat steps).`
      })
  }
}

function prefixed(key: string, type: string, detail: ErrorDetail): ErrorDetail {
  const inner = detail.message.startsWith(`Node "${key}"`)
    ? detail.message
    : `Node "${key}" (${type}): ${detail.message.replace(`nodes.${key}.`, '')}`
  return { path: detail.path, message: inner }
}

/** The first cycle found (its keys, first repeated at the end), or undefined. */
function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>()
  const stack: string[] = []
  const visit = (key: string): string[] | undefined => {
    state.set(key, 1)
    stack.push(key)
    for (const next of edges.get(key) ?? []) {
      const s = state.get(next)
      if (s === 1) return [...stack.slice(stack.indexOf(next)), next]
      if (s === undefined) {
        const found = visit(next)
        if (found) return found
      }
    }
    stack.pop()
    state.set(key, 2)
    return undefined
  }
  for (const key of edges.keys()) {
    if (!state.has(key)) {
      const found = visit(key)
      if (found) return found
    }
  }
  return undefined
}
