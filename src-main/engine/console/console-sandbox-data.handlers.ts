import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'
import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { parseNoInput } from './console.inputs'

/** Methods of the data browser over the sandbox apps' records. */
export type SandboxDataMethods =
  | 'sandboxData.apps'
  | 'sandboxData.list'
  | 'sandboxData.get'
  | 'sandboxData.create'
  | 'sandboxData.update'
  | 'sandboxData.delete'

const APP = Type.Union([Type.Literal('crm'), Type.Literal('helpdesk')])
const ID = Type.String({ minLength: 1, maxLength: 200 })
const WHERE = { app: APP, accountId: ID, collection: Type.String({ minLength: 1, maxLength: 100 }) }
// the app's own schema checks the fields (types, enums, references): one rule, whichever way a record arrives
const FIELDS = Type.Record(Type.String(), Type.Unknown())

const parseQuery = inputParser(
  Type.Object(
    {
      ...WHERE,
      search: Type.Optional(Type.String({ maxLength: 500 })),
      cursor: Type.Optional(Type.String({ maxLength: 200 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 }))
    },
    { additionalProperties: false }
  ),
  '',
  'record query (send {"app", "accountId", "collection", "search"?, "cursor"?, "limit"?})'
)

const parseRef = inputParser(
  Type.Object({ ...WHERE, id: ID }, { additionalProperties: false }),
  '',
  'record reference (send {"app", "accountId", "collection", "id"})'
)

const parseCreate = inputParser(
  Type.Object({ ...WHERE, fields: FIELDS }, { additionalProperties: false }),
  '',
  'new record (send {"app", "accountId", "collection", "fields": {…}})'
)

const parseUpdate = inputParser(
  Type.Object({ ...WHERE, id: ID, fields: FIELDS }, { additionalProperties: false }),
  '',
  'record change (send {"app", "accountId", "collection", "id", "fields": {…}})'
)

/** Handlers of the sandbox data browser; writes go through the apps' record store, so webhooks fire. */
export function createSandboxDataHandlers(engine: Engine): Pick<ConsoleHandlers, SandboxDataMethods> {
  const data = engine.sandboxData
  return {
    'sandboxData.apps': { parse: parseNoInput('sandboxData.apps'), run: () => data.apps() },
    'sandboxData.list': { parse: parseQuery, run: (query) => data.list(query) },
    'sandboxData.get': { parse: parseRef, run: (ref) => data.get(ref) },
    'sandboxData.create': { parse: parseCreate, run: (input) => data.create(input) },
    'sandboxData.update': { parse: parseUpdate, run: (input) => data.update(input) },
    'sandboxData.delete': { parse: parseRef, run: (ref) => data.delete(ref) }
  }
}
