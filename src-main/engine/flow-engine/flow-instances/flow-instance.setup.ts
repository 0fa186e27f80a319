import type { FlowInstanceState } from '../../../contract/flow-instances'
import type { ElementError, FlowNode, FlowNodes } from '../../../contract/flows'
import type { Actor } from '../../auth/actor'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import type { BoundConnection, ConnectionDataService } from '../../connections/connection-data.service'
import type { ConnectionService } from '../../connections/connection.service'
import type { ConnectionView } from '../../connections/connection.view'
import type { CustomerService } from '../../customers/customer.service'
import { collectionOf } from '../flow-nodes/connection-nodes'
import { nodeHandler } from '../flow-nodes/node-registry'
import type { RecordEvent, RecordTriggerService, WantedTrigger } from '../record-triggers/record-trigger.service'
import type { FlowInstanceRow } from './flow-instance.repository'
import type { FlowElementCallService } from '../flow-elements/flow-element-calls'

/** Subscribes a customer to the app event types its deployed triggers listen to (setup errors for failed subscribe requests). */
export interface AppEventSubscriber {
  ensureForTriggers(customerId: string, eventKeys: string[]): Promise<ElementError[]>
}

/** The event keys of a graph's app-event triggers (deploying subscribes the customer to them). */
export function appEventKeysOf(nodes: FlowNodes): string[] {
  return Object.values(nodes)
    .filter((node) => node.type === 'app-event-trigger' && typeof node.config?.appEventKey === 'string')
    .map((node) => node.config!.appEventKey as string)
}

/** What a setup found: the state to show, its errors, and the JSON of what it fetched. */
export interface SetupOutcome {
  state: FlowInstanceState
  errors: ElementError[]
  /** `{connectionId, fieldSchemas}` or null for instances without a connection. */
  setup: FlowInstanceRow['setup']
}

const TRIGGER_EVENT: Record<string, RecordEvent> = {
  'data-record-created-trigger': 'created',
  'data-record-updated-trigger': 'updated',
  'data-record-deleted-trigger': 'deleted'
}

/** Config parts of record nodes whose literal keys must be fields of the collection. */
const FIELD_PARTS: Record<string, string[]> = {
  'create-data-record': ['fields'],
  'update-data-record': ['fields'],
  'find-or-create-data-record': ['fields', 'lookup'],
  'list-data-records': ['filter']
}

/** The integration whose connection a node uses instead of the instance's (`config.integrationKey`). */
function otherIntegration(node: FlowNode): string | undefined {
  const key = node.config?.integrationKey
  return typeof key === 'string' && key ? key : undefined
}

/** The nodes that need the instance's own connection (those without `config.integrationKey`). */
export function ownConnectionNodes(nodes: FlowNodes): Array<[string, FlowNode, string]> {
  return connectionNodes(nodes).filter(([, node]) => otherIntegration(node) === undefined)
}

/** The nodes of a graph that work through a connection, with their registered type. */
export function connectionNodes(nodes: FlowNodes): Array<[string, FlowNode, string]> {
  const out: Array<[string, FlowNode, string]> = []
  for (const [key, node] of Object.entries(nodes)) {
    const spec = nodeHandler(node.type)?.spec
    if (spec?.needsConnection) out.push([key, node, spec.type])
  }
  return out
}

function setupError(message: string, data?: Record<string, unknown>): ElementError {
  return data ? { type: 'flow_instance_setup', message, data } : { type: 'flow_instance_setup', message }
}

/**
 * Deploying a flow instance to its connection, the real work: checks the connection, fetches
 * the field schemas of the collections the nodes use (as the connection's account has them,
 * custom fields included), checks mapped field names against them, and subscribes the
 * data-record triggers to the app's webhooks while the instance is enabled (unsubscribes them
 * otherwise). Problems do not throw: they become the instance's `SETUP_FAILED` errors.
 */
export class FlowInstanceSetup {
  constructor(
    private readonly connections: Pick<ConnectionService, 'byId'>,
    private readonly data: ConnectionDataService,
    private readonly customers: CustomerService,
    private readonly triggers: RecordTriggerService,
    /** Sets up the data source and field mapping instances nodes name. */
    private readonly elements?: Pick<FlowElementCallService, 'setupNode'>,
    private readonly appEvents?: AppEventSubscriber
  ) {}

