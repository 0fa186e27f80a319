/**
 * Flow node types and action types this engine runs, each with a JSON Schema for its config.
 * The engine validates configs with these schemas on save; the console generates node forms
 * from them. Fields marked with {@link CONFIG_FIELD_KIND} get a special editor.
 *
 * Mapping values are plain JSON in which two formula objects are evaluated:
 * `{"$var": "input.trigger.email"}` (a path) and `{"$jsonata": "input.trigger.total * 1.2"}`.
 * Expressions (filters, for-each items) are JSONata strings. Formulas see `input` (outputs of the
 * nodes before this one, by node key), `flowInstance`, `parameters`, `user` (the customer) and,
 * after a node that failed with `onError: continue`, `error`.
 */

/** Schema keyword that tells the console which editor a config field needs. */
export const CONFIG_FIELD_KIND = 'x-workbench'

/** Editors a config field can ask for. */
export type ConfigFieldKind =
  | 'mapping'
  | 'expression'
  | 'javascript'
  | 'json-schema'
  | 'node-key'
  | 'cron'
  | 'timezone'
  | 'action-selector'
  | 'data-source'

/** A JSON Schema, as plain data. */
export type JsonSchema = Record<string, unknown>

/** What the console and the validator know about a node type. */
export interface FlowNodeTypeSpec {
  type: string
  name: string
  description: string
  isTrigger: boolean
  /** The node works on the flow instance's connection (deploy the flow to a connection to run it). */
  needsConnection?: boolean
  /** Schema of `node.config`. */
  configSchema: JsonSchema
}

const mapping = (description: string): JsonSchema => ({ description, [CONFIG_FIELD_KIND]: 'mapping' })
const expression = (description: string): JsonSchema => ({
  type: ['string', 'object'],
  description,
  [CONFIG_FIELD_KIND]: 'expression'
})
const jsonSchemaField = (description: string): JsonSchema => ({
  type: 'object',
  description,
  [CONFIG_FIELD_KIND]: 'json-schema'
})

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/** The request part shared by the HTTP-calling node and action types. */
function requestSchema(uriDescription: string): JsonSchema {
  return {
    type: 'object',
    required: ['uri'],
    additionalProperties: false,
    properties: {
      uri: mapping(uriDescription),
      method: { type: 'string', enum: HTTP_METHODS, default: 'GET', description: 'HTTP method.' },
      headers: mapping('Request headers: an object of header name → value (mapping).'),
      query: mapping('Query parameters: an object of name → value (mapping).'),
      body: mapping('Request body (mapping); objects and arrays are sent as JSON.')
    }
  }
}

const TIMEOUT_MS: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 300_000,
  default: 30_000,
  description: 'Give up after this many milliseconds.'
}
const JS_LIMITS = {
  timeLimitMs: {
    type: 'integer',
    minimum: 10,
    maximum: 60_000,
    default: 5000,
    description: 'Stop the code after this many milliseconds of running.'
  },
  memoryLimitMb: {
    type: 'integer',
    minimum: 1,
    maximum: 512,
    default: 64,
    description: 'Stop the code when it uses more memory than this.'
  }
}
const JS_CODE: JsonSchema = {
  type: 'string',
  minLength: 1,
  [CONFIG_FIELD_KIND]: 'javascript',
  description:
    'An ES module whose default export is a (possibly async) function. It gets one argument ' +
    '{input, flowInstance, parameters, user} and returns the output. It runs in a QuickJS sandbox: no process, require, network or timers; console.* goes to the node logs.'
}

