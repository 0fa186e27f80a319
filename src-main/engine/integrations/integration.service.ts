import type { ConnectorSpecDto } from '../../contract/apps'
import type { ConnectionDto } from '../../contract/connections'
import {
  IntegrationCreate,
  IntegrationPatch,
  type IntegrationDto,
  type IntegrationQuery
} from '../../contract/integrations'
import type { Page } from '../../contract/pagination'
import type { AppCatalog } from '../apps/app.catalog'
import type { Connector } from '../apps/connector'
import type { Actor } from '../auth/actor'
import { requireAdmin } from '../auth/authenticator'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import type { ChangeSource } from '../events/event-bus'
import { MASKED, toIntegrationDto } from './integration.mapper'
import { IntegrationRepository, type IntegrationRow } from './integration.repository'

/** An integration with its connector and unsealed parameters, for the engine's own use. */
export interface IntegrationConfig {
  row: IntegrationRow
  connector: Connector
  parameters: Record<string, unknown>
}

/** Keys of the integrations seeded on a new workspace. */
export const SEEDED_INTEGRATIONS = [
  { key: 'crm', name: 'Sandbox CRM', connectorId: 'sandbox-crm' },
  { key: 'helpdesk', name: 'Sandbox Helpdesk', connectorId: 'sandbox-helpdesk' }
] as const

const parseCreate = inputParser(IntegrationCreate, '', 'integration')
const parsePatch = inputParser(IntegrationPatch, '', 'integration update')

