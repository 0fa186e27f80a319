import type { AppRequest } from '../../../contract/connections'
import type { ErrorDetail } from '../../../contract/errors'
import { FLOW_NODE_TYPES } from '../../../contract/flow-node-types'
import { errorFromAppResponse } from '../../apps/app-response.error'
import { EngineError } from '../../common/engine-error'
import { compileExpression, compileMapping, isTruthy, type Evaluator } from '../../expressions/formula.compiler'
import { HttpRequestError } from '../../requests/http.requester'
import {
  NodeConfigError,
  type ConnectionCalls,
  type ConnectionCallPolicy,
  type FlowElementCalls,
  type FlowNodeHandler,
  type NodeExecution,
  type RunConnection
} from './node-handler'

/** The record operations a node or an action can make on a connection's collection. */
export const RECORD_OPERATIONS = [
  'list-data-records',
  'search-data-records',
  'find-data-record-by-id',
  'create-data-record',
  'update-data-record',
  'delete-data-record',
  'find-or-create-data-record'
] as const

/** One of {@link RECORD_OPERATIONS}. */
export type RecordOperation = (typeof RECORD_OPERATIONS)[number]

/** Rate-limit retries and time budget of one node or action run. */
export interface CallLimits {
  rateLimitRetries: number
  timeoutMs: number
}

/** A compiled record operation: its collection, one evaluator per mapped part, and its limits. */
export interface PreparedRecordOperation {
  type: RecordOperation
  collectionKey: string
  /** A data source whose instance on the connection gives the collection (when no collectionKey is set). */
  dataSourceKey?: string
  /** A field mapping: fields are exported through it, a found record is imported through it. */
  fieldMapping?: PreparedFieldMapping
  /** Another of the customer's connections to work through (by integration). */
  integrationKey?: string
  id?: Evaluator
  fields?: Evaluator
  filter?: Evaluator
  cursor?: Evaluator
  query?: Evaluator
  lookup?: Evaluator
  limit?: number
  failIfNotFound: boolean
  limits: CallLimits
}

/** A node's field mapping: its key and the record (in your app's schema) to export. */
export interface PreparedFieldMapping {
  key: string
  input?: Evaluator
}

/** The data source key a config names (`dataSource.key`). */
export function dataSourceKeyOf(config: Record<string, unknown> | undefined): string | undefined {
  const dataSource = config?.dataSource as { key?: unknown } | undefined
  return typeof dataSource?.key === 'string' ? dataSource.key : undefined
}

/** The field mapping a config names (`fieldMapping.key`). */
export function fieldMappingKeyOf(config: Record<string, unknown> | undefined): string | undefined {
  const fieldMapping = config?.fieldMapping as { key?: unknown } | undefined
  return typeof fieldMapping?.key === 'string' ? fieldMapping.key : undefined
}

function prepareFieldMapping(config: Record<string, unknown>, path: string): PreparedFieldMapping | undefined {
  const key = fieldMappingKeyOf(config)
  if (key === undefined) return undefined
  const input = (config.fieldMapping as { input?: unknown }).input
  return { key, input: input === undefined ? undefined : compileMapping(input, `${path}.fieldMapping.input`) }
}

/** A compiled request to the connected app. */
export interface PreparedExternalRequest {
  integrationKey?: string
  path: Evaluator
  method: string
  headers?: Evaluator
  query?: Evaluator
  body?: Evaluator
  limits: CallLimits
}

/** Limits from a node or action config. */
export function callLimits(config: Record<string, unknown>): CallLimits {
  return {
    rateLimitRetries: typeof config.rateLimitRetries === 'number' ? config.rateLimitRetries : 3,
    timeoutMs: typeof config.timeoutMs === 'number' ? config.timeoutMs : 60_000
  }
}

/** The collection a config works on (`dataSource.collectionKey`). */
export function collectionOf(config: Record<string, unknown> | undefined): string | undefined {
  const dataSource = config?.dataSource as { collectionKey?: unknown } | undefined
  return typeof dataSource?.collectionKey === 'string' ? dataSource.collectionKey : undefined
}

