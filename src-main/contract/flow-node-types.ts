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
export type ConfigFieldKind = 'mapping' | 'expression' | 'javascript' | 'json-schema' | 'node-key' | 'cron' | 'timezone' | 'action-selector'

/** A JSON Schema, as plain data. */
export type JsonSchema = Record<string, unknown>

/** What the console and the validator know about a node type. */
export interface FlowNodeTypeSpec {
  type: string
  name: string
  description: string
  isTrigger: boolean
  /** Schema of `node.config`. */
  configSchema: JsonSchema
}

const mapping = (description: string): JsonSchema => ({ description, [CONFIG_FIELD_KIND]: 'mapping' })
const expression = (description: string): JsonSchema => ({ type: ['string', 'object'], description, [CONFIG_FIELD_KIND]: 'expression' })
const jsonSchemaField = (description: string): JsonSchema => ({ type: 'object', description, [CONFIG_FIELD_KIND]: 'json-schema' })

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

const TIMEOUT_MS: JsonSchema = { type: 'integer', minimum: 1, maximum: 300_000, default: 30_000, description: 'Give up after this many milliseconds.' }
const JS_LIMITS = {
  timeLimitMs: { type: 'integer', minimum: 10, maximum: 60_000, default: 5000, description: 'Stop the code after this many milliseconds of running.' },
  memoryLimitMb: { type: 'integer', minimum: 1, maximum: 512, default: 64, description: 'Stop the code when it uses more memory than this.' }
}
const JS_CODE: JsonSchema = {
  type: 'string',
  minLength: 1,
  [CONFIG_FIELD_KIND]: 'javascript',
  description:
    'An ES module whose default export is a (possibly async) function. It gets one argument ' +
    '{input, flowInstance, parameters, user} and returns the output. It runs in a QuickJS sandbox: no process, require, network or timers; console.* goes to the node logs.'
}

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
      properties: { inputSchema: jsonSchemaField('JSON Schema the run input must satisfy; a run with other input is refused with a 400 naming the field.') }
    }
  },
  'manual-trigger': {
    type: 'manual-trigger',
    name: 'Manual Trigger',
    description: 'Starts the flow only when someone runs it by hand (console Run button or POST /flow-runs). Its output is the given input, or defaultInput.',
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
    description: 'Starts the flow on a schedule while the instance is enabled: every N minutes or on a cron pattern. Its output is {scheduledAt, firedAt}.',
    isTrigger: true,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        intervalMinutes: { type: 'integer', minimum: 1, maximum: 525_600, description: 'Run every this many minutes (counted from when the instance is enabled). Give this or cron.' },
        cron: { type: 'string', minLength: 1, [CONFIG_FIELD_KIND]: 'cron', description: 'Cron pattern (5 fields, or 6 with seconds), e.g. "0 9 * * 1-5". Give this or intervalMinutes.' },
        timezone: { type: 'string', minLength: 1, [CONFIG_FIELD_KIND]: 'timezone', description: "IANA time zone of the cron pattern, e.g. 'Europe/Berlin' or 'UTC' (default: this computer's time zone)." }
      }
    }
  },
  'app-event-trigger': {
    type: 'app-event-trigger',
    name: 'App Event Trigger',
    description: 'Starts the flow when your app posts an event with this key to POST /app-events/{appEventKey}. Its output is the event payload.',
    isTrigger: true,
    configSchema: {
      type: 'object',
      required: ['appEventKey'],
      additionalProperties: false,
      properties: {
        appEventKey: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9_.:-]+$', description: 'The event key your app posts (letters, digits, "_", ".", ":" and "-").' },
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
      properties: { output: mapping('The value to produce: JSON with {"$var": path} and {"$jsonata": expression} formulas.') }
    }
  },
  filter: {
    type: 'filter',
    name: 'Filter',
    description: 'Lets the data through only when the condition is truthy; otherwise this branch ends here. Its output is the output of the node before it.',
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
        items: expression('JSONata expression (or formula) that gives the array to iterate, e.g. "input.trigger.contacts".'),
        rootNodeKey: { type: 'string', minLength: 1, [CONFIG_FIELD_KIND]: 'node-key', description: 'Key of the first node of the sub-flow run for each item.' }
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
        request: requestSchema('Path relative to the workspace apiBaseUri (e.g. "/contacts"), or an absolute URL (mapping).'),
        timeoutMs: TIMEOUT_MS
      }
    }
  },
  'run-javascript': {
    type: 'run-javascript',
    name: 'Run JavaScript',
    description: 'Runs your code in a sandbox with time and memory limits. Its output is what the default export returns.',
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
    description: "Runs an action template (one that needs no connection) with the mapped input. Its output is the action's output.",
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
        input: mapping('The action input (mapping).')
      }
    }
  }
}

/** Older node type names the SDK still knows, and the type each one runs as. */
export const FLOW_NODE_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'http-request': 'api-request-to-your-app',
  'api-request': 'custom-http-request'
}

/** Membrane node types that need a connection to an external app; they arrive with connections. */
export const CONNECTION_NODE_TYPES: readonly string[] = [
  'data-record-created-trigger',
  'data-record-updated-trigger',
  'data-record-deleted-trigger',
  'connector-event-trigger',
  'list-data-records',
  'search-data-records',
  'find-data-record-by-id',
  'lookup-data-record',
  'find-or-create-data-record',
  'create-data-record',
  'update-data-record',
  'delete-data-record',
  'create-data-link',
  'find-data-link',
  'delete-data-link',
  'api-request-to-external-app',
  'custom-api-request',
  'integration-specific-operation',
  'find-data-records'
]

/** What the console and the validator know about an action type. */
export interface ActionTypeSpec {
  type: string
  name: string
  description: string
  configSchema: JsonSchema
}

/** Every action type this engine runs, by type key. */
export const ACTION_TYPES: Readonly<Record<string, ActionTypeSpec>> = {
  'run-javascript': {
    type: 'run-javascript',
    name: 'Run JavaScript',
    description: 'Runs your code in a sandbox. The default export gets {input, user} and returns the output.',
    configSchema: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: JS_CODE, ...JS_LIMITS } }
  },
  'api-request-to-your-app': {
    type: 'api-request-to-your-app',
    name: 'API Request to Your App',
    description: "Calls your app's API (relative uri joined to the workspace apiBaseUri), signed with X-Integration-App-Token. Output: the response body.",
    configSchema: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: { request: requestSchema('Path relative to the workspace apiBaseUri, or an absolute URL (mapping over {input, user}).'), timeoutMs: TIMEOUT_MS }
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
        failOnErrorStatus: { type: 'boolean', default: true, description: 'Fail the action when the answer is not 2xx.' }
      }
    }
  }
}

/** Membrane action types that need a connection; they arrive with connections. */
export const CONNECTION_ACTION_TYPES: readonly string[] = [
  'list-data-records',
  'find-data-record-by-id',
  'match-data-record',
  'create-data-record',
  'find-or-create-data-record',
  'update-data-record',
  'delete-data-record',
  'search-data-record',
  'connector-operation',
  'api-request-to-external-app',
  'api-request'
]