const DATA_SOURCE: JsonSchema = {
  type: 'object',
  required: ['collectionKey'],
  additionalProperties: false,
  [CONFIG_FIELD_KIND]: 'data-source',
  description: "The collection of the connection's app to work on.",
  properties: {
    collectionKey: {
      type: 'string',
      minLength: 1,
      description: 'Key of the collection, e.g. "contacts" (GET /connections/{c}/data lists them).'
    }
  }
}
/** A node's data source: a collection key, or a data source whose instance on the connection picks the collection. */
const NODE_DATA_SOURCE: JsonSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  [CONFIG_FIELD_KIND]: 'data-source',
  description:
    "The collection of the connection's app to work on: a collection key, or the key of a data source (whose instance on the connection says which collection).",
  properties: {
    collectionKey: {
      type: 'string',
      minLength: 1,
      description: 'Key of the collection, e.g. "contacts" (GET /connections/{c}/data lists them).'
    },
    key: {
      type: 'string',
      minLength: 1,
      description:
        "Key of a data source (GET /data-sources): the customer's data source instance on the connection picks the collection."
    }
  }
}
/** A field mapping the node applies: records are imported into your app's schema, or `input` exported from it. */
const FIELD_MAPPING: JsonSchema = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  description:
    "A field mapping (GET /field-mappings) applied through the customer's instance on the connection, customisations included.",
  properties: {
    key: { type: 'string', minLength: 1, description: 'Key of the field mapping.' },
    input: mapping(
      'The record in your app\'s schema to export through the mapping (mapping), e.g. {"$var": "input.trigger.fields"}; defaults to fields.'
    )
  }
}
const CONNECTION_LIMITS = {
  timeoutMs: {
    type: 'integer',
    minimum: 1,
    maximum: 300_000,
    default: 60_000,
    description: 'Give up after this many milliseconds, waits for rate limits included.'
  },
  rateLimitRetries: {
    type: 'integer',
    minimum: 0,
    maximum: 10,
    default: 3,
    description:
      'When the app answers 429 (rate limited), wait as long as its Retry-After says and try again, at most this many times (within timeoutMs).'
  }
}
/** Lets a node work through another of the customer's connections than the flow instance's. */
const OTHER_CONNECTION = {
  integrationKey: {
    type: 'string',
    minLength: 1,
    description:
      "Work through the customer's connection to this integration instead of the flow instance's own (e.g. create a helpdesk ticket in a CRM flow). Flows without a connection can use it too."
  }
}
const RECORD_EVENT_FILTER = expression(
  'JSONata condition over the event {event, collectionKey, recordId, record, user}, e.g. "record.lifecycleStage = \'lead\'"; the flow starts only when it is truthy.'
)

/** A data-record trigger: which collection, and an optional filter. */
function recordTrigger(event: 'created' | 'updated' | 'deleted'): FlowNodeTypeSpec {
  const Event = event[0].toUpperCase() + event.slice(1)
  return {
    type: `data-record-${event}-trigger`,
    name: `Data Record ${Event}`,
    description:
      `Starts the flow when a record of the collection is ${event} in the connected app (the app's signed webhook, subscribed when the instance is deployed). ` +
      `Its output is {event, collectionKey, recordId, record${event === 'deleted' ? ' (null)' : ''}, occurredAt}, and with a fieldMapping the record imported into your app's schema as fields.`,
    isTrigger: true,
    needsConnection: true,
    configSchema: {
      type: 'object',
      required: ['dataSource'],
      additionalProperties: false,
      properties: { dataSource: NODE_DATA_SOURCE, fieldMapping: FIELD_MAPPING, filter: RECORD_EVENT_FILTER }
    }
  }
}

/** A record operation on the connection's app: its schema properties beside `dataSource` and the limits. */
function recordOperation(
  type: string,
  name: string,
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[]
): FlowNodeTypeSpec {
  return {
    type,
    name,
    description,
    isTrigger: false,
    needsConnection: true,
    configSchema: {
      type: 'object',
      required: ['dataSource', ...required],
      additionalProperties: false,
      properties: {
        dataSource: NODE_DATA_SOURCE,
        fieldMapping: FIELD_MAPPING,
        ...properties,
        ...OTHER_CONNECTION,
        ...CONNECTION_LIMITS
      }
    }
  }
}

/** The request part of `api-request-to-external-app`: a path relative to the app's API. */
const EXTERNAL_REQUEST: JsonSchema = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: {
    path: mapping('Path relative to the app\'s API base, e.g. "/contacts" (mapping).'),
    method: { type: 'string', enum: HTTP_METHODS, default: 'GET', description: 'HTTP method.' },
    headers: mapping('Extra request headers (mapping); the connection adds its credentials.'),
    query: mapping('Query parameters: an object of name → value (mapping).'),
    body: mapping('Request body (mapping); objects and arrays are sent as JSON.')
  }
}

const RECORD_ID = (what: string): JsonSchema =>
  mapping(`Id of the record ${what} (mapping), e.g. {"$var": "input.trigger.recordId"}.`)
