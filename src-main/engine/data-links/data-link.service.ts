import type {
  DataLinkDirection,
  DataLinkDto,
  DataLinkTableDto,
  DataLinkTableInstanceDto
} from '../../contract/data-links'
import type { Page, PageQuery } from '../../contract/pagination'
import { maySee, type Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, badRequest, invalidData, notFound } from '../common/engine-error'
import { keyFromName } from '../common/element-keys'
import { newId } from '../common/ids'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import type { ConnectionService } from '../connections/connection.service'
import type { ConnectionView } from '../connections/connection.view'
import type { CustomerService } from '../customers/customer.service'
import type { IntegrationService } from '../integrations/integration.service'
import type { DataLinkCalls, RunConnection } from '../flow-engine/flow-nodes/node-handler'
import { InstanceTargetResolver } from '../instance-targets/instance-target.resolver'
import {
  DataLinkRepository,
  type DataLinkRow,
  type DataLinkTableInstanceRow,
  type DataLinkTableRow
} from './data-link.repository'
import { parseDataLink, parseDataLinkTable, parseDeleteDataLink } from './data-link.inputs'

/** The SDK's `dataLinkTableInstance(selector)`, as its query string carries it. */
export interface DataLinkTableInstanceSelector {
  id?: string
  dataLinkTableId?: string
  dataLinkTableKey?: string
  connectionId?: string
  integrationKey?: string
  integrationId?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}

/** Filters of `GET /data-link-table-instances`. */
export interface DataLinkTableInstanceQuery extends PageQuery {
  userId?: string
  dataLinkTableId?: string
  connectionId?: string
  integrationId?: string
  instanceKey?: string
  includeArchived?: boolean
}

/** Filters of `GET …/links`. */
export interface DataLinkQuery extends PageQuery {
  appRecordId?: string
  externalRecordId?: string
  direction?: string
}

const DIRECTIONS: readonly string[] = ['import', 'export', 'both']

const noConnection = (customer: string, integrationKey: string, what: string) =>
  `Customer "${customer}" has no connection to integration "${integrationKey}", so ${what} has no connection to keep its links on: connect first, then ask again.`

/**
 * Data links: tables of record-id pairs that a two-way sync keeps between your app and the
 * external app. The tables are workspace elements; each connection holds its own instance of a
 * table (made on first use), so one customer's links never mix with another's.
 */
export class DataLinkService {
  readonly repo: DataLinkRepository
  private readonly targets: InstanceTargetResolver

  constructor(
    private readonly ctx: EngineContext,
    private readonly connections: ConnectionService,
    customers: CustomerService,
    integrations: IntegrationService
  ) {
    this.repo = new DataLinkRepository(ctx.db)
    this.targets = new InstanceTargetResolver(customers, connections, integrations, noConnection)
  }

  // ---- tables ----

