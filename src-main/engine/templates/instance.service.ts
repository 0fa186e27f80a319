import type { Page } from '../../contract/pagination'
import { maySee, type Actor } from '../auth/actor'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, type EngineError, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import type { ConnectionService } from '../connections/connection.service'
import type { CustomerService } from '../customers/customer.service'
import type { EngineEventMap } from '../events/event-bus'
import { InstanceTargetResolver } from '../instance-targets/instance-target.resolver'
import type { IntegrationService } from '../integrations/integration.service'
import { INSTANCE_KINDS, type InstanceKindName, type InstanceKindRow } from './instance-kinds'
import type { InstanceFilter, InstanceRepository, InstanceRow } from './instance.repository'

/** What every instance selector may say: an id, or where the instance of a template lives (and whether to make it). */
export interface InstanceSelectorBase {
  id?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}

/** What every instance listing may ask for. */
export interface InstanceListQuery {
  userId?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  search?: string
  includeArchived?: boolean
  cursor?: string
  limit?: number
}

/** The columns of a new instance row that `insertRow` fills when the caller leaves them out. */
type NewInstanceColumns = 'id' | 'state' | 'errors' | 'setup_at' | 'created_at' | 'updated_at' | 'archived_at'

/** The columns that say where an instance lives, which `insertAt` fills from its place. */
type PlaceColumns = 'customer_id' | 'integration_key' | 'connection_id' | 'instance_key'

/** Where instances live and for whom: what the shared rules need of the connections' world. */
export interface InstancePlaces {
  customers: CustomerService
  connections: ConnectionService
  integrations: IntegrationService
}

/**
 * The rules every kind of instance (flows, actions, data sources and field mappings on a
 * customer's connection) shares: a customer token reaches only its own instances, listings
 * narrow by customer, template and place, and one live instance of a template per customer,
 * connection and instance key.
 */
export abstract class InstanceService<
  Row extends InstanceRow,
  Dto,
  Selector extends InstanceSelectorBase,
  Filter extends InstanceFilter = InstanceFilter,
  Repo extends InstanceRepository<Row, Filter> = InstanceRepository<Row, Filter>