/** Integrations: the apps a workspace offers, with their parameters (sealed) and connector. */
export class IntegrationService {
  /** The integrations table (snapshots read and write it). */
  private readonly repo: IntegrationRepository
  private readonly parameterCache = new Map<string, { updatedAt: string; parameters: Record<string, unknown> }>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly catalog: AppCatalog,
    /** The calling customer's connection to an integration, embedded in `GET /integrations/{sel}`. */
    private readonly connectionOf: (customerId: string, integrationId: string) => ConnectionDto | undefined
  ) {
    this.repo = new IntegrationRepository(ctx.db)
  }

  /** The integration rows as the snapshot's integrations section reads and writes them (`snapshots/sections/`); for nothing else. */
  snapshotStore(): Pick<IntegrationRepository, 'all' | 'byKey' | 'insert' | 'clear'> {
    return this.repo
  }

  /** The live integrations as the interchange exports and matches them, in creation order. */
  liveRefs(): Array<{ id: string; key: string; name: string; connectorId: string; logoUri: string | null }> {
    return this.repo.list({ afterSeq: 0, limit: 1_000_000 }).map((row) => ({
      id: row.id,
      key: row.key,
      name: row.name,
      connectorId: row.connector_id,
      logoUri: row.logo_uri
    }))
  }

  /** Whether an integration, live or archived, has this key. */
  hasKey(key: string): boolean {
    return this.repo.byKey(key) !== undefined
  }

  /** The id of the integration (live or archived) with this key. */
  idOfKey(key: string): string | undefined {
    return this.repo.byKey(key)?.id
  }

  /** Creates the sandbox integrations (`crm`, `helpdesk`) unless the keys were ever used. */
  seedSandboxIntegrations(): void {
    for (const seed of SEEDED_INTEGRATIONS) {
      if (this.repo.byKey(seed.key)) continue
      this.insert({ key: seed.key, name: seed.name, connectorId: seed.connectorId }, 'engine')
    }
  }

  /**
   * A page of integrations (parameters only for admins), each with the calling customer's
   * connection as the single get has it: `@membranehq/react` draws its "connected" badges from
   * the list.
   */
  list(actor: Actor, query: IntegrationQuery = {}, options: { includeSecrets?: boolean } = {}): Page<IntegrationDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.list({
      search: query.search?.trim() || undefined,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    return seqPage(rows, limit, (page) =>
      page.map((row) => this.withConnection(this.view(row, actor, options.includeSecrets ?? false), row.id, actor))
    )
  }

  private withConnection(dto: IntegrationDto, integrationId: string, actor: Actor): IntegrationDto {
    if (!actor.customer) return dto
    const connection = this.connectionOf(actor.customer.id, integrationId)
    if (connection) dto.connection = connection
    return dto
  }

  /** One integration by id or key, with the calling customer's connection and the auth options. */
  get(selector: string, actor: Actor, options: { includeSecrets?: boolean } = {}): IntegrationDto {
    const config = this.config(selector)
    const dto = this.view(config.row, actor, options.includeSecrets ?? false)
    dto.authOptions = config.connector
      .authOptions(config.parameters)
      .map(({ key, type, title, description, inputSchema, method }) => ({
        key,
        type,
        title,
        method,
        ...(description ? { description } : {}),
        ...(inputSchema ? { inputSchema } : {})
      }))
    return this.withConnection(dto, config.row.id, actor)
  }

  /** The connector spec of an integration (auth options, parameters, data collections). */
  connectorSpec(selector: string): ConnectorSpecDto {
    const config = this.config(selector)
    return this.catalog.spec(config.connector, config.parameters)
  }

  /** Creates an integration (admin). */
  create(actor: Actor, input: unknown, source: ChangeSource = 'api'): IntegrationDto {
    requireAdmin(actor, 'Creating an integration')
    const body = parseCreate(input)
    return this.view(this.insert(body, source), actor, false)
  }

  /** Changes name, key, logo or parameters (admin). Masked secrets keep their stored value. */
  patch(actor: Actor, selector: string, input: unknown, source: ChangeSource = 'api'): IntegrationDto {
    requireAdmin(actor, 'Changing an integration')
    const body = parsePatch(input)
    const config = this.config(selector)
    const changes: Partial<IntegrationRow> = {}
    if (body.name !== undefined) changes.name = body.name
    if (body.logoUri !== undefined) changes.logo_uri = body.logoUri || null
    if (body.parameters !== undefined) {
      const given = { ...body.parameters }
      for (const name of config.connector.secretParameters)
        if (given[name] === MASKED) given[name] = config.parameters[name]
      const parameters = config.connector.prepareParameters(given, {
        key: body.key ?? config.row.key,
        name: body.name ?? config.row.name
      })
      changes.parameters_sealed = this.ctx.secrets.sealJson(parameters)
    }
    const row = this.ctx.db.transaction(() => {
      if (body.key !== undefined && body.key !== config.row.key) {
        this.assertKeyFree(body.key)
        changes.key = body.key
      }
      changes.updated_at = this.ctx.nowIso()
      return this.repo.update(config.row.id, changes)
    })
    const dto = this.view(row, actor, false)
    this.ctx.events.emit('integration.updated', { integration: dto, source })
    return dto
  }

  /** Archives an integration (admin); its connections stay but new ones cannot be made. */
  archive(actor: Actor, selector: string, source: ChangeSource = 'api'): IntegrationDto {
    requireAdmin(actor, 'Archiving an integration')
    const { row } = this.config(selector, true)
    if (row.archived_at) return this.view(row, actor, false)
    const dto = this.view(
      this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() }),
      actor,
      false
    )
    this.ctx.events.emit('integration.archived', { integration: dto, source })
    return dto
  }

  /** Brings an archived integration back (admin). */
  restore(actor: Actor, selector: string, source: ChangeSource = 'api'): IntegrationDto {
    requireAdmin(actor, 'Restoring an integration')
    const { row } = this.config(selector, true)
    if (!row.archived_at) return this.view(row, actor, false)
    const dto = this.view(this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() }), actor, false)
    this.ctx.events.emit('integration.updated', { integration: dto, source })
    return dto
  }

  /**
   * The integration a selector names (id first, then key) with its connector and parameters.
   * Archived ones are refused unless `includeArchived`.
   */
  config(selector: string, includeArchived = false): IntegrationConfig {
    const row = this.repo.byId(selector) ?? this.repo.byKey(selector)
    if (!row) throw notFound(`No integration with id or key "${selector}". List them with GET /integrations.`)
    if (row.archived_at && !includeArchived)
      throw notFound(
        `Integration "${row.key}" is archived; restore it (POST /integrations/${row.key}/restore) to use it.`
      )
    return { row, connector: this.catalog.connector(row.connector_id), parameters: this.parameters(row) }
  }

  /**
   * The key of the integration an id or key names, for elements that belong to one (flows,
   * actions); a 400 naming `path` when there is no such integration.
   */
  keyOf(selector: string, path = 'integrationKey'): string {
    const row = this.repo.byId(selector) ?? this.repo.byKey(selector)
    if (row) return row.key
    const known = this.repo
      .list({ afterSeq: 0, limit: 50 })
      .filter((r) => !r.archived_at)
      .map((r) => r.key)
    throw invalidData(
      `${path} "${selector}" names no integration; create it first (POST /integrations) or use one of: ${known.join(', ') || 'none yet'}.`,
      [{ path, message: 'no such integration' }]
    )
  }

  /** A row by engine id, archived or not (for connections that point at it). */
  configById(id: string): IntegrationConfig | undefined {
    const row = this.repo.byId(id)
    return row
      ? { row, connector: this.catalog.connector(row.connector_id), parameters: this.parameters(row) }
      : undefined
  }

  /** The DTO of a row for an actor. */
  view(row: IntegrationRow, actor: Actor, includeSecrets: boolean): IntegrationDto {
    return toIntegrationDto(row, this.catalog.connector(row.connector_id), this.parameters(row), {
      admin: actor.kind === 'admin',
      includeSecrets
    })
  }

  private insert(body: IntegrationCreate, source: ChangeSource): IntegrationRow {
    const connectorId = body.connectorId ?? body.connectorKey
    if (!connectorId) {
      throw invalidData(
        `connectorId is required: one of ${this.catalog
          .all()
          .map((c) => c.key)
          .join(', ')}.`,
        [{ path: 'connectorId', message: 'connectorId is required' }]
      )
    }
    const connector = this.catalog.connector(connectorId)
    this.assertKeyFree(body.key)
    const parameters = connector.prepareParameters(body.parameters, { key: body.key, name: body.name })
    const row = this.ctx.db.transaction(() => {
      this.assertKeyFree(body.key)
      const now = this.ctx.nowIso()
      return this.repo.insert({
        id: newId(this.ctx.clock.now()),
        key: body.key,
        name: body.name,
        connector_id: connector.key,
        logo_uri: body.logoUri || null,
        parameters_sealed: this.ctx.secrets.sealJson(parameters),
        created_at: now,
        updated_at: now,
        archived_at: null
      })
    })
    this.ctx.events.emit('integration.created', {
      integration: toIntegrationDto(row, connector, parameters, { admin: true, includeSecrets: false }),
      source
    })
    return row
  }

  private parameters(row: IntegrationRow): Record<string, unknown> {
    const cached = this.parameterCache.get(row.id)
    if (cached && cached.updatedAt === row.updated_at) return cached.parameters
    const parameters = this.ctx.secrets.openJson(row.parameters_sealed, `integration ${row.key} parameters`)
    this.parameterCache.set(row.id, { updatedAt: row.updated_at, parameters })
    return parameters
  }

  private assertKeyFree(key: string): void {
    const taken = this.repo.byKey(key)
    if (taken) {
      throw alreadyExists(
        `An integration with key "${key}" already exists${taken.archived_at ? ' (archived: restore it or pick another key)' : ''}.`,
        { integrationId: taken.id }
      )
    }
  }
}