  listTables(query: PageQuery & { search?: string; includeArchived?: boolean } = {}): Page<DataLinkTableDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.tables({
      afterSeq: decodeSeqCursor(query.cursor),
      limit,
      search: query.search,
      includeArchived: query.includeArchived
    })
    return seqPage(rows, limit, (page) => page.map(tableDto))
  }

  tableOf(selector: string): DataLinkTableRow {
    const row = this.repo.tableByKey(selector) ?? this.repo.tableById(selector)
    if (!row)
      throw notFound(
        `Data link table "${selector}" does not exist: create it with POST /data-link-tables {"key", "name"}, or list them with GET /data-link-tables.`
      )
    return row
  }

  getTable(selector: string): DataLinkTableDto {
    return tableDto(this.tableOf(selector))
  }

  /** The checks of `createTable` on a body, without writing (an import checks every element first). */
  checkTable(body: unknown): void {
    this.parseTable(body)
  }

  createTable(body: unknown): DataLinkTableDto {
    const input = this.parseTable(body)
    const key = input.key ?? keyFromName(input.name!)
    if (this.repo.tableByKey(key))
      throw alreadyExists(
        `A data link table with key "${key}" already exists; PATCH /data-link-tables/${key} to change it.`
      )
    const now = this.ctx.nowIso()
    const id = newId(this.ctx.clock.now())
    this.repo.insertTable({
      id,
      key,
      name: input.name ?? key,
      description: input.description ?? null,
      revision: newId(this.ctx.clock.now()),
      created_at: now,
      updated_at: now
    })
    return this.getTable(id)
  }

  private parseTable(body: unknown) {
    const input = parseDataLinkTable(body ?? {})
    if (!input.key && !input.name)
      throw invalidData('Give the data link table a key or a name (the key is made from the name).', [
        { path: 'body.key', message: 'key or name required' }
      ])
    return input
  }

  updateTable(selector: string, body: unknown, mode: 'patch' | 'put'): DataLinkTableDto {
    const row = this.tableOf(selector)
    const input = parseDataLinkTable(body ?? {})
    if (input.key && input.key !== row.key && this.repo.tableByKey(input.key))
      throw alreadyExists(`A data link table with key "${input.key}" already exists.`, {
        errors: [{ path: 'body.key', message: 'key taken' }]
      })
    this.repo.updateTable(row.id, {
      key: input.key ?? row.key,
      name: input.name ?? (mode === 'put' ? (input.key ?? row.key) : row.name),
      description: input.description !== undefined ? input.description : mode === 'put' ? null : row.description,
      revision: newId(this.ctx.clock.now()),
      updated_at: this.ctx.nowIso()
    })
    return this.getTable(row.id)
  }

  archiveTable(selector: string): void {
    const row = this.tableOf(selector)
    if (!row.archived_at)
      this.repo.updateTable(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() })
  }

  restoreTable(selector: string): DataLinkTableDto {
    const row = this.tableOf(selector)
    if (row.archived_at && this.repo.tableByKey(row.key))
      throw alreadyExists(`Another live data link table has key "${row.key}"; archive it or change its key first.`)
    this.repo.updateTable(row.id, { archived_at: null, updated_at: this.ctx.nowIso() })
    return this.getTable(row.id)
  }

  // ---- instances ----

  listInstances(actor: Actor, query: DataLinkTableInstanceQuery = {}): Page<DataLinkTableInstanceDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.instances({
      customerId: this.targets.listedCustomer(actor, query.userId),
      tableId: query.dataLinkTableId ? this.tableOf(query.dataLinkTableId).id : undefined,
      connectionIds: query.connectionId
        ? [query.connectionId]
        : query.integrationId
          ? this.connections.idsOf({ integrationId: query.integrationId })
          : undefined,
      instanceKey: query.instanceKey,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.instanceDto(row)))
  }

  /** The instance a selector names; made on the named (or the customer's newest) connection with `autoCreate`. */
  instanceOf(
    actor: Actor,
    selector: DataLinkTableInstanceSelector,
    create = selector.autoCreate
  ): DataLinkTableInstanceRow {
    if (selector.id) {
      const row = this.repo.instanceById(selector.id)
      if (!row || !maySee(actor, row.customer_id))
        throw notFound(`Data link table instance ${selector.id} does not exist (or belongs to another customer).`)
      return row
    }
    const tableSelector = selector.dataLinkTableKey ?? selector.dataLinkTableId
    if (!tableSelector)
      throw badRequest(
        'Name the data link table: dataLinkTableInstance({dataLinkTableKey, connectionId}) or select the instance by id.'
      )
    const table = this.tableOf(tableSelector)
    const connection = this.connectionOf(actor, selector)
    const instanceKey = selector.instanceKey ?? null
    const row = this.repo.liveInstance(table.id, connection.id, instanceKey)
    if (row) return row
    if (!create)
      throw notFound(
        `Connection ${connection.id} holds no instance of data link table "${table.key}" yet: add autoCreate=true, or create a link (it makes one).`
      )
    return this.makeInstance(table, connection, instanceKey)
  }

  getInstance(actor: Actor, selector: DataLinkTableInstanceSelector): DataLinkTableInstanceDto {
    return this.instanceDto(this.instanceOf(actor, selector), true)
  }

  createInstance(actor: Actor, selector: DataLinkTableInstanceSelector): DataLinkTableInstanceDto {
    return this.instanceDto(this.instanceOf(actor, selector, true), true)
  }

  archiveInstance(actor: Actor, selector: DataLinkTableInstanceSelector): void {
    const row = this.instanceOf(actor, selector, false)
    if (!row.archived_at)
      this.repo.updateInstance(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() })
  }

  findLinks(actor: Actor, selector: DataLinkTableInstanceSelector, query: DataLinkQuery = {}): Page<DataLinkDto> {
    if (query.direction !== undefined && !DIRECTIONS.includes(query.direction))
      throw invalidData(`direction must be one of ${DIRECTIONS.join(', ')}, got "${query.direction}".`, [
        { path: 'query.direction', message: 'unknown direction' }
      ])
    const row = this.instanceOf(actor, selector, true)
    const limit = pageLimit(query.limit)
    const rows = this.repo.links(row.id, {
      appRecordId: query.appRecordId,
      externalRecordId: query.externalRecordId,
      direction: query.direction,
      afterSeq: decodeSeqCursor(query.cursor),
      limit
    })
    return seqPage(rows, limit, (page) => page.map(linkDto))
  }

  createLink(actor: Actor, selector: DataLinkTableInstanceSelector, body: unknown): DataLinkDto {
    const input = parseDataLink(body ?? {})
    return this.link(this.instanceOf(actor, selector, true), input)
  }

  deleteLink(actor: Actor, selector: DataLinkTableInstanceSelector, body: unknown): { deleted: number } {
    const input = parseDeleteDataLink(body ?? {})
    if (!input.appRecordId && !input.externalRecordId)
      throw invalidData('Say which links to delete: give appRecordId, externalRecordId or both.', [
        { path: 'body.appRecordId', message: 'appRecordId or externalRecordId required' }
      ])
    return { deleted: this.repo.deleteLinks(this.instanceOf(actor, selector, true).id, input) }
  }

  /** The data link calls of a run on its connection (an id, or an integration key for the customer's connection to it). */
  forRun(connection: RunConnection): DataLinkCalls {
    const actor: Actor = {
      kind: 'customer',
      customer: { id: connection.customer.id, internalId: connection.customer.internalId }
    }
    const connectionId = this.connections.resolve(actor, connection.selector).id
    const instance = (tableKey: string) => this.instanceOf(actor, { dataLinkTableKey: tableKey, connectionId }, true)
    return {
      create: (tableKey, link) => this.link(instance(tableKey), link),
      find: (tableKey, filter) => {
        const [row] = this.repo.links(instance(tableKey).id, { ...filter, limit: 1 })
        return row ? linkDto(row) : undefined
      },
      delete: (tableKey, filter) => this.repo.deleteLinks(instance(tableKey).id, filter)
    }
  }

  private link(
    instance: DataLinkTableInstanceRow,
    input: { appRecordId: string; externalRecordId: string; direction?: DataLinkDirection }
  ): DataLinkDto {
    const direction = input.direction ?? 'both'
    return this.ctx.db.transaction(() => {
      const existing = this.repo.link(instance.id, input.appRecordId, input.externalRecordId)
      if (existing) {
        if (existing.direction !== direction && existing.direction !== 'both')
          this.repo.setDirection(existing.id, 'both')
        return linkDto(this.repo.link(instance.id, input.appRecordId, input.externalRecordId)!)
      }
      this.repo.insertLink({
        id: newId(this.ctx.clock.now()),
        data_link_table_instance_id: instance.id,
        app_record_id: input.appRecordId,
        external_record_id: input.externalRecordId,
        direction,
        created_at: this.ctx.nowIso()
      })
      return linkDto(this.repo.link(instance.id, input.appRecordId, input.externalRecordId)!)
    })
  }

  private connectionOf(actor: Actor, selector: DataLinkTableInstanceSelector): ConnectionView {
    if (selector.connectionId) return this.targets.connectionFor(actor, selector.connectionId, selector.userId)
    const integration = selector.integrationKey ?? selector.integrationId
    if (!integration)
      throw badRequest(
        "A data link table instance lives on a connection: add connectionId (or integrationKey for the customer's connection to it)."
      )
    const customerId = this.targets.customerFor(actor, selector.userId, 'A data link table instance')
    return this.targets.latestConnection(customerId, integration, 'the data link table')
  }

  private makeInstance(
    table: DataLinkTableRow,
    connection: ConnectionView,
    instanceKey: string | null
  ): DataLinkTableInstanceRow {
    return this.ctx.db.transaction(() => {
      const again = this.repo.liveInstance(table.id, connection.id, instanceKey)
      if (again) return again
      const now = this.ctx.nowIso()
      const id = newId(this.ctx.clock.now())
      this.repo.insertInstance({
        id,
        data_link_table_id: table.id,
        customer_id: connection.customer_id,
        connection_id: connection.id,
        instance_key: instanceKey,
        created_at: now,
        updated_at: now
      })
      return this.repo.instanceById(id)!
    })
  }

  private instanceDto(row: DataLinkTableInstanceRow, expand = false): DataLinkTableInstanceDto {
    const table = this.repo.tableById(row.data_link_table_id)!
    const connection = this.connections.byId(row.connection_id)
    const dto: DataLinkTableInstanceDto = {
      id: row.id,
      key: table.key,
      name: table.name,
      dataLinkTableId: table.id,
      userId: row.customer_id,
      connectionId: row.connection_id,
      integrationId: connection?.integration_id ?? '',
      state: 'READY',
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
    if (row.instance_key !== null) dto.instanceKey = row.instance_key
    if (row.archived_at !== null) dto.archivedAt = row.archived_at
    if (expand) dto.dataLinkTable = tableDto(table)
    return dto
  }
}

function tableDto(row: DataLinkTableRow): DataLinkTableDto {
  const dto: DataLinkTableDto = {
    id: row.id,
    key: row.key,
    name: row.name,
    state: 'READY',
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
  if (row.description !== null) dto.description = row.description
  if (row.archived_at !== null) dto.archivedAt = row.archived_at
  return dto
}

function linkDto(row: DataLinkRow): DataLinkDto {
  return {
    id: row.id,
    dataLinkTableInstanceId: row.data_link_table_instance_id,
    appRecordId: row.app_record_id,
    externalRecordId: row.external_record_id,
    direction: row.direction as DataLinkDirection
  }
}