/**
 * Compiles a record operation. `defaults` fill parts the config leaves out (actions map them
 * from their input); a part that is neither configured nor defaulted stays undefined.
 */
export function prepareRecordOperation(
  type: RecordOperation,
  config: Record<string, unknown>,
  path: string,
  defaults: Record<string, unknown> = {}
): PreparedRecordOperation {
  const part = (name: string): Evaluator | undefined => {
    const value = config[name] ?? defaults[name]
    return value === undefined ? undefined : compileMapping(value, `${path}.${name}`)
  }
  return {
    type,
    collectionKey: collectionOf(config) ?? '',
    dataSourceKey: dataSourceKeyOf(config),
    fieldMapping: prepareFieldMapping(config, path),
    integrationKey: typeof config.integrationKey === 'string' ? config.integrationKey : undefined,
    id: part('id'),
    fields: part('fields'),
    filter: part('filter'),
    cursor: part('cursor'),
    query: part('query'),
    lookup: part('lookup'),
    limit: typeof config.limit === 'number' ? config.limit : undefined,
    failIfNotFound: config.failIfNotFound !== false,
    limits: callLimits(config)
  }
}

/** Compiles `config.request` of an external-app request; `defaults` fill parts the config leaves out. */
export function prepareExternalRequest(config: Record<string, unknown>, path: string): PreparedExternalRequest {
  const request = (config.request ?? {}) as Record<string, unknown>
  const at = `${path}.request`
  return {
    integrationKey: typeof config.integrationKey === 'string' ? config.integrationKey : undefined,
    path: compileMapping(request.path, `${at}.path`),
    method: String(request.method ?? 'GET').toUpperCase(),
    headers: request.headers === undefined ? undefined : compileMapping(request.headers, `${at}.headers`),
    query: request.query === undefined ? undefined : compileMapping(request.query, `${at}.query`),
    body: request.body === undefined ? undefined : compileMapping(request.body, `${at}.body`),
    limits: callLimits(config)
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined'
}

async function recordId(prepared: PreparedRecordOperation, scope: object): Promise<string> {
  const id = prepared.id ? await prepared.id(scope) : undefined
  if (typeof id === 'number') return String(id)
  if (typeof id !== 'string' || !id)
    throw new HttpRequestError(
      `id must give the record id (a non-empty string), got ${describe(id)}; map it, e.g. {"$var": "input.trigger.recordId"}.`
    )
  return id
}

async function objectPart(
  evaluator: Evaluator | undefined,
  scope: object,
  name: string,
  example: string
): Promise<Record<string, unknown>> {
  const value = evaluator ? await evaluator(scope) : undefined
  if (!isPlainObject(value))
    throw new HttpRequestError(
      `${name} must give an object of field values, got ${describe(value)}; map it, e.g. ${example}.`
    )
  return value
}

async function equalityFilter(
  evaluator: Evaluator | undefined,
  scope: object,
  name: string
): Promise<Record<string, string | number | boolean> | undefined> {
  const value = evaluator ? await evaluator(scope) : undefined
  if (value === undefined || value === null) return undefined
  if (!isPlainObject(value))
    throw new HttpRequestError(`${name} must give an object of field → value, got ${describe(value)}.`)
  const out: Record<string, string | number | boolean> = {}
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined) continue
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new HttpRequestError(`${name}.${field} must be a string, number or boolean, got ${describe(v)}.`)
    out[field] = v
  }
  return out
}