const RECORD_FIELDS = (what: string): JsonSchema =>
  mapping(
    `Field values ${what} (mapping): an object of field → value, e.g. {"subject": {"$var": "input.trigger.record.email"}}.`
  )
const LIST_LIMIT: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  description: 'Records per page (the app caps it).'
}

/** Connection-bound node types (records and requests through the flow instance's connection). */
const CONNECTION_NODE_SPECS: FlowNodeTypeSpec[] = [
  recordTrigger('created'),
  recordTrigger('updated'),
  recordTrigger('deleted'),
  recordOperation(
    'list-data-records',
    'List Data Records',
    'Reads one page of records of the collection, optionally only those whose fields equal the filter. Its output is {records, cursor} (no cursor on the last page).',
    {
      filter: mapping('Field → value pairs the records must equal (mapping).'),
      cursor: mapping('Where to continue: the cursor of the previous page (mapping).'),
      limit: LIST_LIMIT
    },
    []
  ),
  recordOperation(
    'search-data-records',
    'Search Data Records',
    'Finds records whose fields contain the query text. Its output is {records, cursor}.',
    { query: mapping('The text to look for (mapping).'), limit: LIST_LIMIT },
    ['query']
  ),
  recordOperation(
    'find-data-record-by-id',
    'Find Data Record by ID',
    'Reads one record by its id. Its output is {record}; when failIfNotFound is false, a missing record gives {record: null}.',
    {
      id: RECORD_ID('to read'),
      failIfNotFound: { type: 'boolean', default: true, description: 'Fail the node when the app has no such record.' }
    },
    ['id']
  ),
  recordOperation(
    'create-data-record',
    'Create Data Record',
    'Creates a record in the collection. Its output is {id, record}.',
    { fields: RECORD_FIELDS('of the new record') },
    ['fields']
  ),
  recordOperation(
    'update-data-record',
    'Update Data Record',
    'Changes the named fields of a record. Its output is {id, record} (the record after the change).',
    { id: RECORD_ID('to change'), fields: RECORD_FIELDS('to set') },
    ['id', 'fields']
  ),
  recordOperation(
    'delete-data-record',
    'Delete Data Record',
    'Deletes a record. Its output is {id}.',
    { id: RECORD_ID('to delete') },
    ['id']
  ),
  recordOperation(
    'find-or-create-data-record',
    'Find or Create Data Record',
    'Looks for a record whose fields equal lookup; creates one from fields when there is none. Its output is {id, record, created}.',
    {
      lookup: mapping(
        'Field → value pairs that identify the record (mapping), e.g. {"email": {"$var": "input.trigger.email"}}.'
      ),
      fields: RECORD_FIELDS('of the record to create when none is found')
    },
    ['lookup', 'fields']
  ),
  {
    type: 'api-request-to-external-app',
    name: 'API Request to External App',
    description:
      "Calls the connected app's API through the flow instance's connection (its credentials, refreshed as needed). Fails on a non-2xx answer. Its output is the response body.",
    isTrigger: false,
    needsConnection: true,
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: { request: EXTERNAL_REQUEST, ...OTHER_CONNECTION, ...CONNECTION_LIMITS }
    }
  }
]

const DATA_LINK_TABLE_KEY: JsonSchema = {
  type: 'string',
  minLength: 1,
  description: 'Key of the data link table (GET /data-link-tables); each connection keeps its own links in it.'
}
const LINK_DIRECTION: JsonSchema = {
  type: 'string',
  enum: ['import', 'export', 'both'],
  description:
    'Which way the records were linked: import (from the external app), export (to it) or both (default: both; a find or delete with a direction also matches links made both ways).'
}
const LINK_RECORD_ID = (side: string): JsonSchema =>
  mapping(`Id of the record in ${side} (mapping), e.g. {"$var": "input.trigger.recordId"}.`)

/** A data link node: a table, the record ids (mappings) and a direction, on the flow instance's connection. */
function dataLinkNode(type: string, name: string, description: string, required: string[]): FlowNodeTypeSpec {
  return {
    type,
    name,
    description,
    isTrigger: false,
    needsConnection: true,
    configSchema: {
      type: 'object',
      required: ['dataLinkTableKey', ...required],
      additionalProperties: false,
      properties: {
        dataLinkTableKey: DATA_LINK_TABLE_KEY,
        appRecordId: LINK_RECORD_ID('your app'),
        externalRecordId: LINK_RECORD_ID('the external app'),
        direction: LINK_DIRECTION,
        ...OTHER_CONNECTION
      }
    }
  }
}

