import { createRequire } from 'node:module'
import type jsonataFactory from 'jsonata'

type Jsonata = typeof jsonataFactory
/** A compiled JSONata expression. */
export type JsonataExpression = ReturnType<Jsonata>

let loaded: Jsonata | undefined
const compiled = new Map<string, JsonataExpression>()
const CACHE_LIMIT = 5000

/**
 * The JSONata module, loaded on first use (it is not needed to start the engine). The package is
 * one CommonJS file, so `require` loads it; an `import()` here would be the bundle's only dynamic
 * import, which a chunk compiled from V8's code cache cannot run on Node 20 (host/code-cache.ts).
 */
function jsonata(): Jsonata {
  loaded ??= createRequire(__filename)('jsonata') as Jsonata
  return loaded
}

/** A JSONata syntax error with where it is. */
export class JsonataSyntaxError extends Error {
  constructor(
    message: string,
    readonly position?: number
  ) {
    super(message)
    this.name = 'JsonataSyntaxError'
  }
}

/**
 * The compiled expression for `text`, from a cache (compiling costs ~40 µs, evaluating ~3 µs).
 * Loads JSONata on the first call. Throws {@link JsonataSyntaxError} for a bad expression.
 */
export function compileJsonata(text: string): JsonataExpression {
  let expression = compiled.get(text)
  if (expression) return expression
  try {
    expression = jsonata()(text)
  } catch (error) {
    const e = error as { message?: string; position?: number }
    throw new JsonataSyntaxError(
      `${e.message ?? String(error)}${e.position !== undefined ? ` (at character ${e.position})` : ''}`,
      e.position
    )
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear()
  compiled.set(text, expression)
  return expression
}