/** Runs a record operation through the connection; the output shapes are the ones the node types document. */
export async function runRecordOperation(
  prepared: PreparedRecordOperation,
  scope: object,
  calls: ConnectionCalls,
  log: ConnectionCallPolicy['log']
): Promise<unknown> {
  const collection = prepared.collectionKey
  const app = calls.appName
  switch (prepared.type) {
    case 'list-data-records': {
      const filter = await equalityFilter(prepared.filter, scope, 'filter')
      const cursor = prepared.cursor ? await prepared.cursor(scope) : undefined
      if (cursor !== undefined && cursor !== null && typeof cursor !== 'string')
        throw new HttpRequestError(`cursor must give the cursor text of the previous page, got ${describe(cursor)}.`)
      const page = await calls.list(collection, {
        ...(filter ? { filter } : {}),
        ...(cursor ? { cursor } : {}),
        ...(prepared.limit ? { limit: prepared.limit } : {})
      })
      log(
        'info',
        `Read ${page.records.length} ${collection} record(s) from ${app}${page.cursor ? '; more pages follow (cursor in the output)' : ''}.`
      )
      return page
    }
    case 'search-data-records': {
      const query = prepared.query ? await prepared.query(scope) : undefined
      if (typeof query !== 'string' || !query)
        throw new HttpRequestError(`query must give the text to search for, got ${describe(query)}.`)
      const page = await calls.search(collection, { query, ...(prepared.limit ? { limit: prepared.limit } : {}) })
      log('info', `Found ${page.records.length} ${collection} record(s) matching "${query}" in ${app}.`)
      return page
    }
    case 'find-data-record-by-id': {
      const id = await recordId(prepared, scope)
      try {
        const record = await calls.findById(collection, id)
        log('info', `Read ${collection} record ${id} from ${app}.`)
        return { record }
      } catch (error) {
        if (!prepared.failIfNotFound && error instanceof EngineError && error.key === 'not_found') {
          log(
            'info',
            `${app} has no ${collection} record ${id}; the output is {record: null} (failIfNotFound is false).`
          )
          return { record: null }
        }
        throw error
      }
    }
    case 'create-data-record': {
      const fields = await objectPart(
        prepared.fields,
        scope,
        'fields',
        '{"subject": {"$var": "input.trigger.record.email"}}'
      )
      const record = await calls.create(collection, fields)
      log('info', `Created ${collection} record ${record.id} in ${app}.`)
      return { id: record.id, record }
    }
    case 'update-data-record': {
      const id = await recordId(prepared, scope)
      const fields = await objectPart(prepared.fields, scope, 'fields', '{"status": "solved"}')
      const record = await calls.update(collection, id, fields)
      log('info', `Updated ${collection} record ${id} in ${app} (${Object.keys(fields).join(', ') || 'no fields'}).`)
      return { id: record.id, record }
    }
    case 'delete-data-record': {
      const id = await recordId(prepared, scope)
      await calls.delete(collection, id)
      log('info', `Deleted ${collection} record ${id} in ${app}.`)
      return { id }
    }
    case 'find-or-create-data-record': {
      const lookup = await equalityFilter(prepared.lookup, scope, 'lookup')
      if (!lookup || !Object.keys(lookup).length)
        throw new HttpRequestError(
          'lookup must give at least one field → value pair that identifies the record, e.g. {"email": {"$var": "input.trigger.record.email"}}.'
        )
      const found = await calls.list(collection, { filter: lookup, limit: 1 })
      if (found.records.length) {
        const record = found.records[0]
        log(
          'info',
          `Found ${collection} record ${record.id} in ${app} by ${Object.keys(lookup).join(', ')}; nothing created.`
        )
        return { id: record.id, record, created: false }
      }
      const fields = await objectPart(
        prepared.fields,
        scope,
        'fields',
        '{"email": {"$var": "input.trigger.record.email"}}'
      )
      const record = await calls.create(collection, { ...lookup, ...fields })
      log('info', `No ${collection} record in ${app} matched ${Object.keys(lookup).join(', ')}; created ${record.id}.`)
      return { id: record.id, record, created: true }
    }
  }
}