/** The nodes that keep record-id links between your app and the external app (what a two-way sync needs). */
const DATA_LINK_NODE_SPECS: FlowNodeTypeSpec[] = [
  dataLinkNode(
    'create-data-link',
    'Create Data Link',
    "Links a record of your app to a record of the external app in the connection's data link table (again for the same pair changes nothing). Its output is {appRecordId, externalRecordId, direction}.",
    ['appRecordId', 'externalRecordId']
  ),
  dataLinkNode(
    'find-data-link',
    'Find Data Link',
    'Looks up the link of a record by its id in your app (appRecordId) or in the external app (externalRecordId). Its output is {found: true, appRecordId, externalRecordId, direction}, or {found: false} when the record is not linked.',
    []
  ),
  dataLinkNode(
    'delete-data-link',
    'Delete Data Link',
    'Removes the links of a record (by appRecordId, externalRecordId or both). Its output is {deleted} (how many links were removed).',
    []
  )
]

/** Every node type the runner can execute, by type key. */
export const FLOW_NODE_TYPES: Readonly<Record<string, FlowNodeTypeSpec>> = {
  'api-trigger': {
    type: 'api-trigger',
    name: 'API Trigger',
    description: 'Starts the flow when your app calls POST /flow-runs (or the SDK run()). Its output is the run input.',
    isTrigger: true,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        inputSchema: jsonSchemaField(
          'JSON Schema the run input must satisfy; a run with other input is refused with a 400 naming the field.'
        )
      }
    }
  },
  'manual-trigger': {
    type: 'manual-trigger',
    name: 'Manual Trigger',
    description:
      'Starts the flow only when someone runs it by hand (console Run button or POST /flow-runs). Its output is the given input, or defaultInput.',
    isTrigger: true,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        inputSchema: jsonSchemaField('JSON Schema the run input must satisfy.'),
        defaultInput: { description: 'Input used when a run is started without one.' }
      }
    }
  },
  'schedule-trigger': {
    type: 'schedule-trigger',
    name: 'Schedule Trigger',
    description:
      'Starts the flow on a schedule while the instance is enabled: every N minutes or on a cron pattern. Its output is {scheduledAt, firedAt}.',
    isTrigger: true,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        intervalMinutes: {
          type: 'integer',
          minimum: 1,
          maximum: 525_600,
          description: 'Run every this many minutes (counted from when the instance is enabled). Give this or cron.'
        },
        cron: {
          type: 'string',
          minLength: 1,
          [CONFIG_FIELD_KIND]: 'cron',
          description: 'Cron pattern (5 fields, or 6 with seconds), e.g. "0 9 * * 1-5". Give this or intervalMinutes.'
        },
        timezone: {
          type: 'string',
          minLength: 1,
          [CONFIG_FIELD_KIND]: 'timezone',
          description:
            "IANA time zone of the cron pattern, e.g. 'Europe/Berlin' or 'UTC' (default: this computer's time zone)."
        }
      }
    }
  },
  'app-event-trigger': {
    type: 'app-event-trigger',
    name: 'App Event Trigger',
    description:
      'Starts the flow when your app posts an event with this key to POST /app-events/{appEventKey}. Its output is the event payload.',
    isTrigger: true,
    configSchema: {
      type: 'object',
      required: ['appEventKey'],
      additionalProperties: false,
      properties: {
        appEventKey: {
          type: 'string',
          minLength: 1,
          pattern: '^[A-Za-z0-9_.:-]+$',
          description: 'The event key your app posts (letters, digits, "_", ".", ":" and "-").'
        },
        filter: expression('JSONata expression over {payload, user}; the flow starts only when it is truthy.')
      }
    }
  },
  'transform-data': {
    type: 'transform-data',
    name: 'Transform Data',
    description: 'Builds a new value from the data so far. Its output is the evaluated mapping.',
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['output'],
      additionalProperties: false,
      properties: {
        output: mapping('The value to produce: JSON with {"$var": path} and {"$jsonata": expression} formulas.')
      }
    }
  },
  filter: {
    type: 'filter',
    name: 'Filter',
    description:
      'Lets the data through only when the condition is truthy; otherwise this branch ends here. Its output is the output of the node before it.',
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['filter'],
      additionalProperties: false,
      properties: { filter: expression('JSONata condition, e.g. "input.trigger.amount > 100".') }
    }
  },
  'for-each-v2': {
    type: 'for-each-v2',
    name: 'For Each',
    description:
      'Runs the sub-flow that starts at rootNodeKey once per item (node concurrency = items in parallel). Inside, input.<this node>.item and .index name the current item. Its output is the list of sub-flow results; its own links continue after the loop.',
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['items', 'rootNodeKey'],
      additionalProperties: false,
      properties: {
        items: expression(
          'JSONata expression (or formula) that gives the array to iterate, e.g. "input.trigger.contacts".'
        ),
        rootNodeKey: {
          type: 'string',
          minLength: 1,
          [CONFIG_FIELD_KIND]: 'node-key',
          description: 'Key of the first node of the sub-flow run for each item.'
        }
      }
    }
  },
  'custom-http-request': {
    type: 'custom-http-request',
    name: 'HTTP Request',
    description: 'Sends an HTTP request to any URL. Its output is {status, headers, data}.',
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: {
        request: requestSchema('Absolute http(s) URL (mapping).'),
        timeoutMs: TIMEOUT_MS,
        failOnErrorStatus: { type: 'boolean', default: true, description: 'Fail the node when the answer is not 2xx.' }
      }
    }
  },
  'api-request-to-your-app': {
    type: 'api-request-to-your-app',
    name: 'API Request to Your App',
    description:
      "Calls your app's API: a relative uri is joined to the workspace apiBaseUri. The request carries X-Integration-App-Token, a token for this customer signed with the workspace secret. Its output is the response body.",
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: {
        request: requestSchema(
          'Path relative to the workspace apiBaseUri (e.g. "/contacts"), or an absolute URL (mapping).'
        ),
        timeoutMs: TIMEOUT_MS
      }
    }
  },
  'run-javascript': {
    type: 'run-javascript',
    name: 'Run JavaScript',
    description:
      'Runs your code in a sandbox with time and memory limits. Its output is what the default export returns.',
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['code'],
      additionalProperties: false,
      properties: { code: JS_CODE, ...JS_LIMITS }
    }
  },
  'run-action': {
    type: 'run-action',
    name: 'Run Action',
    description:
      "Runs an action template with the mapped input. An action that needs a connection runs on the flow instance's connection, with the customer's action instance there when there is one. Its output is the action's output.",
    isTrigger: false,
    configSchema: {
      type: 'object',
      required: ['action'],
      additionalProperties: false,
      properties: {
        action: {
          type: 'object',
          [CONFIG_FIELD_KIND]: 'action-selector',
          description: 'The action to run, by key or id.',
          additionalProperties: false,
          minProperties: 1,
          properties: { key: { type: 'string', minLength: 1 }, id: { type: 'string', minLength: 1 } }
        },
        input: mapping('The action input (mapping).'),
        ...OTHER_CONNECTION
      }
    }
  },
  ...Object.fromEntries(CONNECTION_NODE_SPECS.map((spec) => [spec.type, spec])),
  ...Object.fromEntries(DATA_LINK_NODE_SPECS.map((spec) => [spec.type, spec]))
}

