import type { JsonSchema } from '../../../contract/apps'
import type { OperationDefinition } from '../connector'
import { collectionSchema, type SandboxAppDefinition, type SandboxCollection } from '../sandbox/sandbox-app.definitions'

/** `contacts` → `contact`, `companies` → `company`: operation keys name one record in the singular. */
function singular(key: string): string {
  if (key.endsWith('ies')) return `${key.slice(0, -3)}y`
  return key.endsWith('s') ? key.slice(0, -1) : key
}

const idField = (collection: SandboxCollection): JsonSchema => ({
  type: 'string',
  title: `${collection.name.replace(/s$/, '')} ID`,
  minLength: 1,
  description: `The record id (${collection.idPrefix}_…).`
})

const paging: Record<string, JsonSchema> = {
  limit: { type: 'integer', title: 'Page size', minimum: 1, maximum: 100 },
  cursor: { type: 'string', title: 'Cursor', description: 'nextCursor of the previous page.' }
}

/** The standard fields a write may set (no ids, no timestamps). */
function writable(collection: SandboxCollection, required: string[]): JsonSchema {
  return {
    type: 'object',
    title: collection.name,
    properties: collection.fields,
    required,
    additionalProperties: false
  }
}

/** Only the fields that can be filtered on by equality (scalars). */
function filterFields(collection: SandboxCollection): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(collection.fields).filter(([, schema]) => {
      const types = ([] as unknown[]).concat(schema.type ?? 'string')
      return !types.includes('array') && !types.includes('object')
    })
  )
}

function query(input: Record<string, unknown>, names: string[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const name of names) {
    const value = input[name]
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value
  }
  return out
}

function collectionOperations(collection: SandboxCollection): OperationDefinition[] {
  const one = singular(collection.key)
  const base = `/${collection.key}`
  const record = collectionSchema(collection)
  const page: JsonSchema = {
    type: 'object',
    properties: { data: { type: 'array', items: record }, nextCursor: { type: ['string', 'null'] } }
  }
  const filters = filterFields(collection)
  const tags = [collection.name]
  return [
    {
      key: `list-${collection.key}`,
      name: `List ${collection.name.toLowerCase()}`,
      description: `A page of ${collection.name.toLowerCase()}, oldest first; fields given filter by equality.`,
      tags,
      isReadOnly: true,
      method: 'GET',
      path: base,
      inputSchema: {
        type: 'object',
        properties: {
          ...paging,
          updatedSince: { type: 'string', title: 'Updated since', format: 'date-time' },
          ...filters
        },
        additionalProperties: false
      },
      outputSchema: page,
      request: (input) => ({
        method: 'GET',
        path: base,
        query: query(input, ['limit', 'cursor', 'updatedSince', ...Object.keys(filters)])
      })
    },
    {
      key: `search-${collection.key}`,
      name: `Search ${collection.name.toLowerCase()}`,
      description: `${collection.name} whose text fields contain the query.`,
      tags,
      isReadOnly: true,
      method: 'GET',
      path: `${base}/search`,
      inputSchema: {
        type: 'object',
        properties: { q: { type: 'string', title: 'Text', minLength: 1 }, ...paging },
        required: ['q'],
        additionalProperties: false
      },
      outputSchema: page,
      request: (input) => ({ method: 'GET', path: `${base}/search`, query: query(input, ['q', 'limit', 'cursor']) })
    },
    {
      key: `get-${one}`,
      name: `Get ${one}`,
      description: `One ${one} by id.`,
      tags,
      isReadOnly: true,
      method: 'GET',
      path: `${base}/{id}`,
      inputSchema: {
        type: 'object',
        properties: { id: idField(collection) },
        required: ['id'],
        additionalProperties: false
      },
      outputSchema: record,
      request: (input) => ({ method: 'GET', path: `${base}/${encodeURIComponent(String(input.id))}` })
    },
    {
      key: `create-${one}`,
      name: `Create ${one}`,
      description: `Creates a ${one}; ${collection.required.join(', ')} required.`,
      tags,
      method: 'POST',
      path: base,
      inputSchema: writable(collection, collection.required),
      outputSchema: record,
      request: (input) => ({ method: 'POST', path: base, body: input })
    },
    {
      key: `update-${one}`,
      name: `Update ${one}`,
      description: `Changes the fields given on a ${one}.`,
      tags,
      method: 'PATCH',
      path: `${base}/{id}`,
      inputSchema: {
        type: 'object',
        properties: { id: idField(collection), fields: writable(collection, []) },
        required: ['id', 'fields'],
        additionalProperties: false
      },
      outputSchema: record,
      request: (input) => ({
        method: 'PATCH',
        path: `${base}/${encodeURIComponent(String(input.id))}`,
        body: input.fields
      })
    },
    {
      key: `delete-${one}`,
      name: `Delete ${one}`,
      description: `Deletes a ${one}.`,
      tags,
      method: 'DELETE',
      path: `${base}/{id}`,
      inputSchema: {
        type: 'object',
        properties: { id: idField(collection) },
        required: ['id'],
        additionalProperties: false
      },
      request: (input) => ({ method: 'DELETE', path: `${base}/${encodeURIComponent(String(input.id))}` })
    }
  ]
}

/**
 * The REST operations of a sandbox app, with input schemas made from its collections: the
 * account (`get-me`), and list / search / get / create / update / delete for each collection.
 */
export function sandboxOperations(definition: SandboxAppDefinition): OperationDefinition[] {
  const me: OperationDefinition = {
    key: 'get-me',
    name: 'Get connected account',
    description: `The ${definition.name} account this connection signs in as.`,
    tags: ['Account'],
    isReadOnly: true,
    method: 'GET',
    path: '/me',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: {
      type: 'object',
      properties: {
        account: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
        app: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } }
      }
    },
    request: () => ({ method: 'GET', path: '/me' })
  }
  return [me, ...definition.collections.flatMap(collectionOperations)]
}
