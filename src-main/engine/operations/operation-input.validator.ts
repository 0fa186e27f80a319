import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { ErrorDetail } from '../../contract/errors'
import { formatAjvErrors } from '../common/ajv-errors'
import type { OperationDefinition } from '../apps/connector'

/**
 * Checks operation inputs against their JSON Schemas (formats included); one compiled validator
 * per operation, made on its first run.
 */
export class OperationInputValidator {
  private ajv: Ajv | undefined
  private readonly compiled = new WeakMap<OperationDefinition, ValidateFunction>()

  /** The problems of `input`, each with its path under `input.` (empty when it may be sent). */
  problems(operation: OperationDefinition, input: unknown): ErrorDetail[] {
    let validate = this.compiled.get(operation)
    if (!validate) {
      if (!this.ajv) {
        this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true })
        addFormats(this.ajv)
      }
      validate = this.ajv.compile(operation.inputSchema)
      this.compiled.set(operation, validate)
    }
    return validate(input) ? [] : formatAjvErrors(validate.errors, 'input', input)
  }
}
