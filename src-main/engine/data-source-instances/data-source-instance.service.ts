import { Type } from '@sinclair/typebox'
import { ELEMENT_KEY, JSON_OBJECT } from '../../contract/templates'
import type {
  CollectionSpecDto,
  DataSourceInstanceDto,
  DataSourceInstanceQuery,
  DataSourceInstanceSelector
} from '../../contract/data-sources'
import type { DataListResult, DataRecordDto } from '../../contract/connections'
import type { ElementError } from '../../contract/flows'
import type { Page } from '../../contract/pagination'
import type { Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { badRequest, EngineError, invalidData, notFound } from '../common/engine-error'
import { inputParser } from '../common/input-parser'
import { toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import type { ConnectionDataService } from '../connections/connection-data.service'
import type { ConnectionService } from '../connections/connection.service'
import type { CustomerService } from '../customers/customer.service'
import type { DataSourceRow } from '../data-sources/data-source.repository'
import type { DataSourceService } from '../data-sources/data-source.service'
import type { IntegrationService } from '../integrations/integration.service'
import { SetUpInstanceService } from '../templates/instance.service'
import { toDataSourceInstanceDto } from './data-source-instance.mapper'
import { DataSourceInstanceRepository, type DataSourceInstanceRow } from './data-source-instance.repository'

const CreateBody = Type.Object({
  dataSourceId: Type.Optional(ELEMENT_KEY),
  dataSourceKey: Type.Optional(ELEMENT_KEY),
  integrationKey: Type.Optional(ELEMENT_KEY),
  connectionId: Type.Optional(ELEMENT_KEY),
  instanceKey: Type.Optional(ELEMENT_KEY),
  userId: Type.Optional(ELEMENT_KEY),
  collectionKey: Type.Optional(ELEMENT_KEY),
  collectionParameters: Type.Optional(JSON_OBJECT)
})
const UpdateBody = Type.Object({
  collectionKey: Type.Optional(Type.Union([ELEMENT_KEY, Type.Null()])),
  collectionParameters: Type.Optional(Type.Union([JSON_OBJECT, Type.Null()])),
  archivedAt: Type.Optional(Type.String())
})
const ListBody = Type.Object({
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  filter: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  parameters: Type.Optional(JSON_OBJECT)
})
const SearchBody = Type.Object({
  query: Type.String({ minLength: 1, maxLength: 500 }),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  parameters: Type.Optional(JSON_OBJECT)
})
const IdBody = Type.Object({ id: Type.String({ minLength: 1 }), parameters: Type.Optional(JSON_OBJECT) })
const FieldsBody = Type.Object({ fields: JSON_OBJECT, parameters: Type.Optional(JSON_OBJECT) })
const UpdateRecordBody = Type.Object({
  id: Type.String({ minLength: 1 }),
  fields: JSON_OBJECT,
  parameters: Type.Optional(JSON_OBJECT)
})

const parseCreate = inputParser(CreateBody, '', 'data source instance')
const parseUpdate = inputParser(UpdateBody, '', 'data source instance update')
const parseList = inputParser(ListBody, '', 'list request')
const parseSearch = inputParser(SearchBody, '', 'search request')
const parseId = inputParser(IdBody, '', 'record request')
const parseFields = inputParser(FieldsBody, '', 'create request')
const parseUpdateRecord = inputParser(UpdateRecordBody, '', 'update request')

/** Engine-internal calls through a connection whose customer the caller was already checked against. */
const ENGINE_ACTOR: Actor = { kind: 'admin' }

/**
 * Data source instances: a data source on one customer's connection. Setup resolves the
 * collection (the customer's choice, the data source's `collectionKey`, or the collection
 * that answers to its `udm`) and fetches its field schema through the connection; records
 * are listed, read, searched, created, changed and deleted through the same connection, and
 * the app's errors come back in the error shape.
 */
export class DataSourceInstanceService extends SetUpInstanceService<
  DataSourceInstanceRow,
  DataSourceInstanceDto,
  DataSourceInstanceSelector
> {
  constructor(
    ctx: EngineContext,
    private readonly dataSources: DataSourceService,
    customers: CustomerService,
    connections: ConnectionService,
    private readonly integrations: IntegrationService,
    private readonly data: ConnectionDataService
  ) {
    super(ctx, new DataSourceInstanceRepository(ctx.db), { customers, connections, integrations }, 'dataSourceInstance')
    // A changed data source changes what its instances point at: set them up again.
    ctx.events.on('dataSource.updated', ({ dataSource }) => void this.setupAllOf(dataSource.id))
    ctx.events.on('connection.reconnected', ({ connection }) => void this.setupFailedOn(connection.id))
  }

  /** A page of instances; a customer sees only its own. */
  list(actor: Actor, query: DataSourceInstanceQuery = {}): Page<DataSourceInstanceDto> {
    return this.listPage(actor, query, () => ({
      templateIds: this.templateIdsNamed(this.dataSources, query.dataSourceId, query.dataSourceKey)
    }))
  }

  /** The row a selector names (isolation applied); undefined when a data source selector finds none. */
  find(actor: Actor, selector: DataSourceInstanceSelector): DataSourceInstanceRow | undefined {
    if (selector.id) return this.rowFor(actor, selector.id)
    const target = this.target(actor, selector, 'Finding a data source instance')
    return this.repo.liveFor(target.customerId, target.dataSource.id, target.connectionId, selector.instanceKey ?? null)
  }

  /** The customer points their instance at another collection (`null` follows the data source again); `archivedAt` archives. */
  async patch(actor: Actor, selector: DataSourceInstanceSelector, input: unknown): Promise<DataSourceInstanceDto> {
    const body = parseUpdate(input ?? {})
    const row = this.require(actor, selector)
    if (body.archivedAt !== undefined) return this.archive(actor, { id: row.id })
    const changes: Partial<DataSourceInstanceRow> = { updated_at: this.ctx.nowIso() }
    if (body.collectionKey !== undefined) {
      if (body.collectionKey !== null) this.checkCollection(row.connection_id, body.collectionKey)
      changes.collection_key = body.collectionKey
    }
    if (body.collectionParameters !== undefined)
      changes.collection_parameters = toJsonColumnOrNull(body.collectionParameters)
    return this.setUpAndAnnounce(this.repo.update(row.id, changes))
  }

  /** The collection in use with its field schema (`GET …/collection`). */
  async collection(actor: Actor, selector: DataSourceInstanceSelector): Promise<CollectionSpecDto> {
    const row = this.require(actor, selector)
    const key = this.collectionKeyOf(row)
    const found = await this.data.collection(actor, row.connection_id, key)
    return { type: 'collection', key: found.key, name: found.name, fieldsSchema: found.fieldsSchema }
  }

  /** A page of records of the instance's collection (`{records, cursor}`; no cursor on the last page). */
  async listRecords(actor: Actor, selector: DataSourceInstanceSelector, input: unknown): Promise<DataListResult> {
    const body = parseList(input ?? {})
    const row = this.require(actor, selector)
    return this.data.list(actor, row.connection_id, this.collectionKeyOf(row), {
      ...(body.cursor ? { cursor: body.cursor } : {}),
      ...(body.limit ? { limit: body.limit } : {}),
      ...(body.filter ? { filter: body.filter } : {})
    })
  }

  /** Records whose fields contain `query`. */
  async searchRecords(actor: Actor, selector: DataSourceInstanceSelector, input: unknown): Promise<DataListResult> {
    const body = parseSearch(input ?? {})
    const row = this.require(actor, selector)
    return this.data.search(actor, row.connection_id, this.collectionKeyOf(row), {
      query: body.query,
      ...(body.cursor ? { cursor: body.cursor } : {}),
      ...(body.limit ? { limit: body.limit } : {})
    })
  }

  /** One record by id: `{record}`. */
  async findRecordById(
    actor: Actor,
    selector: DataSourceInstanceSelector,
    input: unknown
  ): Promise<{ record: DataRecordDto }> {
    const body = parseId(input ?? {})
    const row = this.require(actor, selector)
    return { record: await this.data.findById(actor, row.connection_id, this.collectionKeyOf(row), body.id) }
  }

  async createRecord(
    actor: Actor,
    selector: DataSourceInstanceSelector,
    input: unknown
  ): Promise<{ id: string; record: DataRecordDto }> {
    const body = parseFields(input ?? {})
    const row = this.require(actor, selector)
    const record = await this.data.create(actor, row.connection_id, this.collectionKeyOf(row), body.fields)
    return { id: record.id, record }
  }

  async updateRecord(
    actor: Actor,
    selector: DataSourceInstanceSelector,
    input: unknown
  ): Promise<{ id: string; record: DataRecordDto }> {
    const body = parseUpdateRecord(input ?? {})
    const row = this.require(actor, selector)
    const record = await this.data.update(actor, row.connection_id, this.collectionKeyOf(row), body.id, body.fields)
    return { id: record.id, record }
  }

  async deleteRecord(actor: Actor, selector: DataSourceInstanceSelector, input: unknown): Promise<{ id: string }> {
    const body = parseId(input ?? {})
    const row = this.require(actor, selector)
    await this.data.delete(actor, row.connection_id, this.collectionKeyOf(row), body.id)
    return { id: body.id }
  }

  /** The collection key an instance works on; 400 saying why when setup found none. */
  collectionKeyOf(row: DataSourceInstanceRow): string {
    const dataSource = this.dataSourceOf(row)
    const connector = this.connectorOf(row)
    const choice = this.dataSources.collectionOn(dataSource, connector, row.collection_key)
    if ('key' in choice) return choice.key
    throw invalidData(`Data source instance ${row.id} has no collection to work on: ${choice.problem.message}`, [
      choice.problem
    ])
  }

  /** Setup: resolves the collection and fetches its field schema; problems become SETUP_FAILED with errors. */
  async runSetup(row: DataSourceInstanceRow): Promise<DataSourceInstanceRow> {
    const dataSource = this.dataSourceOf(row)
    let errors: ElementError[] = []
    let spec: CollectionSpecDto | null = null
    const connection = this.connections.byId(row.connection_id)
    if (!connection || connection.archived_at) {
      errors = [
        { type: 'connection', key: 'not_found', message: `Connection ${row.connection_id} is gone; connect again.` }
      ]
    } else {
      const choice = this.dataSources.collectionOn(dataSource, this.connectorOf(row), row.collection_key)
      if ('problem' in choice) {
        errors = [
          {
            type: 'bad_request',
            key: 'invalid_data',
            message: choice.problem.message,
            data: { path: choice.problem.path }
          }
        ]
      } else {
        try {
          const found = await this.data.collection(ENGINE_ACTOR, row.connection_id, choice.key)
          spec = { type: 'collection', key: found.key, name: found.name, fieldsSchema: found.fieldsSchema }
        } catch (error) {
          errors = [elementError(error)]
        }
      }
    }
    return this.repo.update(row.id, {
      state: errors.length ? 'SETUP_FAILED' : 'READY',
      errors: errors.length ? toJsonColumn(errors) : null,
      collection_spec: spec ? toJsonColumn(spec) : row.collection_spec,
      setup_at: this.ctx.nowIso()
    })
  }

  /** DTO of a row. */
  dto(row: DataSourceInstanceRow): DataSourceInstanceDto {
    return toDataSourceInstanceDto(
      row,
      this.dataSourceOf(row),
      this.dataSources.integrationIdOf(row.integration_key) ?? row.integration_key
    )
  }

  protected async insert(actor: Actor, input: unknown): Promise<DataSourceInstanceRow> {
    const body = parseCreate(input ?? {})
    const target = this.target(actor, body, 'Creating a data source instance')
    const { dataSource } = target
    if (dataSource.archived_at)
      throw badRequest(`Data source "${dataSource.key}" is archived; restore it before using it on a connection.`)
    if (body.collectionKey !== undefined) this.checkCollection(target.connectionId, body.collectionKey)
    const row = this.ctx.db.transaction(() => {
      return this.insertAt(
        target,
        body.instanceKey,
        {
          data_source_id: dataSource.id,
          collection_key: body.collectionKey ?? null,
          collection_parameters: toJsonColumnOrNull(body.collectionParameters),
          collection_spec: null
        },
        (existing) =>
          `This customer already has an instance of data source "${dataSource.key}" on connection ${target.connectionId} (id ${existing.id}); use another instanceKey to add one.`
      )
    })
    const set = await this.runSetup(row)
    this.announce('created', this.dto(set))
    return set
  }

  private target(
    actor: Actor,
    selector: {
      dataSourceId?: string
      dataSourceKey?: string
      integrationKey?: string
      connectionId?: string
      userId?: string
    },
    doing: string
  ): { customerId: string; connectionId: string; integrationKey: string; dataSource: DataSourceRow } {
    if (!selector.dataSourceId && !selector.dataSourceKey)
      throw invalidData(
        'Name the data source: dataSourceKey (or dataSourceId), with connectionId or integrationKey for the connection.',
        [{ path: 'dataSourceKey', message: 'required' }]
      )
    const scope = this.targets.scope(actor, selector)
    const dataSource = this.dataSourceFor(selector, scope.integrationKey)
    if (dataSource.integration_key && scope.integrationKey && dataSource.integration_key !== scope.integrationKey)
      throw badRequest(
        `Data source "${dataSource.key}" belongs to integration "${dataSource.integration_key}", but ${scope.connection ? `connection ${scope.connection.id} is to` : 'the selector names'} "${scope.integrationKey}".`
      )
    const target = this.targets.target(actor, scope, {
      integrationKey: dataSource.integration_key,
      userId: selector.userId,
      doing,
      what: `data source "${dataSource.key}"`
    })
    if (!target.connection || !target.integrationKey)
      throw badRequest(
        `A data source instance lives on a connection: name one with connectionId, or integrationKey for the customer's connection to it (data source "${dataSource.key}" is universal).`
      )
    return {
      customerId: target.customerId,
      connectionId: target.connection.id,
      integrationKey: target.integrationKey,
      dataSource
    }
  }

  /** A data source by id, or by key with the integration's own first, then the universal one. */
  private dataSourceFor(
    selector: { dataSourceId?: string; dataSourceKey?: string },
    integrationKey?: string
  ): DataSourceRow {
    if (selector.dataSourceId) return this.dataSources.rowOf({ id: selector.dataSourceId })
    const key = selector.dataSourceKey!
    const scoped = integrationKey ? this.dataSources.forIntegration(key, integrationKey) : undefined
    return scoped ?? this.dataSources.rowOf({ key })
  }

  private checkCollection(connectionId: string, collectionKey: string): void {
    const connection = this.connections.byId(connectionId)
    const connector = connection ? this.integrations.configById(connection.integration_id)?.connector : undefined
    if (connector && !connector.collections.some((c) => c.key === collectionKey))
      throw invalidData(
        `${connector.app.name} has no data collection "${collectionKey}"; use one of: ${connector.collections.map((c) => c.key).join(', ')}.`,
        [{ path: 'collectionKey', message: 'unknown collection' }]
      )
  }

  private dataSourceOf(row: DataSourceInstanceRow): DataSourceRow {
    const dataSource = this.dataSources.byId(row.data_source_id)
    if (!dataSource) throw notFound(`The data source ${row.data_source_id} of instance ${row.id} no longer exists.`)
    return dataSource
  }

  private connectorOf(row: DataSourceInstanceRow) {
    const connection = this.connections.byId(row.connection_id)
    const config = connection ? this.integrations.configById(connection.integration_id) : undefined
    if (!config)
      throw notFound(`The connection ${row.connection_id} of data source instance ${row.id} no longer exists.`)
    return config.connector
  }

  protected notFoundFor(selector: DataSourceInstanceSelector): EngineError {
    if (selector.id) return notFound(`No data source instance with id "${selector.id}".`)
    return notFound(
      `This customer has no instance of data source "${selector.dataSourceKey ?? selector.dataSourceId}" on that connection${selector.instanceKey ? ` with instanceKey "${selector.instanceKey}"` : ''}; add autoCreate=true to create it.`
    )
  }

  private async setupAllOf(dataSourceId: string): Promise<void> {
    for (const row of this.repo.liveOf(dataSourceId)) await this.runSetup(row).catch(() => undefined)
  }

  private async setupFailedOn(connectionId: string): Promise<void> {
    const rows = this.repo.list({ connectionId, afterSeq: 0, limit: 10_000 }).filter((r) => r.state !== 'READY')
    for (const row of rows) await this.runSetup(row).catch(() => undefined)
  }
}

/** An error as an element's `errors` entry (the engine's shape, or the message of anything else). */
export function elementError(error: unknown): ElementError {
  if (error instanceof EngineError) {
    const body: ElementError = { type: error.type, message: error.message }
    if (error.key) body.key = error.key
    if (error.data !== undefined) body.data = error.data
    return body
  }
  return { type: 'internal', message: (error as Error).message ?? String(error) }
}
