import { Type, type TSchema } from '@sinclair/typebox'
import type { DataSourceDto, DataSourceQuery } from '../../contract/data-sources'
import type { ErrorDetail } from '../../contract/errors'
import { ELEMENT_CREATE_FIELDS, ELEMENT_KEY, ELEMENT_UPDATE_FIELDS, JSON_OBJECT } from '../../contract/templates'
import type { Page } from '../../contract/pagination'
import type { AppCatalog } from '../apps/app.catalog'
import type { Connector } from '../apps/connector'
import type { EngineContext } from '../common/engine-context'
import { invalidData } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { toJsonColumnOrNull } from '../common/json-column'
import { listProblems } from '../common/problem-list'
import type { IntegrationService } from '../integrations/integration.service'
import { templateKind } from '../templates/template-kinds'
import { TemplateService, type TemplateSelector } from '../templates/template.service'
import { toDataSourceDto } from './data-source.mapper'
import { DataSourceRepository, type DataSourceRow } from './data-source.repository'

const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const CreateBody = Type.Object({
  ...ELEMENT_CREATE_FIELDS,
  universalDataSourceId: Type.Optional(ELEMENT_KEY),
  udm: Type.Optional(ELEMENT_KEY),
  collectionKey: Type.Optional(ELEMENT_KEY),
  collectionParameters: Type.Optional(JSON_OBJECT),
  meta: Type.Optional(JSON_OBJECT)
})

const UpdateBody = Type.Object({
  ...ELEMENT_UPDATE_FIELDS,
  udm: Type.Optional(orNull(ELEMENT_KEY)),
  collectionKey: Type.Optional(orNull(ELEMENT_KEY)),
  collectionParameters: Type.Optional(orNull(JSON_OBJECT)),
  meta: Type.Optional(orNull(JSON_OBJECT))
})

const parseCreate = inputParser(CreateBody, '', 'data source')
const parseUpdate = inputParser(UpdateBody, '', 'data source update')

/** Which data source a request names: id, key, `integrationKey.key`, or an object selector. */
export type DataSourceSelector = TemplateSelector

/** The collection a data source points at on one app, or why it points at none. */
export type CollectionChoice = { key: string } | { problem: ErrorDetail }

/**
 * Data sources: workspace elements naming a data collection of an app (`collectionKey` with
 * `collectionParameters`), or a universal data model (`udm`) that each app's collection
 * answers to. Universal ones have integration-level copies that follow them until customised
 * (the rules of {@link TemplateService}).
 */
export class DataSourceService extends TemplateService<DataSourceRow, DataSourceDto, DataSourceRepository> {
  constructor(
    ctx: EngineContext,
    private readonly integrations: IntegrationService,
    private readonly catalog: AppCatalog
  ) {
    super(
      ctx,
      new DataSourceRepository(ctx.db),
      templateKind(ctx.events, 'dataSource', (row: DataSourceRow) =>
        toDataSourceDto(row, integrationIdOf(integrations, row.integration_key))
      ),
      (selector, path) => integrations.keyOf(selector, path)
    )
  }

  /** A page of data sources, oldest first; `integrationId` narrows like `integrationKey`. */
  override list(query: DataSourceQuery = {}): Page<DataSourceDto> {
    const integrationKey =
      query.integrationKey ??
      (query.integrationId !== undefined ? this.integrations.keyOf(query.integrationId, 'integrationId') : undefined)
    return super.list({ ...query, integrationKey })
  }

  /** The selector of `/integrations/{integration}/…/{sel}`: an id, or the key in that integration's layer. */
  atIntegration(integration: string, selector: string): DataSourceSelector {
    if (this.repo.byId(selector)) return selector
    return { key: selector, integrationKey: this.integrations.keyOf(integration, 'integration') }
  }

  /** The data source with this id, archived or not. */
  byId(id: string): DataSourceRow | undefined {
    return this.repo.byId(id)
  }

  /** The live universal data source with this key. */
  universalByKey(key: string): DataSourceRow | undefined {
    return this.repo.liveByKey(key, null)
  }

  /** The live data source with this key for an integration: its own first, then the universal one. */
  forIntegration(key: string, integrationKey: string): DataSourceRow | undefined {
    return this.repo.liveByKey(key, integrationKey) ?? this.repo.liveByKey(key, null)
  }

  /**
   * The checks of `create` on a body, without writing (an import checks every element first).
   * `connector` is the app of the element's integration, which the import may not have made yet.
   */
  checkCreate(input: unknown, place: { integrationKey?: string; connector?: Connector } = {}): void {
    const body = parseCreate(input ?? {})
    if (!body.name && !body.key)
      throw invalidData('Name the data source: name (or key) is required.', [{ path: 'name', message: 'required' }])
    const udm = body.udm ?? null
    const collectionKey = body.collectionKey ?? null
    if (place.integrationKey && place.connector) this.checkCollectionOn(place.connector, udm, collectionKey)
    else this.checkCollection(place.integrationKey ?? null, udm, collectionKey)
  }