> {
  protected readonly targets: InstanceTargetResolver
  protected readonly connections: ConnectionService
  /** The kind's row in the table of kinds. */
  protected readonly kind: InstanceKindRow

  constructor(
    protected readonly ctx: EngineContext,
    protected readonly repo: Repo,
    places: InstancePlaces,
    protected readonly name: InstanceKindName
  ) {
    this.kind = INSTANCE_KINDS[name]
    this.connections = places.connections
    const { lacking, afterConnect } = this.kind
    this.targets = new InstanceTargetResolver(
      places.customers,
      places.connections,
      places.integrations,
      (customer, integrationKey, what) =>
        `Customer "${customer}" has no connection to integration "${integrationKey}", so ${what} ${lacking}: connect first (client.integration('${integrationKey}').connect(), or POST /connections)${afterConnect}.`
    )
  }

  /** The row a selector names (isolation applied); undefined when a template selector finds none. */
  abstract find(actor: Actor, selector: Selector): Row | undefined

  abstract dto(row: Row): Dto

  /** The 404 of a selector that names no instance. */
  protected abstract notFoundFor(selector: Selector): EngineError

  /** The row by id if the actor may see it; 404 otherwise (other customers' instances are not revealed). */
  rowFor(actor: Actor, id: string): Row {
    const row = this.repo.byId(id)
    if (!row || !maySee(actor, row.customer_id)) throw notFound(`No ${this.kind.noun} with id "${id}".`)
    return row
  }

  /** DTOs of rows (a kind that maps a page at once overrides it). */
  protected dtos(rows: Row[]): Dto[] {
    return rows.map((row) => this.dto(row))
  }

  /** A page of instances, oldest first; a customer sees only its own. `narrow` gives the kind's filters (its templates, …). */
  protected listPage(
    actor: Actor,
    query: InstanceListQuery,
    narrow: () => Omit<Partial<Filter>, 'afterSeq' | 'limit'>
  ): Page<Dto> {
    const limit = pageLimit(query.limit)
    const customerId = this.targets.listedCustomer(actor, query.userId)
    const kindFilter = narrow()
    const connectionId =
      query.connectionId === undefined
        ? undefined
        : this.connections.resolve(actor, query.connectionId, { includeArchived: true }).id
    const rows = this.repo.list({
      customerId,
      integrationKey: query.integrationKey,
      connectionId,
      instanceKey: query.instanceKey,
      search: query.search?.trim() || undefined,
      includeArchived: query.includeArchived,
      ...kindFilter,
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    } as Filter)
    return seqPage(rows, limit, (page) => this.dtos(page))
  }

  /** The templates a listing names by id or key (every layer's with that key), or undefined when it names none. */
  protected templateIdsNamed(
    templates: {
      rowOf(selector: { id: string } | string): { id: string }
      rowsByKey(key: string): { id: string }[]
    },
    id: string | undefined,
    key: string | undefined
  ): string[] | undefined {
    if (id) return [templates.rowOf(id).id]
    return key ? templates.rowsByKey(key).map((row) => row.id) : undefined
  }

  protected require(actor: Actor, selector: Selector): Row {
    const row = this.find(actor, selector)
    if (!row) throw this.notFoundFor(selector)
    return row
  }

  /** Stores a new row; what the caller leaves out is that of a new instance: a new id, READY, not yet set up, created now. */
  private insertRow(row: Omit<Row, 'seq' | NewInstanceColumns> & Partial<Pick<Row, NewInstanceColumns>>): Row {
    const now = this.ctx.nowIso()
    const fresh = {
      id: newId(this.ctx.clock.now()),
      state: 'READY',
      errors: null,
      setup_at: null,
      created_at: now,
      updated_at: now,
      archived_at: null
    }
    return this.repo.insert({ ...fresh, ...row } as Omit<Row, 'seq'>)
  }

  /** 409 when another live instance of the template holds the place an archived one would come back to. */
  protected assertRestorable(row: Row): void {
    const templateId = this.repo.templateIdOf(row)
    if (templateId === null) return
    const other = this.repo.liveFor(row.customer_id, templateId, row.connection_id, row.instance_key)
    if (other)
      throw alreadyExists(
        `The customer has another live instance of ${this.kind.restoreConflict} (id ${other.id}); archive it first.`,
        { [`${this.name}Id`]: other.id }
      )
  }

  /**
   * Stores a new instance in its place (customer, integration, connection, instance key); with
   * `taken`, a 409 with that message when the customer already has a live instance of the
   * template there. Run it inside the caller's transaction.
   */
  protected insertAt(
    place: { customerId: string; integrationKey: string | null; connectionId?: string; connection?: { id: string } },
    instanceKey: string | undefined,
    own: Omit<Row, 'seq' | NewInstanceColumns | PlaceColumns> & Partial<Pick<Row, NewInstanceColumns>>,
    taken?: (existing: Row) => string
  ): Row {
    const connectionId = place.connectionId ?? place.connection?.id ?? null
    const row = {
      customer_id: place.customerId,
      integration_key: place.integrationKey,
      connection_id: connectionId,
      instance_key: instanceKey ?? null,
      ...own
    } as Omit<Row, 'seq' | NewInstanceColumns>
    const templateId = this.repo.templateIdOf(row as Row)
    const existing =
      taken && templateId !== null && this.repo.liveFor(place.customerId, templateId, connectionId, instanceKey ?? null)
    if (existing) throw alreadyExists(taken(existing), { [`${this.name}Id`]: existing.id })
    return this.insertRow(row)
  }
}

/**
 * Instances whose setup is one step on the row (action, data source and field mapping
 * instances): made when missing with `autoCreate`, set up on every change, archived and
 * restored, and reset to follow their template again.
 */