/** Older node type names the SDK still knows, and the type each one runs as. */
export const FLOW_NODE_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'http-request': 'api-request-to-your-app',
  'api-request': 'custom-http-request',
  'custom-api-request': 'api-request-to-external-app',
  'find-data-records': 'search-data-records'
}

/** Membrane node types this engine does not run (connector events, connector operations). */
export const UNSUPPORTED_NODE_TYPES: readonly string[] = [
  'connector-event-trigger',
  'lookup-data-record',
  'integration-specific-operation'
]

/** What the console and the validator know about an action type. */
export interface ActionTypeSpec {
  type: string
  name: string
  description: string
  /** The action runs through a connection: run it on a connection or through an action instance. */
  needsConnection?: boolean
  configSchema: JsonSchema
}

/** A record operation as an action: each mapping is optional and defaults to a part of the run input. */
function recordAction(
  type: string,
  name: string,
  description: string,
  properties: Record<string, JsonSchema>
): ActionTypeSpec {
  return {
    type,
    name,
    description,
    needsConnection: true,
    configSchema: {
      type: 'object',
      required: ['dataSource'],
      additionalProperties: false,
      properties: { dataSource: DATA_SOURCE, ...properties, ...CONNECTION_LIMITS }
    }
  }
}

const ACTION_ID = mapping('Id of the record (mapping over {input, user}); default: input.id.')