/** Sends a request to the connected app; fails with what the app said on a non-2xx answer. Output: the body. */
export async function runExternalRequest(
  prepared: PreparedExternalRequest,
  scope: object,
  calls: ConnectionCalls
): Promise<unknown> {
  const path = await prepared.path(scope)
  if (typeof path !== 'string' || !path)
    throw new HttpRequestError(`request.path must give a path such as "/contacts", got ${describe(path)}.`)
  const query = prepared.query ? await prepared.query(scope) : undefined
  const headers = prepared.headers ? await prepared.headers(scope) : undefined
  if (query !== undefined && !isPlainObject(query))
    throw new HttpRequestError(`request.query must give an object of name → value, got ${describe(query)}.`)
  if (headers !== undefined && !isPlainObject(headers))
    throw new HttpRequestError(`request.headers must give an object of name → value, got ${describe(headers)}.`)
  const request: AppRequest = {
    method: prepared.method,
    path: path.startsWith('/') ? path : `/${path}`,
    query: query as AppRequest['query'],
    headers: headers ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])) : undefined,
    body: prepared.body ? await prepared.body(scope) : undefined
  }
  const response = await calls.request(request)
  if (response.status >= 300) throw errorFromAppResponse(calls.appName, `${prepared.method} ${request.path}`, response)
  return response.body ?? null
}

/** The node's connection (the customer's connection to `integrationKey`, or the flow instance's), or a failure that says how to give it one. */
export function connectionCalls(
  execution: NodeExecution,
  limits: CallLimits,
  type: string,
  integrationKey?: string
): ConnectionCalls {
  const selector = integrationKey ?? execution.connectionId
  if (!selector) {
    throw new EngineError({
      type: 'configuration',
      message: `${type} works through a connection, and this flow instance has none: deploy the flow to a connection (GET /connections/{connection}/flows/{flow}?autoCreate=true), or set config.integrationKey to use the customer's connection to that integration.`
    })
  }
  return execution.services.connection(
    { selector, customer: execution.customer },
    { signal: execution.signal, log: (level, message, data) => execution.log(level, message, data), ...limits }
  )
}

/** The node's data source and field mapping calls, or a failure that says the engine offers none here. */
function elementsOf(execution: NodeExecution): FlowElementCalls {
  if (!execution.services.elements)
    throw new EngineError({
      type: 'configuration',
      message:
        'Data sources and field mappings are not available here; name the collection with dataSource.collectionKey.'
    })
  return execution.services.elements
}

/** The connection a node's data source and field mapping instances live on. */
function runConnection(execution: NodeExecution, integrationKey?: string): RunConnection {
  return { selector: integrationKey ?? execution.connectionId ?? '', customer: execution.customer }
}

const WRITES: ReadonlySet<RecordOperation> = new Set([
  'create-data-record',
  'update-data-record',
  'find-or-create-data-record'
])

/**
 * A record operation with the node's data source and field mapping resolved on the connection:
 * the collection of the customer's data source instance, and the fields exported through the
 * customer's field mapping instance.
 */
async function resolveElements(
  prepared: PreparedRecordOperation,
  execution: NodeExecution
): Promise<PreparedRecordOperation> {
  if (!prepared.dataSourceKey && !prepared.fieldMapping) return prepared
  const connection = runConnection(execution, prepared.integrationKey)
  const elements = elementsOf(execution)
  let resolved = prepared
  if (!prepared.collectionKey && prepared.dataSourceKey) {
    const collectionKey = await elements.collection(connection, prepared.dataSourceKey)
    resolved = { ...resolved, collectionKey }
  }
  if (prepared.fieldMapping && WRITES.has(prepared.type)) {
    const source = prepared.fieldMapping.input ?? prepared.fields
    const value = source ? await source(execution.scope) : undefined
    if (!isPlainObject(value))
      throw new HttpRequestError(
        `fieldMapping.input must give a record in your app's schema (an object), got ${describe(value)}; map it, e.g. {"$var": "input.trigger.fields"}.`
      )
    const fields = await elements.mapRecord(connection, prepared.fieldMapping.key, 'export', value)
    execution.log('info', `Mapped the record through field mapping "${prepared.fieldMapping.key}".`, { fields })
    resolved = { ...resolved, fields: async () => fields }
  }
  return resolved
}

/** The fields of a record as a mapping reads them (an app record's `fields`, or the record itself). */
function recordFields(record: unknown): Record<string, unknown> {
  if (!isPlainObject(record)) return {}
  return isPlainObject(record.fields) ? record.fields : record
}