  create(input: unknown): DataSourceDto {
    const body = parseCreate(input ?? {})
    const integrationKey = this.integrationKeyIn(body)
    const parent = this.parentFor(body.parentId ?? body.universalDataSourceId, integrationKey)
    const name = body.name ?? parent?.name ?? body.key
    if (!name)
      throw invalidData('Name the data source: name (or key) is required.', [{ path: 'name', message: 'required' }])
    const udm = body.udm ?? parent?.udm ?? null
    const collectionKey = body.collectionKey ?? parent?.collection_key ?? null
    this.checkCollection(integrationKey, udm, collectionKey)
    const key = this.newKey(body.key, parent, name, integrationKey)
    const now = this.ctx.nowIso()
    const parameters = toJsonColumnOrNull(body.collectionParameters) ?? parent?.collection_parameters ?? null
    return this.insert({
      id: newId(this.ctx.clock.now()),
      key,
      integration_key: integrationKey,
      parent_id: parent?.id ?? null,
      name,
      description: body.description ?? parent?.description ?? null,
      udm,
      collection_key: collectionKey,
      collection_parameters: parameters,
      is_customized: parent
        ? Number(
            udm !== parent.udm ||
              collectionKey !== parent.collection_key ||
              parameters !== parent.collection_parameters ||
              name !== parent.name
          )
        : 0,
      revision: 1,
      meta: toJsonColumnOrNull(body.meta),
      created_at: now,
      updated_at: now,
      archived_at: null
    })
  }

  patch(selector: DataSourceSelector, input: unknown): DataSourceDto {
    return this.write(this.rowOf(selector), parseUpdate(input ?? {}), 'patch')
  }

  replace(selector: DataSourceSelector, input: unknown): DataSourceDto {
    return this.write(this.rowOf(selector), parseUpdate(input ?? {}), 'put')
  }

  /**
   * The collection of an app a data source points at: the customer's choice, else its
   * `collectionKey`, else the collection that answers to its `udm` there.
   */
  collectionOn(
    row: DataSourceRow,
    connector: Connector,
    override: string | null,
    path = 'collectionKey'
  ): CollectionChoice {
    const appName = connector.app.name
    const chosen = override ?? row.collection_key
    if (chosen) {
      if (connector.collections.some((c) => c.key === chosen)) return { key: chosen }
      return { problem: unknownCollection(appName, chosen, connector, path) }
    }
    if (row.udm) {
      const key = connector.udm?.[row.udm]
      if (key) return { key }
      return {
        problem: {
          path: 'udm',
          message: `${appName} has no collection for the data model "${row.udm}"${
            connector.udm ? ` (it has ${Object.keys(connector.udm).join(', ')})` : ''
          }: choose a collection for this connection (collectionKey) or add an integration-level data source.`
        }
      }
    }
    return {
      problem: {
        path: 'collectionKey',
        message: `Data source "${row.key}" names no collection: set collectionKey (or udm) on it, or choose a collection for this connection.`
      }
    }
  }

  /** Data models some app answers to (a universal data source's `udm` must be one of them). */
  knownUdms(): string[] {
    return [...new Set(this.catalog.all().flatMap((c) => Object.keys(c.udm ?? {})))].sort()
  }

  private write(row: DataSourceRow, body: ReturnType<typeof parseUpdate>, mode: 'patch' | 'put'): DataSourceDto {
    const changes: Partial<DataSourceRow> = {}
    const key = this.keyChange(row, body.key)
    if (key !== undefined) changes.key = key
    if (body.name !== undefined) changes.name = body.name
    const replaces = (value: unknown) => value !== undefined || mode === 'put'
    if (replaces(body.description)) changes.description = body.description ?? null
    if (replaces(body.udm)) changes.udm = body.udm ?? null
    if (replaces(body.collectionKey)) changes.collection_key = body.collectionKey ?? null
    if (replaces(body.collectionParameters))
      changes.collection_parameters = toJsonColumnOrNull(body.collectionParameters)
    if (replaces(body.meta)) changes.meta = toJsonColumnOrNull(body.meta)
    this.checkCollection(
      row.integration_key,
      changes.udm !== undefined ? changes.udm : row.udm,
      changes.collection_key !== undefined ? changes.collection_key : row.collection_key
    )
    return this.commit(row, changes)
  }

  /** 400 for a collection or data model the integration's app does not have (universal ones: a data model no app knows). */
  private checkCollection(integrationKey: string | null, udm: string | null, collectionKey: string | null): void {
    if (integrationKey !== null)
      this.checkCollectionOn(this.integrations.config(integrationKey, true).connector, udm, collectionKey)
    else if (udm !== null && !this.knownUdms().includes(udm)) {
      const problems: ErrorDetail[] = [
        {
          path: 'udm',
          message: `No app answers to the data model "${udm}"; use one of: ${this.knownUdms().join(', ')}.`
        }
      ]
      throw invalidData(`Invalid data source: ${listProblems(problems)}`, problems)
    }
  }

  /** 400 for a collection or data model this app does not have. */
  private checkCollectionOn(connector: Connector, udm: string | null, collectionKey: string | null): void {
    const problems: ErrorDetail[] = []
    if (collectionKey !== null && !connector.collections.some((c) => c.key === collectionKey))
      problems.push(unknownCollection(connector.app.name, collectionKey, connector, 'collectionKey'))
    if (udm !== null && !connector.udm?.[udm])
      problems.push({
        path: 'udm',
        message: `${connector.app.name} has no collection for the data model "${udm}"; use one of: ${Object.keys(connector.udm ?? {}).join(', ') || 'none (set collectionKey instead)'}.`
      })
    if (problems.length) throw invalidData(`Invalid data source: ${listProblems(problems)}`, problems)
  }

  /** The engine id of an integration by key (DTOs carry both). */
  integrationIdOf(integrationKey: string | null): string | undefined {
    return integrationIdOf(this.integrations, integrationKey)
  }
}

/** The engine id of an integration by key (data source and field mapping DTOs carry both). */
function integrationIdOf(integrations: IntegrationService, integrationKey: string | null): string | undefined {
  return integrationKey === null ? undefined : integrations.idOfKey(integrationKey)
}

function unknownCollection(appName: string, key: string, connector: Connector, path: string): ErrorDetail {
  return {
    path,
    message: `${appName} has no data collection "${key}"; use one of: ${connector.collections.map((c) => c.key).join(', ') || 'none'}.`
  }
}
