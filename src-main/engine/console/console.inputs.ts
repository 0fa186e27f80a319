import { Type, type TSchema } from '@sinclair/typebox'
import { ConsoleCustomerQuery } from '../../contract/console-api'
import { CustomerCreate, CustomerUpdate, TestCustomerUpdate } from '../../contract/customers'
import { MintTokenRequest } from '../../contract/tokens'
import { ID, Nullable, PAGING } from '../../contract/schema-kit'
import { FieldSchema, WorkspacePatch } from '../../contract/workspace'
import { invalidData } from '../common/engine-error'
import { inputParser } from '../common/input-parser'

export { ID, PAGING }

/** `{id}` naming one thing. */
export const Ref = Type.Object({ id: ID }, { additionalProperties: false })

/** A parser of `{id}` naming one thing; `what` says what it is and what to send. */
export function createRefParser(what: string): (input: unknown) => { id: string } {
  return inputParser(Ref, '', what)
}

/** Schema of `{id, changes}`: an edit of one thing (PATCH semantics). */
export function editSchema<C extends TSchema>(changes: C) {
  return Type.Object({ id: ID, changes }, { additionalProperties: false })
}

/** A closed copy of an API body schema: the console names every key it sends, so a typo is a 400. */
function closed<S extends TSchema>(schema: S): S {
  return { ...schema, additionalProperties: false }
}

/** For methods without input: nothing, `null` or `{}`. */
export function parseNoInput(method: string): (input: unknown) => void {
  return (input) => {
    const empty =
      input === undefined ||
      input === null ||
      (typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length === 0)
    if (!empty)
      throw invalidData(`${method} takes no input; send nothing (or {}).`, [
        { path: '(root)', message: 'no input expected' }
      ])
  }
}

/** `{id}` of one customer. */
export const parseCustomerRef = createRefParser('customer reference (send {"id": "<customer id or internal id>"})')

/** Listing query of the customers page. */
export const parseCustomerQuery = inputParser(ConsoleCustomerQuery, '', 'customer query')

/** A new customer: the API's schema, closed (the service checks fields against the field schema). */
export const parseCustomerCreate = inputParser(closed(CustomerCreate), '', 'new customer')

/** `{id, changes}` of a customer edit (PATCH semantics). */
export const parseCustomerUpdate = inputParser(editSchema(closed(CustomerUpdate)), '', 'customer change')

/** The test customer's id, name and fields. */
export const parseTestCustomerUpdate = inputParser(closed(TestCustomerUpdate), '', 'test customer change')

/** Workspace settings the console edits (the field schema has its own methods). */
export const parseWorkspaceUpdate = inputParser(
  Type.Omit(WorkspacePatch, ['userFieldsSchema'], { additionalProperties: false }),
  '',
  'workspace change'
)

/** `{schema}`: a field schema, or null to remove it. */
export const parseSchemaInput = inputParser(
  Type.Object({ schema: Nullable(FieldSchema) }, { additionalProperties: false }),
  '',
  'field schema (send {"schema": {"type": "object", "properties": {...}}})'
)

/** What to mint (the minter checks lifetime, algorithm and fields). */
export const parseMintRequest = inputParser(closed(MintTokenRequest), '', 'token request')

/** `{token}` to inspect. */
export const parseTokenInput = inputParser(
  Type.Object({ token: Type.String({ maxLength: 16384 }) }, { additionalProperties: false }),
  '',
  'token to inspect (send {"token": "<jwt>"})'
)
