import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { ErrorDetail } from '../../contract/errors'
import { formatAjvErrors } from './ajv-errors'

let ajv: Ajv | undefined
const cache = new Map<string, ValidateFunction>()
const CACHE_LIMIT = 2000

function instance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true })
    addFormats(ajv)
  }
  return ajv
}

/** Drops `$id` and `$schema`: ajv refuses a second schema with one `$id`, and all dialects are checked with draft-07 rules. */
function compilable(schema: Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, $schema: _dialect, ...rest } = schema
  return rest
}

/**
 * Problems with a user-supplied JSON Schema (input schemas, parameter schemas), each under `path`;
 * empty when it can be used.
 */
export function checkJsonSchema(schema: unknown, path: string): ErrorDetail[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return [{ path, message: `${path} must be a JSON Schema object such as {"type": "object", "properties": {}}` }]
  }
  const body = compilable(schema as Record<string, unknown>)
  if (!instance().validateSchema(body)) return formatAjvErrors(instance().errors, path, body)
  try {
    schemaValidator(schema as Record<string, unknown>)
  } catch (error) {
    return [{ path, message: `${path} cannot be compiled: ${(error as Error).message}` }]
  }
  return []
}

/** A compiled validator for `schema`, cached by its JSON text. */
export function schemaValidator(schema: Record<string, unknown>): ValidateFunction {
  const text = JSON.stringify(schema)
  let validate = cache.get(text)
  if (!validate) {
    validate = instance().compile(compilable(schema))
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(text, validate)
  }
  return validate
}

/** Problems with `value` under `schema`, each under `root`; empty when it matches. */
export function checkAgainstSchema(schema: Record<string, unknown>, value: unknown, root: string): ErrorDetail[] {
  const validate = schemaValidator(schema)
  if (validate(value)) return []
  return formatAjvErrors(validate.errors, root, value)
}