/** The kinds whose setup is one step on the row. */
export type SetUpInstanceKindName = Exclude<InstanceKindName, 'flowInstance'>

export abstract class SetUpInstanceService<
  Row extends InstanceRow,
  Dto,
  Selector extends InstanceSelectorBase
> extends InstanceService<Row, Dto, Selector> {
  constructor(
    ctx: EngineContext,
    repo: InstanceRepository<Row>,
    places: InstancePlaces,
    protected readonly name: SetUpInstanceKindName
  ) {
    super(ctx, repo, places, name)
  }

  /** Stores a new instance from a create body, sets it up and announces it. */
  protected abstract insert(actor: Actor, input: unknown): Promise<Row>

  /** Setup on the row as it is: its state and errors stored. */
  abstract runSetup(row: Row): Promise<Row>

  /** The instance a selector names; `autoCreate` makes (and sets up) a missing one. */
  async get(actor: Actor, selector: Selector): Promise<Dto> {
    return this.dto(await this.ensure(actor, selector))
  }

  /** The row a selector names, made and set up when missing and `autoCreate` is set. */
  async ensure(actor: Actor, selector: Selector): Promise<Row> {
    const row = this.find(actor, selector)
    if (row) return row
    if (!selector.autoCreate) throw this.notFoundFor(selector)
    const named = selector as Record<string, unknown>
    const { template } = this.kind
    return this.insert(actor, {
      [`${template}Id`]: named[`${template}Id`],
      [`${template}Key`]: named[`${template}Key`],
      integrationKey: selector.integrationKey,
      connectionId: selector.connectionId,
      instanceKey: selector.instanceKey,
      userId: selector.userId
    })
  }

  /** Creates an instance of a template for the customer and sets it up. */
  async create(actor: Actor, input: unknown): Promise<Dto> {
    return this.dto(await this.insert(actor, input))
  }

  /** Runs setup again and announces the outcome. */
  async setup(actor: Actor, selector: Selector): Promise<Dto> {
    return this.setUpAndAnnounce(this.require(actor, selector))
  }

  /** Takes the customer's own settings back: the instance follows its template again. */
  async reset(actor: Actor, selector: Selector): Promise<Dto> {
    const row = this.require(actor, selector)
    const changes: Partial<Row> = {}
    for (const column of this.kind.customColumns) (changes as Record<string, unknown>)[column] = null
    return this.setUpAndAnnounce(this.repo.update(row.id, { ...changes, updated_at: this.ctx.nowIso() }))
  }

  archive(actor: Actor, selector: Selector): Dto {
    const row = this.require(actor, selector)
    if (row.archived_at) return this.dto(row)
    const dto = this.dto(
      this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() } as Partial<Row>)
    )
    this.announce('archived', dto)
    return dto
  }

  /** Brings an archived instance back (409 when another one took its place) and sets it up again. */
  async restore(actor: Actor, selector: Selector): Promise<Dto> {
    const row = this.require(actor, selector)
    if (!row.archived_at) return this.dto(row)
    this.assertRestorable(row)
    return this.setUpAndAnnounce(
      this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() } as Partial<Row>)
    )
  }

  /** Sets up again every instance (after an import: their schemas came from the exporting workspace). */
  async setupAll(): Promise<void> {
    for (const row of this.repo.list({ afterSeq: 0, limit: 100_000 })) await this.runSetup(row)
  }

  /** Emits the kind's event (`dataSourceInstance.updated`, …) with the DTO under the kind's name. */
  protected announce(what: 'created' | 'updated' | 'archived', dto: Dto): void {
    const event = `${this.name}.${what}` as const
    this.ctx.events.emit(event, { [this.name]: dto } as unknown as EngineEventMap[typeof event])
  }

  /** Sets the row up, announces it as updated and answers its DTO. */
  protected async setUpAndAnnounce(row: Row): Promise<Dto> {
    const dto = this.dto(await this.runSetup(row))
    this.announce('updated', dto)
    return dto
  }
}
