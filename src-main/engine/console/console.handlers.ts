import type { ConsoleCustomerQuery, CustomerListPage, FieldSchemaCheck } from '../../contract/console-api'
import type { FieldSchema } from '../../contract/workspace'
import { EngineError, invalidData } from '../common/engine-error'
import type { Engine } from '../engine'
import type { ConsoleHandlers, ConsoleHostPort } from './console-handler'
import {
  parseCustomerCreate,
  parseCustomerQuery,
  parseCustomerRef,
  parseCustomerUpdate,
  parseMintRequest,
  parseNoInput,
  parseSchemaInput,
  parseTestCustomerUpdate,
  parseTokenInput,
  parseWorkspaceUpdate
} from './console.inputs'
import { createActivityHandlers } from './console-activity.handlers'
import { createSessionLinkHandlers } from './console-session.handlers'
import { createConnectionHandlers } from './console-connections.handlers'
import { createAppEventHandlers } from './console-app-events.handlers'
import { createFieldMappingHandlers } from './console-field-mappings.handlers'
import { createFlowHandlers } from './console-flows.handlers'
import { createRunHandlers } from './console-runs.handlers'
import { createSnapshotHandlers } from './console-snapshots.handlers'
import { createRequestHandlers } from './console-requests.handlers'
import { createMembraneZipHandlers } from './console-membrane.handlers'
import { createSandboxDataHandlers } from './console-sandbox-data.handlers'

export type { ConsoleHandler, ConsoleHandlers, ConsoleHostPort } from './console-handler'

const PROBLEMS_SHOWN = 50

/** Builds the console's handler table over the engine's services; every call acts as the console. */
export function createConsoleHandlers(engine: Engine, host: ConsoleHostPort): ConsoleHandlers {
  const { customers, workspace, tokens } = engine

  const listCustomers = (query: ConsoleCustomerQuery): CustomerListPage => {
    if (query.offset !== undefined && query.cursor !== undefined) {
      throw invalidData('Send either offset (a position in the list) or cursor (the next page), not both.', [
        { path: 'offset', message: 'not with cursor' }
      ])
    }
    const filter = {
      search: query.search,
      includeArchived: query.includeArchived || query.archivedOnly,
      archivedOnly: query.archivedOnly,
      limit: query.limit ?? 100
    }
    if (query.cursor === undefined) return customers.listAt(filter, query.offset ?? 0)
    // the next page by cursor still says how big the list is, so a scroll bar stays true
    return { ...customers.list({ ...filter, cursor: query.cursor }), total: customers.countMatching(filter) }
  }

  const checkSchema = (schema: FieldSchema | null): FieldSchemaCheck => {
    const checkedCount = customers.count(false)
    try {
      const { invalidCount, problems } = customers.checkAgainstSchema(schema, PROBLEMS_SHOWN)
      return { schemaErrors: [], invalidCount, problems, checkedCount }
    } catch (error) {
      if (error instanceof EngineError && error.key === 'invalid_data') {
        return {
          schemaErrors: error.data?.errors ?? [{ path: 'schema', message: error.message }],
          invalidCount: 0,
          problems: [],
          checkedCount
        }
      }
      throw error
    }
  }

  return {
    'session.info': {
      parse: parseNoInput('session.info'),
      run: () => {
        const apiUrl = host.apiUrl()
        const ws = workspace.get()
        const active = customers.count(false)
        return {
          version: engine.info.version,
          mode: host.mode,
          apiUrl,
          port: Number(new URL(apiUrl).port),
          dataDir: engine.info.dataDir,
          databaseFile: engine.info.databaseFile,
          secretStorage: engine.info.secretStorage,
          startedAt: engine.info.startedAt,
          workspaceKey: ws.key,
          workspaceName: ws.name,
          customerCount: active,
          archivedCustomerCount: customers.count(true) - active,
          testCustomerId: customers.testCustomer().id
        }
      }
    },
    'customers.list': { parse: parseCustomerQuery, run: listCustomers },
    'customers.get': { parse: parseCustomerRef, run: ({ id }) => customers.get(id) },
    'customers.create': { parse: parseCustomerCreate, run: (input) => customers.create(input, 'console') },
    'customers.update': {
      parse: parseCustomerUpdate,
      run: ({ id, changes }) => customers.patch(id, changes, 'console')
    },
    'customers.archive': { parse: parseCustomerRef, run: ({ id }) => customers.archive(id, 'console') },
    'customers.restore': { parse: parseCustomerRef, run: ({ id }) => customers.restore(id, 'console') },
    'testCustomer.get': { parse: parseNoInput('testCustomer.get'), run: () => customers.testCustomer() },
    'testCustomer.update': {
      parse: parseTestCustomerUpdate,
      run: (input) => customers.updateTestCustomer(input, 'console')
    },
    'workspace.get': { parse: parseNoInput('workspace.get'), run: () => workspace.get() },
    'workspace.update': { parse: parseWorkspaceUpdate, run: (input) => workspace.patch(input) },
    'workspace.credentials': { parse: parseNoInput('workspace.credentials'), run: () => workspace.credentials() },
    'workspace.rotateSecret': { parse: parseNoInput('workspace.rotateSecret'), run: () => workspace.rotateSecret() },
    'fieldSchema.check': { parse: parseSchemaInput, run: ({ schema }) => checkSchema(schema) },
    'fieldSchema.save': { parse: parseSchemaInput, run: ({ schema }) => workspace.patch({ userFieldsSchema: schema }) },
    'tokens.mint': { parse: parseMintRequest, run: (input) => tokens.mint(input) },
    'tokens.inspect': { parse: parseTokenInput, run: ({ token }) => tokens.inspect(token) },
    'changes.get': { parse: parseNoInput('changes.get'), run: () => engine.changes.current() },
    ...createConnectionHandlers(engine),
    ...createFlowHandlers(engine),
    ...createRunHandlers(engine),
    ...createSnapshotHandlers(engine),
    ...createActivityHandlers(engine),
    ...createSessionLinkHandlers(host),
    ...createRequestHandlers(engine),
    ...createMembraneZipHandlers(engine),
    ...createFieldMappingHandlers(engine),
    ...createSandboxDataHandlers(engine),
    ...createAppEventHandlers(engine)
  }
}
