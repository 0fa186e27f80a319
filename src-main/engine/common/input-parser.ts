import type { Static, TSchema } from '@sinclair/typebox'
import Ajv, { type ValidateFunction } from 'ajv'
import { invalidData } from './engine-error'
import { formatAjvErrors } from './ajv-errors'

let shared: Ajv | undefined

/**
 * The ajv instance for request shapes (not for field schemas, which have their own). The shapes
 * are TypeBox's output, not user input, so they are not checked against the JSON Schema
 * meta-schema: that check compiles the meta-schema on the first parse (~30 ms at a cold start).
 */
function inputAjv(): Ajv {
  shared ??= new Ajv({ allErrors: true, strict: false, coerceTypes: false, validateSchema: false })
  return shared
}

/**
 * A parser for one inbound shape declared once as a TypeBox schema: the schema is the JSON Schema
 * ajv checks (compiled on first use, to keep start-up lean) and its `Static` type is what the
 * parser returns, so the shape and its type cannot drift. Throws a 400 naming every bad path
 * under `root`.
 */
export function inputParser<S extends TSchema>(schema: S, root: string, what: string): (value: unknown) => Static<S> {
  let validate: ValidateFunction | undefined
  return (value: unknown): Static<S> => {
    validate ??= inputAjv().compile(schema)
    if (validate(value)) return value as Static<S>
    const details = formatAjvErrors(validate.errors, root, value)
    throw invalidData(`Invalid ${what}: ${details.map((d) => d.message).join('; ')}`, details)
  }
}