function recordOperationNode(type: RecordOperation): FlowNodeHandler<PreparedRecordOperation> {
  return {
    spec: FLOW_NODE_TYPES[type],
    prepare: (config, path) => {
      if (collectionOf(config) === undefined && dataSourceKeyOf(config) === undefined)
        throw new NodeConfigError(
          `${path}.dataSource`,
          `${path}.dataSource needs collectionKey (a collection of the app) or key (a data source).`
        )
      return prepareRecordOperation(type, config, path)
    },
    async run(prepared, execution) {
      const calls = connectionCalls(execution, prepared.limits, type, prepared.integrationKey)
      const resolved = await resolveElements(prepared, execution)
      const output = await runRecordOperation(resolved, execution.scope, calls, execution.log.bind(execution))
      const found = (output as { record?: unknown }).record
      if (prepared.fieldMapping && type === 'find-data-record-by-id' && found) {
        const fields = await elementsOf(execution).mapRecord(
          runConnection(execution, prepared.integrationKey),
          prepared.fieldMapping.key,
          'import',
          recordFields(found)
        )
        return { output: { ...(output as object), fields } }
      }
      return { output }
    }
  }
}

/** Record operation nodes, by type. */
export const recordOperationNodes: ReadonlyArray<FlowNodeHandler<PreparedRecordOperation>> =
  RECORD_OPERATIONS.map(recordOperationNode)

/** `api-request-to-external-app`: the connected app's API through the connection; output is the response body. */
export const apiRequestToExternalAppNode: FlowNodeHandler<PreparedExternalRequest> = {
  spec: FLOW_NODE_TYPES['api-request-to-external-app'],
  prepare: (config, path) => prepareExternalRequest(config, path),
  async run(prepared, execution) {
    return {
      output: await runExternalRequest(
        prepared,
        execution.scope,
        connectionCalls(execution, prepared.limits, 'api-request-to-external-app', prepared.integrationKey)
      )
    }
  }
}

/** A compiled data-record trigger: its collection, the event it listens to, its filter. */
export interface PreparedRecordTrigger {
  collectionKey: string
  fieldMapping?: PreparedFieldMapping
  event: 'created' | 'updated' | 'deleted'
  filter?: Evaluator
}

function recordTriggerNode(event: PreparedRecordTrigger['event']): FlowNodeHandler<PreparedRecordTrigger> {
  return {
    spec: FLOW_NODE_TYPES[`data-record-${event}-trigger`],
    prepare: (config, path) => ({
      collectionKey: collectionOf(config) ?? '',
      fieldMapping: prepareFieldMapping(config, path),
      event,
      filter: config.filter === undefined ? undefined : compileExpression(config.filter, `${path}.filter`)
    }),
    checkInput(_prepared, input, root): ErrorDetail[] {
      return input === undefined || isPlainObject(input)
        ? []
        : [
            {
              path: root,
              message: `${root} must be an object such as {"record": {...}} (what the app's event carries).`
            }
          ]
    },
    async run(prepared, execution) {
      const input = (execution.runInput ?? {}) as Record<string, unknown>
      if (!prepared.fieldMapping || !isPlainObject(input.record)) return { output: input }
      const fields = await elementsOf(execution).mapRecord(
        runConnection(execution),
        prepared.fieldMapping.key,
        'import',
        recordFields(input.record)
      )
      return { output: { ...input, fields } }
    }
  }
}

/** Data-record triggers (created, updated, deleted). */
export const recordTriggerNodes: ReadonlyArray<FlowNodeHandler<PreparedRecordTrigger>> = (
  ['created', 'updated', 'deleted'] as const
).map(recordTriggerNode)

/** Whether a record event passes a trigger's filter (no filter passes everything). */
export async function recordEventPasses(
  prepared: PreparedRecordTrigger,
  input: unknown,
  user: unknown
): Promise<boolean> {
  if (!prepared.filter) return true
  return isTruthy(await prepared.filter({ ...(isPlainObject(input) ? input : {}), user }))
}
