import type { ConsoleCustomerQuery } from '../../contract/console-api'
import type { CustomerCreate, CustomerUpdate, TestCustomerUpdate } from '../../contract/customers'
import type { MintTokenRequest } from '../../contract/tokens'
import type { FieldSchema, WorkspacePatch } from '../../contract/workspace'
import { invalidData } from '../common/engine-error'
import { createInputParser } from '../common/input-parser'

/** Schema of an id (or key) naming one thing: a customer, connection, flow, instance or run. */
export const ID = { type: 'string', minLength: 1, maxLength: 256 }

/** `cursor` and `limit` of a console listing. */
export const PAGING = {
  cursor: { type: 'string', maxLength: 64 },
  limit: { type: 'integer', minimum: 1, maximum: 1000 }
}

/** A parser of `{id}` naming one thing; `what` says what it is and what to send. */
export function createRefParser(what: string): (input: unknown) => { id: string } {
  return createInputParser<{ id: string }>(
    { type: 'object', required: ['id'], additionalProperties: false, properties: { id: ID } },
    '',
    what
  )
}

/** Schema of `{id, changes}`: an edit of one thing (PATCH semantics). */
export function editSchema(changes: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', required: ['id', 'changes'], additionalProperties: false, properties: { id: ID, changes } }
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
export const parseCustomerQuery = createInputParser<ConsoleCustomerQuery>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      search: { type: 'string', maxLength: 500 },
      includeArchived: { type: 'boolean' },
      archivedOnly: { type: 'boolean' },
      offset: { type: 'integer', minimum: 0 },
      ...PAGING
    }
  },
  '',
  'customer query'
)

/** A new customer (the service checks fields against the schema). */
export const parseCustomerCreate = createInputParser<CustomerCreate>(
  {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      internalId: { type: 'string' },
      fields: { type: 'object' },
      meta: { type: 'object' },
      credentials: {}
    }
  },
  '',
  'new customer'
)

/** `{id, changes}` of a customer edit (PATCH semantics). */
export const parseCustomerUpdate = createInputParser<{ id: string; changes: CustomerUpdate }>(
  editSchema({
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      internalId: { type: 'string' },
      fields: { type: 'object' },
      meta: { type: ['object', 'null'] },
      credentials: {}
    }
  }),
  '',
  'customer change'
)

/** The test customer's id, name and fields. */
export const parseTestCustomerUpdate = createInputParser<TestCustomerUpdate>(
  {
    type: 'object',
    additionalProperties: false,
    properties: { name: { type: 'string' }, internalId: { type: 'string' }, fields: { type: 'object' } }
  },
  '',
  'test customer change'
)

/** Workspace settings the console edits (the field schema has its own methods). */
export const parseWorkspaceUpdate = createInputParser<Omit<WorkspacePatch, 'userFieldsSchema'>>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      webhookUri: { type: ['string', 'null'] },
      apiBaseUri: { type: ['string', 'null'] },
      defaultTokenTtlSeconds: { type: 'integer' },
      runRetentionDays: { type: ['integer', 'null'] },
      runRetentionPerInstance: { type: ['integer', 'null'] }
    }
  },
  '',
  'workspace change'
)

/** `{schema}`: a field schema, or null to remove it. */
export const parseSchemaInput = createInputParser<{ schema: FieldSchema | null }>(
  {
    type: 'object',
    required: ['schema'],
    additionalProperties: false,
    properties: { schema: { type: ['object', 'null'] } }
  },
  '',
  'field schema (send {"schema": {"type": "object", "properties": {...}}})'
)

/** What to mint (the minter checks lifetime, algorithm and fields). */
export const parseMintRequest = createInputParser<MintTokenRequest>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      customerId: { type: 'string' },
      isAdmin: { type: 'boolean' },
      name: { type: 'string' },
      fields: { type: 'object' },
      ttl: { type: ['string', 'number'] },
      algorithm: { type: 'string' },
      extraClaims: { type: 'object' }
    }
  },
  '',
  'token request'
)

/** `{token}` to inspect. */
export const parseTokenInput = createInputParser<{ token: string }>(
  {
    type: 'object',
    required: ['token'],
    additionalProperties: false,
    properties: { token: { type: 'string', maxLength: 16384 } }
  },
  '',
  'token to inspect (send {"token": "<jwt>"})'
)
