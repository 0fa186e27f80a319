import { compileJsonata, JsonataSyntaxError } from './jsonata-runtime'

/** Evaluates a compiled mapping or expression against a scope (`{input, flowInstance, user, ...}`). */
export type Evaluator = (scope: object) => Promise<unknown>

/** A formula that cannot be compiled or failed to evaluate; `path` says where in the config it is. */
export class FormulaError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(message)
    this.name = 'FormulaError'
  }
}

/** Formula keys a mapping understands. */
const FORMULAS = ['$var', '$jsonata']

const SIMPLE_PATH = /^(?:\$\.)?[^.[\]\s`'"$()]+(?:\.[^.[\]\s`'"$()]+|\[\d+\])*$/

/** True when `value` is an object of exactly one `$`-prefixed key: a formula (known or not). */
function formulaKey(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  return keys.length === 1 && keys[0].startsWith('$') ? keys[0] : undefined
}

function constant(value: unknown): Evaluator {
  const resolved = Promise.resolve(value)
  return () => resolved
}

/** A getter for `a.b[0].c` that needs no expression engine (the common `$var` case). */
function pathGetter(path: string): Evaluator {
  const segments: Array<string | number> = []
  for (const part of path.replace(/^\$\./, '').split('.')) {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(part)
    if (!match) return undefined as never
    segments.push(match[1])
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]))
  }
  return async (scope) => {
    let current: unknown = scope
    for (const segment of segments) {
      if (current === null || current === undefined || typeof current !== 'object') return undefined
      current = (current as Record<string | number, unknown>)[segment]
    }
    return current
  }
}

function jsonataEvaluator(text: string, path: string): Evaluator {
  let expression
  try {
    expression = compileJsonata(text)
  } catch (error) {
    if (error instanceof JsonataSyntaxError)
      throw new FormulaError(path, `${path} is not a valid JSONata expression: ${error.message}`)
    throw error
  }
  return async (scope) => {
    try {
      return await expression.evaluate(scope)
    } catch (error) {
      const e = error as { message?: string; code?: string }
      throw new FormulaError(
        path,
        `The formula at ${path} failed: ${e.message ?? String(error)}${e.code ? ` (JSONata ${e.code})` : ''}`
      )
    }
  }
}

/**
 * Compiles a mapping: plain JSON in which `{"$var": "input.trigger.email"}` and
 * `{"$jsonata": "..."}` are evaluated. Parts without formulas are returned as they are.
 * Throws {@link FormulaError} naming the path of an unknown formula or a syntax error.
 */
export function compileMapping(value: unknown, path: string): Evaluator {
  const key = formulaKey(value)
  if (key !== undefined) {
    const argument = (value as Record<string, unknown>)[key]
    if (!FORMULAS.includes(key)) {
      throw new FormulaError(
        path,
        `${path} uses the unknown formula ${key}: use {"$var": "<path>"} or {"$jsonata": "<expression>"}, or rename the key if it is meant literally.`
      )
    }
    if (typeof argument !== 'string' || !argument.trim())
      throw new FormulaError(path, `${path}.${key} must be a non-empty string.`)
    if (key === '$var') {
      const trimmed = argument.trim()
      if (trimmed === '$') return async (scope) => scope
      if (SIMPLE_PATH.test(trimmed)) return pathGetter(trimmed)
    }
    return jsonataEvaluator(argument, `${path}.${key}`)
  }
  if (Array.isArray(value)) {
    const parts = value.map((item, i) => compileMapping(item, `${path}[${i}]`))
    if (!containsFormula(value)) return constant(value)
    return async (scope) => Promise.all(parts.map((p) => p(scope)))
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, compileMapping(v, `${path}.${k}`)] as const)
    if (!containsFormula(value)) return constant(value)
    return async (scope) => {
      const out: Record<string, unknown> = {}
      for (const [k, evaluate] of entries) {
        const v = await evaluate(scope)
        if (v !== undefined) out[k] = v
      }
      return out
    }
  }
  return constant(value)
}

/**
 * Compiles an expression field: a JSONata string, or a formula object as in mappings.
 * Throws {@link FormulaError} for a syntax error.
 */
export function compileExpression(value: unknown, path: string): Evaluator {
  if (typeof value === 'string') {
    if (!value.trim())
      throw new FormulaError(path, `${path} is empty: write a JSONata expression such as "input.trigger.amount > 100".`)
    return jsonataEvaluator(value, path)
  }
  if (formulaKey(value) !== undefined) return compileMapping(value, path)
  throw new FormulaError(
    path,
    `${path} must be a JSONata expression (a string) or a formula such as {"$var": "input.trigger.ok"}.`
  )
}

/** Whether a subtree has any formula in it. */
function containsFormula(value: unknown): boolean {
  if (formulaKey(value) !== undefined) return true
  if (Array.isArray(value)) return value.some(containsFormula)
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsFormula)
  return false
}

/** JSONata's notion of truth: empty strings, 0, empty arrays/objects, null and undefined are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '' || Number.isNaN(value))
    return false
  if (Array.isArray(value)) return value.some(isTruthy)
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}
