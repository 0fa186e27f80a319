import { Type } from '@sinclair/typebox'
import type { ErrorDetail } from '../../contract/errors'
import { ELEMENT_CREATE_FIELDS, ELEMENT_KEY, ELEMENT_UPDATE_FIELDS, JSON_OBJECT } from '../../contract/templates'
import type { FieldMappingDto, FieldMappingQuery } from '../../contract/field-mappings'
import type { Page } from '../../contract/pagination'
import type { Connector } from '../apps/connector'
import type { EngineContext } from '../common/engine-context'
import { invalidData } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { fromJsonColumn, toJsonColumnOrNull, type JsonText } from '../common/json-column'
import { checkJsonSchema } from '../common/json-schema'
import { listProblems } from '../common/problem-list'
import type { DataSourceService } from '../data-sources/data-source.service'
import type { IntegrationService } from '../integrations/integration.service'
import { templateKind } from '../templates/template-kinds'
import { TemplateService, type TemplateSelector } from '../templates/template.service'
import { mappingProblems, schemaFields } from './field-mapping.evaluator'
import { toFieldMappingDto } from './field-mapping.mapper'
import { FieldMappingRepository, type FieldMappingRow } from './field-mapping.repository'

const DIRECTION = Type.Union([Type.Literal('import'), Type.Literal('export'), Type.Literal('both')])
const FIELD_LIST = Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true })
const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const CreateBody = Type.Object({
  ...ELEMENT_CREATE_FIELDS,
  universalFieldMappingId: Type.Optional(ELEMENT_KEY),
  dataSourceKey: Type.Optional(ELEMENT_KEY),
  dataSourceId: Type.Optional(ELEMENT_KEY),
  appSchema: Type.Optional(Type.Unknown()),
  direction: Type.Optional(DIRECTION),
  defaultImportValue: Type.Optional(Type.Unknown()),
  defaultExportValue: Type.Optional(Type.Unknown()),
  frozenImportFields: Type.Optional(FIELD_LIST),
  frozenExportFields: Type.Optional(FIELD_LIST),
  meta: Type.Optional(JSON_OBJECT)
})

const UpdateBody = Type.Object({
  ...ELEMENT_UPDATE_FIELDS,
  dataSourceKey: Type.Optional(orNull(ELEMENT_KEY)),
  dataSourceId: Type.Optional(ELEMENT_KEY),
  appSchema: Type.Optional(Type.Unknown()),
  direction: Type.Optional(DIRECTION),
  defaultImportValue: Type.Optional(Type.Unknown()),
  defaultExportValue: Type.Optional(Type.Unknown()),
  frozenImportFields: Type.Optional(orNull(FIELD_LIST)),
  frozenExportFields: Type.Optional(orNull(FIELD_LIST)),
  meta: Type.Optional(orNull(JSON_OBJECT))
})

const parseCreate = inputParser(CreateBody, '', 'field mapping')
const parseUpdate = inputParser(UpdateBody, '', 'field mapping update')

/**
 * A definition value (appSchema, a default mapping) as its column, stored as it was sent. Every
 * save runs `check` on it (a JSON Schema; mappings that compile) before it commits; readers take
 * it as the object the DTO promises.
 */
function definitionColumn(value: unknown): JsonText<Record<string, unknown>> | null {
  return toJsonColumnOrNull(value as Record<string, unknown> | null | undefined)
}

/** Which field mapping a request names. */
export type FieldMappingSelector = TemplateSelector

/** The definition a save is checked for. */
interface MappingDefinition {
  integrationKey: string | null
  dataSourceKey: string | null
  appSchema: unknown
  defaultImportValue: unknown
  defaultExportValue: unknown
}

/**
 * Field mappings: how the records of a data source map to your app's schema (`appSchema`, a
 * JSON Schema) and back, as mappings in the flows' expression language (`$var`, `$jsonata`),
 * `direction` import / export / both, with fields the customer may not change (frozen).
 * Universal ones have integration-level copies that follow them until customised.
 */
export class FieldMappingService extends TemplateService<FieldMappingRow, FieldMappingDto, FieldMappingRepository> {
  constructor(
    ctx: EngineContext,
    private readonly integrations: IntegrationService,
    private readonly dataSources: DataSourceService
  ) {
    super(
      ctx,
      new FieldMappingRepository(ctx.db),
      templateKind(ctx.events, 'fieldMapping', (row: FieldMappingRow) => toDto(row, dataSources)),
      (selector, path) => integrations.keyOf(selector, path)
    )
  }

  /** A page of field mappings, oldest first (`integrationId` narrows like `integrationKey`). */
  override list(query: FieldMappingQuery = {}): Page<FieldMappingDto> {
    const integrationKey =
      query.integrationKey ??
      (query.integrationId !== undefined ? this.integrations.keyOf(query.integrationId, 'integrationId') : undefined)
    const page = super.list({ ...query, integrationKey })
    if (query.dataSourceKey === undefined) return page
    return { ...page, items: page.items.filter((item) => item.dataSourceKey === query.dataSourceKey) }
  }