  /** Sets the instance up as its row says now; `force` subscribes the triggers anew. */
  async apply(row: FlowInstanceRow, options: { force?: boolean } = {}): Promise<SetupOutcome> {
    const nodes = fromJsonColumn(row.nodes, {})
    const bound = connectionNodes(nodes)
    const own = bound.filter(([, node]) => otherIntegration(node) === undefined)
    const customer = this.customerOf(row.customer_id)
    const errors: ElementError[] = []
    if (row.archived_at) {
      await this.triggers.removeAll(row.id, customer)
      return { state: 'READY', errors, setup: row.setup }
    }
    let connection: ConnectionView | undefined
    if (!row.connection_id) {
      await this.triggers.removeAll(row.id, customer)
      if (own.length) errors.push(needsConnection(own))
    } else {
      const found = this.connections.byId(row.connection_id)
      if (!found || found.customer_id !== row.customer_id) {
        errors.push(
          setupError(
            `Connection ${row.connection_id} of this instance no longer exists; deploy the flow to another connection.`
          )
        )
        await this.triggers.removeAll(row.id, customer)
      } else if (found.archived_at) {
        await this.triggers.removeAll(row.id, customer)
        errors.push(
          setupError(
            `Connection ${found.id} to ${found.integration_name} was archived; deploy the flow to a live connection (connect again first).`,
            { connectionId: found.id }
          )
        )
      } else if (found.status === 'disconnected') {
        const reason = found.error ? fromJsonColumn(found.error).message : 'its credentials stopped working'
        errors.push(
          setupError(
            `Connection ${found.id} to ${found.integration_name} is disconnected (${reason}). Reconnect it; setup runs again by itself (or POST /flow-instances/${row.id}/setup).`,
            {
              connectionId: found.id
            }
          )
        )
      } else connection = found
    }
    const actor: Actor = { kind: 'customer', customer }
    const fieldSchemas: Record<string, Record<string, unknown>> = {}
    const usable = new Set<string>()
    const apps = new Map<string, BoundConnection | ElementError>()
    const collections = new Map<string, string>()
    for (const [key, node, type] of bound) {
      const other = otherIntegration(node)
      if (other === undefined && !connection) continue
      const target = other ?? connection!.id
      let app = apps.get(target)
      if (!app) {
        try {
          app = this.data.bind(actor, target)
        } catch (error) {
          app = setupError(
            `works through the customer's connection to "${other}", and there is none (${(error as Error).message})`,
            { integrationKey: other }
          )
        }
        apps.set(target, app)
      }
      if (!('appName' in app)) {
        errors.push({ ...app, message: `Node "${key}" (${type}) ${app.message}` })
        continue
      }
      let collection = collectionOf(node.config)
      if (this.elements) {
        const elements = await this.elements.setupNode(key, node.config, { selector: app.connectionId, customer })
        errors.push(...elements.errors)
        collection ??= elements.collection
      }
      if (collection === undefined) continue
      collections.set(key, collection)
      if (!app.collections.some((c) => c.key === collection)) {
        errors.push(
          setupError(
            `Node "${key}" (${type}): ${app.appName} has no collection "${collection}"; it has ${app.collections.map((c) => c.key).join(', ') || 'none'}. Fix config.dataSource.collectionKey.`,
            {
              nodeKey: key,
              path: `nodes.${key}.config.dataSource.collectionKey`
            }
          )
        )
        continue
      }
      const schemaKey = other === undefined ? collection : `${other}.${collection}`
      if (!(schemaKey in fieldSchemas)) {
        if (errors.some((e) => e.data?.schema === schemaKey)) continue
        try {
          fieldSchemas[schemaKey] = await this.data.fieldSchema(actor, app.connectionId, collection)
        } catch (error) {
          errors.push(
            setupError(
              `Fetching the field schema of ${collection} from ${app.appName} failed: ${(error as Error).message}`,
              { schema: schemaKey }
            )
          )
          continue
        }
      }
      usable.add(key)
      errors.push(...this.checkFields(key, node, type, collection, fieldSchemas[schemaKey], app.appName))
    }
    if (connection) {
      const wanted: WantedTrigger[] =
        row.enabled === 1
          ? own
              .filter(([key, , type]) => TRIGGER_EVENT[type] && usable.has(key))
              .map(([key, , type]) => ({
                nodeKey: key,
                collectionKey: collections.get(key)!,
                events: [TRIGGER_EVENT[type]]
              }))
          : []
      errors.push(
        ...(await this.triggers.reconcile({ instanceId: row.id, connectionId: connection.id, customer }, wanted, {
          force: options.force
        }))
      )
    }
    const eventKeys = appEventKeysOf(nodes)
    if (row.enabled === 1 && eventKeys.length && this.appEvents)
      errors.push(...(await this.appEvents.ensureForTriggers(row.customer_id, eventKeys)))
    const setup =
      row.connection_id || bound.length
        ? toJsonColumn({ ...(row.connection_id ? { connectionId: row.connection_id } : {}), fieldSchemas })
        : null
    return { state: errors.length ? 'SETUP_FAILED' : 'READY', errors, setup }
  }

  /** Literal field names in mappings that the collection does not have (or that the app sets itself). */
  private checkFields(
    key: string,
    node: FlowNode,
    type: string,
    collection: string,
    schema: Record<string, unknown>,
    appName: string
  ): ElementError[] {
    const properties = (schema.properties ?? {}) as Record<string, { readOnly?: boolean }>
    const errors: ElementError[] = []
    for (const part of FIELD_PARTS[type] ?? []) {
      const value = node.config?.[part]
      if (
        !value ||
        typeof value !== 'object' ||
        Array.isArray(value) ||
        Object.keys(value).some((k) => k.startsWith('$'))
      )
        continue
      for (const field of Object.keys(value)) {
        const property = properties[field]
        if (property && !property.readOnly) continue
        const writable = Object.entries(properties)
          .filter(([, p]) => !p.readOnly)
          .map(([name]) => name)
        errors.push(
          setupError(
            property
              ? `Node "${key}" (${type}): config.${part}.${field} is set by ${appName} itself and cannot be written; remove it.`
              : `Node "${key}" (${type}): config.${part}.${field} is not a field of ${collection} in this ${appName} account; its fields are ${writable.join(', ')}.`,
            { nodeKey: key, path: `nodes.${key}.config.${part}.${field}` }
          )
        )
      }
    }
    return errors
  }

  private customerOf(customerId: string): { id: string; internalId: string } {
    return { id: customerId, internalId: this.customers.internalIdOf(customerId) }
  }
}

/** The setup error of nodes that need a connection in an instance that has none. */
export function needsConnection(bound: Array<[string, FlowNode, string]>): ElementError {
  const list = bound.map(([key, , type]) => `"${key}" (${type})`).join(', ')
  return setupError(
    `Nodes ${list} work through a connection, and this instance has none: deploy the flow to a connection (GET /connections/{connection}/flows/{flow}?autoCreate=true, or flowInstance({flowKey, integrationKey, autoCreate: true})).`
  )
}