/** Connection-bound action types. */
const CONNECTION_ACTION_SPECS: ActionTypeSpec[] = [
  recordAction('list-data-records', 'List Data Records', 'One page of records. Output: {records, cursor}.', {
    filter: mapping('Field → value pairs to match (mapping over {input, user}); default: input.filter.'),
    cursor: mapping('Cursor of the page to read (mapping); default: input.cursor.'),
    limit: LIST_LIMIT
  }),
  recordAction(
    'search-data-records',
    'Search Data Records',
    'Records whose fields contain the query. Output: {records, cursor}.',
    {
      query: mapping('The text to look for (mapping over {input, user}); default: input.query.'),
      limit: LIST_LIMIT
    }
  ),
  recordAction('find-data-record-by-id', 'Find Data Record by ID', 'One record. Output: {record}.', {
    id: ACTION_ID,
    failIfNotFound: {
      type: 'boolean',
      default: true,
      description: 'Fail when the app has no such record (otherwise output {record: null}).'
    }
  }),
  recordAction('create-data-record', 'Create Data Record', 'Creates a record. Output: {id, record}.', {
    fields: mapping('Field values of the new record (mapping over {input, user}); default: the whole input.')
  }),
  recordAction('update-data-record', 'Update Data Record', 'Changes fields of a record. Output: {id, record}.', {
    id: ACTION_ID,
    fields: mapping('Field values to set (mapping over {input, user}); default: input.fields.')
  }),
  recordAction('delete-data-record', 'Delete Data Record', 'Deletes a record. Output: {id}.', { id: ACTION_ID }),
  recordAction(
    'find-or-create-data-record',
    'Find or Create Data Record',
    'Finds a record by field values or creates it. Output: {id, record, created}.',
    {
      lookup: mapping('Field → value pairs that identify the record (mapping); default: input.lookup.'),
      fields: mapping('Field values of the record to create (mapping); default: input.fields.')
    }
  ),
  {
    type: 'api-request-to-external-app',
    name: 'API Request to External App',
    description: "Calls the connected app's API through the connection. Output: the response body.",
    needsConnection: true,
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: { request: EXTERNAL_REQUEST, ...CONNECTION_LIMITS }
    }
  }
]

/** Every action type this engine runs, by type key. */
export const ACTION_TYPES: Readonly<Record<string, ActionTypeSpec>> = {
  'run-javascript': {
    type: 'run-javascript',
    name: 'Run JavaScript',
    description: 'Runs your code in a sandbox. The default export gets {input, user} and returns the output.',
    configSchema: {
      type: 'object',
      required: ['code'],
      additionalProperties: false,
      properties: { code: JS_CODE, ...JS_LIMITS }
    }
  },
  'api-request-to-your-app': {
    type: 'api-request-to-your-app',
    name: 'API Request to Your App',
    description:
      "Calls your app's API (relative uri joined to the workspace apiBaseUri), signed with X-Integration-App-Token. Output: the response body.",
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: {
        request: requestSchema(
          'Path relative to the workspace apiBaseUri, or an absolute URL (mapping over {input, user}).'
        ),
        timeoutMs: TIMEOUT_MS
      }
    }
  },
  'http-request': {
    type: 'http-request',
    name: 'HTTP Request',
    description: 'Sends an HTTP request to any URL. Output: {status, headers, data}.',
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: {
        request: requestSchema('Absolute http(s) URL (mapping over {input, user}).'),
        timeoutMs: TIMEOUT_MS,
        failOnErrorStatus: {
          type: 'boolean',
          default: true,
          description: 'Fail the action when the answer is not 2xx.'
        }
      }
    }
  },
  ...Object.fromEntries(CONNECTION_ACTION_SPECS.map((spec) => [spec.type, spec]))
}

/** Older action type names, and the type each one runs as. */
export const ACTION_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'search-data-record': 'search-data-records',
  'api-request': 'http-request'
}

/** Membrane action types this engine does not run. */
export const UNSUPPORTED_ACTION_TYPES: readonly string[] = ['match-data-record', 'connector-operation']