  /** A field mapping's row by id (archived ones too): what its instances read. */
  byId(id: string): FieldMappingRow | undefined {
    return this.repo.byId(id)
  }

  /** The selector of `/integrations/{integration}/…/{sel}`: an id, or the key in that integration's layer. */
  atIntegration(integration: string, selector: string): FieldMappingSelector {
    if (this.repo.byId(selector)) return selector
    return { key: selector, integrationKey: this.integrations.keyOf(integration, 'integration') }
  }

  /** The live field mapping with this key for an integration: its own first, then the universal one. */
  forIntegration(key: string, integrationKey: string): FieldMappingRow | undefined {
    return this.repo.liveByKey(key, integrationKey) ?? this.repo.liveByKey(key, null)
  }

  /**
   * The checks of `create` on a body, without writing (an import checks every element first).
   * `connector` is the app of the element's integration, which the import may not have made yet;
   * `dataSourceInZip` says the import brings the data source the mapping names.
   */
  async checkCreate(
    input: unknown,
    place: { integrationKey?: string; connector?: Connector; dataSourceInZip?: (key: string) => boolean } = {}
  ): Promise<void> {
    const body = parseCreate(input ?? {})
    if (!body.name && !body.key)
      throw invalidData('Name the field mapping: name (or key) is required.', [{ path: 'name', message: 'required' }])
    const dataSourceKey = body.dataSourceKey ?? null
    this.check(
      {
        integrationKey: place.integrationKey ?? null,
        dataSourceKey,
        appSchema: body.appSchema,
        defaultImportValue: body.defaultImportValue,
        defaultExportValue: body.defaultExportValue
      },
      {
        connector: place.connector,
        pendingDataSource: dataSourceKey !== null && (place.dataSourceInZip?.(dataSourceKey) ?? false)
      }
    )
  }

  async create(input: unknown): Promise<FieldMappingDto> {
    const body = parseCreate(input ?? {})
    const integrationKey = this.integrationKeyIn(body)
    const parent = this.parentFor(body.parentId ?? body.universalFieldMappingId, integrationKey)
    const name = body.name ?? parent?.name ?? body.key
    if (!name)
      throw invalidData('Name the field mapping: name (or key) is required.', [{ path: 'name', message: 'required' }])
    const definition: MappingDefinition = {
      integrationKey,
      dataSourceKey: this.dataSourceKeyIn(body) ?? parent?.data_source_key ?? null,
      appSchema: body.appSchema ?? fromJsonColumn(parent?.app_schema, undefined),
      defaultImportValue: body.defaultImportValue ?? fromJsonColumn(parent?.default_import_value, undefined),
      defaultExportValue: body.defaultExportValue ?? fromJsonColumn(parent?.default_export_value, undefined)
    }
    this.check(definition)
    const key = this.newKey(body.key, parent, name, integrationKey)
    const now = this.ctx.nowIso()
    const row = {
      id: newId(this.ctx.clock.now()),
      key,
      integration_key: integrationKey,
      parent_id: parent?.id ?? null,
      name,
      description: body.description ?? parent?.description ?? null,
      data_source_key: definition.dataSourceKey,
      app_schema: definitionColumn(definition.appSchema),
      direction: body.direction ?? parent?.direction ?? 'both',
      default_import_value: definitionColumn(definition.defaultImportValue),
      default_export_value: definitionColumn(definition.defaultExportValue),
      frozen_import_fields: toJsonColumnOrNull(body.frozenImportFields) ?? parent?.frozen_import_fields ?? null,
      frozen_export_fields: toJsonColumnOrNull(body.frozenExportFields) ?? parent?.frozen_export_fields ?? null,
      is_customized: 0,
      revision: 1,
      meta: toJsonColumnOrNull(body.meta),
      created_at: now,
      updated_at: now,
      archived_at: null
    }
    if (parent) {
      const columns = [
        'name',
        'data_source_key',
        'app_schema',
        'direction',
        'default_import_value',
        'default_export_value'
      ] as const
      row.is_customized = Number(columns.some((column) => row[column] !== parent[column]))
    }
    return this.insert(row)
  }

  async patch(selector: FieldMappingSelector, input: unknown): Promise<FieldMappingDto> {
    return this.write(this.rowOf(selector), parseUpdate(input ?? {}), 'patch')
  }

  async replace(selector: FieldMappingSelector, input: unknown): Promise<FieldMappingDto> {
    return this.write(this.rowOf(selector), parseUpdate(input ?? {}), 'put')
  }

  /** Your app's schema (`GET /field-mappings/{sel}/app-schema`). */
  appSchema(selector: FieldMappingSelector): Record<string, unknown> {
    return fromJsonColumn(this.rowOf(selector).app_schema, {})
  }

