import type { DataCollectionDto, JsonSchema } from '../../contract/apps'
import {
  DataListRequest,
  RecordEventSubscriptionInput,
  type ConnectionDataCollectionDto,
  type DataListResult,
  type DataRecordDto,
  type RecordEventSubscription
} from '../../contract/connections'
import type { DataApi, SendThroughConnection } from '../apps/connector'
import type { Actor } from '../auth/actor'
import { invalidData } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import type { IntegrationService } from '../integrations/integration.service'
import type { ConnectionService } from './connection.service'

const parseList = inputParser(DataListRequest, '', 'data request')
const parseSubscription = inputParser(RecordEventSubscriptionInput, '', 'record event subscription')

/** A connection resolved for a series of calls (see {@link ConnectionDataService.bind}). */
export interface BoundConnection {
  connectionId: string
  appName: string
  api?: DataApi
  collections: DataCollectionDto[]
  send: SendThroughConnection
}

/**
 * Record operations on a connection's app (list / find / create / update / delete / search),
 * its live field schemas and record-event webhooks. Every call goes through the connection
 * over HTTP and is checked against the caller's {@link Actor}.
 */
export class ConnectionDataService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly integrations: IntegrationService
  ) {}

  /** The collections the connection's app has (from its connector spec). */
  collections(actor: Actor, selector: string): DataCollectionDto[] {
    const view = this.connections.resolve(actor, selector)
    return this.integrations.configById(view.integration_id)?.connector.collections ?? []
  }

  /** One collection with the field schema the connection's account has now (custom fields included). */
  async collection(actor: Actor, selector: string, collection: string): Promise<ConnectionDataCollectionDto> {
    const { api, send, collections } = this.target(actor, selector)
    const spec = collections.find((c) => c.key === collection)
    return { key: collection, name: spec?.name ?? collection, fieldsSchema: await api.schema(send, collection) }
  }

  /** The connection's field schema of a collection. */
  async fieldSchema(actor: Actor, selector: string, collection: string): Promise<JsonSchema> {
    const { api, send } = this.target(actor, selector)
    return api.schema(send, collection)
  }

  /** A page of records (`{records, cursor}`; no cursor on the last page). */
  async list(actor: Actor, selector: string, collection: string, request: unknown = {}): Promise<DataListResult> {
    const { api, send } = this.target(actor, selector)
    return api.list(send, collection, parseList(request ?? {}))
  }

  /** Records whose fields contain `query`. */
  async search(actor: Actor, selector: string, collection: string, request: unknown = {}): Promise<DataListResult> {
    const { api, send } = this.target(actor, selector)
    return api.search(send, collection, parseList(request ?? {}))
  }

  /** One record by id. */
  async findById(actor: Actor, selector: string, collection: string, id: unknown): Promise<DataRecordDto> {
    const { api, send } = this.target(actor, selector)
    return api.findById(send, collection, recordId(id))
  }

  /** Creates a record from `fields`. */
  async create(actor: Actor, selector: string, collection: string, fields: unknown): Promise<DataRecordDto> {
    const { api, send } = this.target(actor, selector)
    return api.create(send, collection, recordFields(fields))
  }

  /** Changes the fields named in `fields`. */
  async update(
    actor: Actor,
    selector: string,
    collection: string,
    id: unknown,
    fields: unknown
  ): Promise<DataRecordDto> {
    const { api, send } = this.target(actor, selector)
    return api.update(send, collection, recordId(id), recordFields(fields))
  }

  /** Deletes a record. */
  async delete(actor: Actor, selector: string, collection: string, id: unknown): Promise<void> {
    const { api, send } = this.target(actor, selector)
    await api.delete(send, collection, recordId(id))
  }

  /** Subscribes a URL to a collection's record events; the app signs each delivery with the returned secret. */
  async subscribe(actor: Actor, selector: string, body: unknown): Promise<RecordEventSubscription> {
    const input = parseSubscription(body ?? {})
    try {
      const url = new URL(input.callbackUrl)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error()
    } catch {
      throw invalidData(`callbackUrl must be an http(s) URL, got "${input.callbackUrl}".`, [
        { path: 'callbackUrl', message: 'not an http(s) URL' }
      ])
    }
    const { api, send } = this.target(actor, selector)
    const events = input.events ?? ['created', 'updated', 'deleted']
    const created = await api.subscribe(send, { collection: input.collection, events, callbackUrl: input.callbackUrl })
    return {
      id: created.id,
      collection: input.collection,
      events,
      callbackUrl: input.callbackUrl,
      secret: created.secret
    }
  }

  /** The record-event webhooks of the connection's account (empty when the app cannot list them). */
  async subscriptions(actor: Actor, selector: string): Promise<Array<{ id: string; url: string; collection: string }>> {
    const { api, send } = this.target(actor, selector)
    return api.subscriptions ? api.subscriptions(send) : []
  }

  /** Removes a subscription made with {@link subscribe} (also through an archived connection, whose webhooks should not outlive it). */
  async unsubscribe(actor: Actor, selector: string, subscriptionId: string): Promise<void> {
    const { api, send } = this.target(actor, selector, { includeArchived: true })
    await api.unsubscribe(send, subscriptionId)
  }

  /**
   * The connection's app, resolved once for several calls: its record API (undefined when the app
   * has none), its collections, and a `send` through the connection that `wrap` may decorate
   * (flow runs add rate-limit politeness).
   */
  bind(
    actor: Actor,
    selector: string,
    wrap: (send: SendThroughConnection) => SendThroughConnection = (send) => send,
    options: { includeArchived?: boolean } = {}
  ): BoundConnection {
    const view = this.connections.resolve(actor, selector, options)
    const config = this.integrations.configById(view.integration_id)
    return {
      connectionId: view.id,
      appName: config?.connector.app.name ?? view.integration_name,
      api: config?.connector.dataApi,
      collections: config?.connector.collections ?? [],
      send: wrap((request) => this.connections.client.send(view, request))
    }
  }

  private target(
    actor: Actor,
    selector: string,
    options: { includeArchived?: boolean } = {}
  ): { api: DataApi; send: SendThroughConnection; collections: DataCollectionDto[] } {
    const bound = this.bind(actor, selector, undefined, options)
    if (!bound.api) {
      throw invalidData(
        `${bound.appName} has no data collections; use connection requests (POST /connections/${bound.connectionId}/proxy/...) instead.`,
        [{ path: 'collection', message: 'no data collections' }]
      )
    }
    return { api: bound.api, send: bound.send, collections: bound.collections }
  }
}

function recordId(id: unknown): string {
  if (typeof id !== 'string' || !id)
    throw invalidData('id is required: the id of the record.', [
      { path: 'id', message: 'id must be a non-empty string' }
    ])
  return id
}

function recordFields(fields: unknown): Record<string, unknown> {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields))
    throw invalidData('fields must be an object of field values.', [
      { path: 'fields', message: 'fields must be an object' }
    ])
  return fields as Record<string, unknown>
}
