import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { ErrorDetail } from '../../contract/errors'
import type { FieldSchema } from '../../contract/workspace'
import { formatAjvErrors } from '../common/ajv-errors'

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']

/**
 * Drops `$id` and `$schema` before compiling: ajv refuses a second schema with the same `$id`,
 * and field schemas are checked with draft-07 rules whatever dialect they name.
 */
function compilable(schema: Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, $schema: _dialect, ...rest } = schema
  return rest
}

/**
 * Validates the tenant field schema itself and customer fields against it. One compiled
 * validator is kept per schema text, so the hot path (every customer write) does no compiling.
 */
export class FieldSchemaValidator {
  private ajv: Ajv | undefined
  private compiled: { schema: FieldSchema; text: string; validate: ValidateFunction } | undefined

  private instance(): Ajv {
    if (!this.ajv) {
      this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true })
      addFormats(this.ajv)
    }
    return this.ajv
  }

  /** Problems with a proposed schema (empty when it can be saved). */
  checkSchema(schema: unknown): ErrorDetail[] {
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
      return [
        {
          path: 'userFieldsSchema',
          message: 'userFieldsSchema must be a JSON Schema object, e.g. {"type":"object","properties":{}}'
        }
      ]
    }
    const s = schema as Record<string, unknown>
    if (s.type !== undefined && s.type !== 'object') {
      return [
        {
          path: 'userFieldsSchema.type',
          message: `userFieldsSchema.type must be "object" (customer fields are an object), got ${JSON.stringify(s.type)}`
        }
      ]
    }
    const problems: ErrorDetail[] = []
    const props = s.properties
    if (props !== undefined && (props === null || typeof props !== 'object' || Array.isArray(props))) {
      problems.push({
        path: 'userFieldsSchema.properties',
        message: 'userFieldsSchema.properties must be an object mapping field names to schemas'
      })
    } else if (props) {
      for (const [name, def] of Object.entries(props as Record<string, unknown>)) {
        const path = `userFieldsSchema.properties.${name}`
        if (!name.trim()) problems.push({ path, message: 'field names must not be empty' })
        if (def === null || typeof def !== 'object' || Array.isArray(def)) {
          problems.push({ path, message: `${path} must be a schema object such as {"type":"string"}` })
          continue
        }
        const type = (def as Record<string, unknown>).type
        const types = Array.isArray(type) ? type : type === undefined ? [] : [type]
        for (const t of types) {
          if (!TYPES.includes(String(t)))
            problems.push({
              path: `${path}.type`,
              message: `${path}.type "${String(t)}" is not a JSON Schema type (use one of ${TYPES.join(', ')})`
            })
        }
      }
    }
    if (s.required !== undefined && (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string'))) {
      problems.push({
        path: 'userFieldsSchema.required',
        message: 'userFieldsSchema.required must be an array of field names'
      })
    }
    if (problems.length) return problems
    const ajv = this.instance()
    const body = compilable(s)
    if (!ajv.validateSchema(body)) {
      return formatAjvErrors(ajv.errors, 'userFieldsSchema', body)
    }
    try {
      ajv.compile(body)
      ajv.removeSchema(body)
    } catch (error) {
      return [{ path: 'userFieldsSchema', message: `userFieldsSchema cannot be compiled: ${(error as Error).message}` }]
    }
    return []
  }

  /** Problems with `fields` under `schema` (empty when valid, or when there is no schema). */
  checkFields(schema: FieldSchema | undefined, fields: unknown, root = 'fields'): ErrorDetail[] {
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      return [{ path: root, message: `${root} must be an object of field values` }]
    }
    if (!schema) return []
    const validate = this.validatorFor(schema)
    if (validate(fields)) return []
    return formatAjvErrors(validate.errors, root, fields)
  }

  private validatorFor(schema: FieldSchema): ValidateFunction {
    // every customer write asks with the workspace's cached schema object: no JSON text per call
    if (this.compiled?.schema === schema) return this.compiled.validate
    const text = JSON.stringify(schema)
    if (this.compiled?.text !== text) {
      if (this.compiled) this.instance().removeSchema(this.compiled.validate.schema as object)
      this.compiled = { schema, text, validate: this.instance().compile(compilable(schema)) }
    } else this.compiled.schema = schema
    return this.compiled.validate
  }
}