  private async write(
    row: FieldMappingRow,
    body: ReturnType<typeof parseUpdate>,
    mode: 'patch' | 'put'
  ): Promise<FieldMappingDto> {
    const replaces = (value: unknown) => value !== undefined || mode === 'put'
    const changes: Partial<FieldMappingRow> = {}
    const key = this.keyChange(row, body.key)
    if (key !== undefined) changes.key = key
    if (body.name !== undefined) changes.name = body.name
    if (replaces(body.description)) changes.description = body.description ?? null
    if (body.dataSourceId !== undefined || replaces(body.dataSourceKey))
      changes.data_source_key = this.dataSourceKeyIn({
        dataSourceId: body.dataSourceId,
        dataSourceKey: body.dataSourceKey ?? undefined
      })
    if (replaces(body.appSchema)) changes.app_schema = definitionColumn(body.appSchema)
    if (body.direction !== undefined || mode === 'put') changes.direction = body.direction ?? 'both'
    if (replaces(body.defaultImportValue)) changes.default_import_value = definitionColumn(body.defaultImportValue)
    if (replaces(body.defaultExportValue)) changes.default_export_value = definitionColumn(body.defaultExportValue)
    if (replaces(body.frozenImportFields)) changes.frozen_import_fields = toJsonColumnOrNull(body.frozenImportFields)
    if (replaces(body.frozenExportFields)) changes.frozen_export_fields = toJsonColumnOrNull(body.frozenExportFields)
    if (replaces(body.meta)) changes.meta = toJsonColumnOrNull(body.meta)
    const after = { ...row, ...changes }
    this.check({
      integrationKey: row.integration_key,
      dataSourceKey: after.data_source_key,
      appSchema: fromJsonColumn(after.app_schema, undefined),
      defaultImportValue: fromJsonColumn(after.default_import_value, undefined),
      defaultExportValue: fromJsonColumn(after.default_export_value, undefined)
    })
    return this.commit(row, changes)
  }

  /** The data source key a body names (`dataSourceKey`, or `dataSourceId` of an existing data source). */
  private dataSourceKeyIn(body: { dataSourceKey?: string; dataSourceId?: string }): string | null | undefined {
    if (body.dataSourceId !== undefined) {
      const found = this.dataSources.byId(body.dataSourceId)
      if (!found)
        throw invalidData(
          `dataSourceId "${body.dataSourceId}" names no data source; list them with GET /data-sources.`,
          [{ path: 'dataSourceId', message: 'no such data source' }]
        )
      return found.key
    }
    return body.dataSourceKey
  }

  /**
   * 400 naming every problem: an appSchema that is not a JSON Schema, a data source that does
   * not exist, import fields your app does not have, export fields the integration's app does not
   * have (integration-level mappings, against the collection's standard fields), formulas that do
   * not compile.
   */
  private check(
    definition: MappingDefinition,
    /** An import's view: the integration's app before the integration exists, a data source it brings. */
    pending: { connector?: Connector; pendingDataSource?: boolean } = {}
  ): void {
    const problems: ErrorDetail[] = []
    let appFields: string[] | undefined
    if (definition.appSchema !== undefined && definition.appSchema !== null) {
      const schemaProblems = checkJsonSchema(definition.appSchema, 'appSchema')
      problems.push(...schemaProblems)
      if (!schemaProblems.length) appFields = schemaFields(definition.appSchema as Record<string, unknown>)
    }
    let collectionFields: string[] | undefined
    if (definition.dataSourceKey !== null && !pending.pendingDataSource) {
      const dataSource = definition.integrationKey
        ? this.dataSources.forIntegration(definition.dataSourceKey, definition.integrationKey)
        : this.dataSources.universalByKey(definition.dataSourceKey)
      if (!dataSource) {
        problems.push({
          path: 'dataSourceKey',
          message: `dataSourceKey "${definition.dataSourceKey}" names no ${definition.integrationKey ? `data source of integration "${definition.integrationKey}" (nor a universal one)` : 'universal data source'}; create it first (POST /data-sources)`
        })
      } else if (definition.integrationKey) {
        const connector = pending.connector ?? this.integrations.config(definition.integrationKey, true).connector
        const choice = this.dataSources.collectionOn(dataSource, connector, null)
        const collection = 'key' in choice ? connector.collections.find((c) => c.key === choice.key) : undefined
        collectionFields = schemaFields(collection?.fieldsSchema as Record<string, unknown> | undefined)
      }
    }
    problems.push(
      ...mappingProblems(definition.defaultImportValue, 'defaultImportValue', appFields, "your app's schema"),
      ...mappingProblems(definition.defaultExportValue, 'defaultExportValue', collectionFields, "the app's collection")
    )
    if (problems.length) throw invalidData(`Invalid field mapping: ${listProblems(problems)}`, problems)
  }
}

/** Row → DTO with the ids of its integration and of the data source it names (DTOs carry both). */
function toDto(row: FieldMappingRow, dataSources: DataSourceService): FieldMappingDto {
  const dataSource =
    row.data_source_key === null
      ? undefined
      : row.integration_key
        ? dataSources.forIntegration(row.data_source_key, row.integration_key)
        : dataSources.universalByKey(row.data_source_key)
  return toFieldMappingDto(row, dataSources.integrationIdOf(row.integration_key), dataSource?.id)
}
