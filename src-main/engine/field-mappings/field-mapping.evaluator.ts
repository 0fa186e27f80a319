import type { ErrorDetail } from '../../contract/errors'
import { invalidData } from '../common/engine-error'
import { checkAgainstSchema } from '../common/json-schema'
import { listProblems } from '../common/problem-list'
import { compileMapping, FormulaError } from '../expressions/formula.compiler'

/** The field names a JSON Schema of records declares (undefined when it declares none, i.e. anything goes). */
export function schemaFields(schema: Record<string, unknown> | null | undefined): string[] | undefined {
  const properties = schema?.properties
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return undefined
  return Object.keys(properties)
}

/**
 * Problems with a field mapping value (`{field: mapping}`) under `path`: not an object, a field
 * the target does not have (`fields` names what `target` has), or a formula that does not compile.
 */
export function mappingProblems(
  value: unknown,
  path: string,
  fields: string[] | undefined,
  target: string
): ErrorDetail[] {
  if (value === undefined || value === null) return []
  if (typeof value !== 'object' || Array.isArray(value))
    return [
      {
        path,
        message: `${path} must be an object of field → mapping, e.g. {"email": {"$var": "$.email"}}`
      }
    ]
  const problems: ErrorDetail[] = []
  for (const [field, mapping] of Object.entries(value as Record<string, unknown>)) {
    const at = `${path}.${field}`
    if (fields && !fields.includes(field)) {
      problems.push({
        path: at,
        message: `${at} maps to "${field}", which ${target} does not have; use one of: ${fields.join(', ') || 'none'}`
      })
      continue
    }
    try {
      compileMapping(mapping, at)
    } catch (error) {
      if (error instanceof FormulaError) problems.push({ path: error.path, message: error.message })
      else throw error
    }
  }
  return problems
}

/**
 * Applies a mapping to a record: each field's formula is evaluated over the record (`$var: "$.email"`
 * reads its `email`). A formula that fails is a 400 naming the field; so is a result that breaks
 * `schema` (checked without `required` when `partial`).
 */
export async function applyMapping(
  value: Record<string, unknown>,
  record: Record<string, unknown>,
  path: string,
  schema?: Record<string, unknown>,
  partial = false
): Promise<Record<string, unknown>> {
  const output: Record<string, unknown> = {}
  const problems: ErrorDetail[] = []
  for (const [field, mapping] of Object.entries(value)) {
    try {
      const result = await compileMapping(mapping, `${path}.${field}`)(record)
      if (result !== undefined) output[field] = result
    } catch (error) {
      if (error instanceof FormulaError) problems.push({ path: error.path, message: error.message })
      else throw error
    }
  }
  if (!problems.length && schema) {
    const { required: _required, ...loose } = schema
    problems.push(...checkAgainstSchema(partial ? loose : schema, output, 'output'))
  }
  if (problems.length) throw invalidData(`Mapping the record failed: ${listProblems(problems)}`, problems)
  return output
}
