import type { JsonSchema } from '../../../contract/apps'
import type { AppResponse, DataListRequest, DataListResult, DataRecordDto } from '../../../contract/connections'
import { invalidData } from '../../common/engine-error'
import { errorFromAppResponse } from '../app-response.error'
import type { DataApi, SendThroughConnection } from '../connector'
import type { SandboxAppDefinition } from '../sandbox/sandbox-app.definitions'

/**
 * Record operations of a sandbox app as requests to its REST API (`GET /contacts?cursor=`,
 * `PATCH /contacts/{id}`, `POST /webhooks` ...), mapped to Membrane's shapes.
 */
export class SandboxRestDataApi implements DataApi {
  constructor(private readonly definition: SandboxAppDefinition) {}

  async list(send: SendThroughConnection, collection: string, request: DataListRequest): Promise<DataListResult> {
    return this.page(
      collection,
      await send({ method: 'GET', path: `/${this.key(collection)}`, query: this.pageQuery(request) }),
      'listing'
    )
  }

  async search(send: SendThroughConnection, collection: string, request: DataListRequest): Promise<DataListResult> {
    if (!request.query || typeof request.query !== 'string')
      throw invalidData('Searching needs "query": the text to look for.', [
        { path: 'query', message: 'query is required' }
      ])
    const query = { ...this.pageQuery(request), q: request.query }
    return this.page(
      collection,
      await send({ method: 'GET', path: `/${this.key(collection)}/search`, query }),
      'searching'
    )
  }

  async findById(send: SendThroughConnection, collection: string, id: string): Promise<DataRecordDto> {
    return this.record(
      collection,
      await send({ method: 'GET', path: `/${this.key(collection)}/${encodeURIComponent(id)}` }),
      `reading ${collection} ${id}`
    )
  }

  async create(
    send: SendThroughConnection,
    collection: string,
    fields: Record<string, unknown>
  ): Promise<DataRecordDto> {
    return this.record(
      collection,
      await send({ method: 'POST', path: `/${this.key(collection)}`, body: fields }),
      `creating a ${collection} record`
    )
  }

  async update(
    send: SendThroughConnection,
    collection: string,
    id: string,
    fields: Record<string, unknown>
  ): Promise<DataRecordDto> {
    return this.record(
      collection,
      await send({ method: 'PATCH', path: `/${this.key(collection)}/${encodeURIComponent(id)}`, body: fields }),
      `updating ${collection} ${id}`
    )
  }

  async delete(send: SendThroughConnection, collection: string, id: string): Promise<void> {
    const response = await send({ method: 'DELETE', path: `/${this.key(collection)}/${encodeURIComponent(id)}` })
    if (response.status >= 300)
      throw errorFromAppResponse(this.definition.name, `deleting ${collection} ${id}`, response)
  }

  async schema(send: SendThroughConnection, collection: string): Promise<JsonSchema> {
    const response = await send({ method: 'GET', path: `/schema/${this.key(collection)}` })
    if (response.status >= 300)
      throw errorFromAppResponse(this.definition.name, `reading the ${collection} schema`, response)
    return response.body as JsonSchema
  }

  async subscribe(
    send: SendThroughConnection,
    input: { collection: string; events: string[]; callbackUrl: string }
  ): Promise<{ id: string; secret: string }> {
    const response = await send({
      method: 'POST',
      path: '/webhooks',
      body: { url: input.callbackUrl, collection: this.key(input.collection), events: input.events }
    })
    if (response.status >= 300)
      throw errorFromAppResponse(this.definition.name, `subscribing to ${input.collection} events`, response)
    const body = response.body as { id: string; secret: string }
    return { id: body.id, secret: body.secret }
  }

  async unsubscribe(send: SendThroughConnection, id: string): Promise<void> {
    const response = await send({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}` })
    if (response.status >= 300 && response.status !== 404)
      throw errorFromAppResponse(this.definition.name, `removing webhook ${id}`, response)
  }

  async subscriptions(send: SendThroughConnection): Promise<Array<{ id: string; url: string; collection: string }>> {
    const response = await send({ method: 'GET', path: '/webhooks' })
    if (response.status >= 300) throw errorFromAppResponse(this.definition.name, 'listing webhooks', response)
    return (response.body as { data: Array<{ id: string; url: string; collection: string }> }).data
  }

  private key(collection: string): string {
    if (!this.definition.collections.some((c) => c.key === collection)) {
      throw invalidData(
        `${this.definition.name} has no data collection "${collection}"; it has ${this.definition.collections.map((c) => c.key).join(', ')}.`,
        [{ path: 'collection', message: 'unknown collection' }]
      )
    }
    return collection
  }

  private pageQuery(request: DataListRequest): Record<string, string | number | boolean> {
    const query: Record<string, string | number | boolean> = {}
    if (request.limit !== undefined) query.limit = request.limit
    if (request.cursor) query.cursor = request.cursor
    for (const [k, v] of Object.entries(request.filter ?? {})) query[k] = v
    return query
  }

  private page(collection: string, response: AppResponse, what: string): DataListResult {
    if (response.status >= 300) throw errorFromAppResponse(this.definition.name, `${what} ${collection}`, response)
    const body = response.body as { data: Array<Record<string, unknown>>; nextCursor: string | null }
    const result: DataListResult = { records: body.data.map((r) => this.toRecord(collection, r)) }
    if (body.nextCursor) result.cursor = body.nextCursor
    return result
  }

  private record(collection: string, response: AppResponse, what: string): DataRecordDto {
    if (response.status >= 300) throw errorFromAppResponse(this.definition.name, what, response)
    return this.toRecord(collection, response.body as Record<string, unknown>)
  }

  private toRecord(collection: string, raw: Record<string, unknown>): DataRecordDto {
    const definition = this.definition.collections.find((c) => c.key === collection)!
    const record: DataRecordDto = { id: String(raw.id), fields: raw }
    const name = definition.nameOf(raw)
    if (name) record.name = name
    if (typeof raw.createdAt === 'string') record.createdTime = raw.createdAt
    if (typeof raw.updatedAt === 'string') record.updatedTime = raw.updatedAt
    return record
  }
}
