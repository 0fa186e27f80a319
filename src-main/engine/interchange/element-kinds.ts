import type { Page } from '../../contract/pagination'
import type { ActionService } from '../actions/action.service'
import type { AppDataSchemaService } from '../app-data-schemas/app-data-schema.service'
import type { AppEventTypeService } from '../app-event-types/app-event-type.service'
import type { Connector } from '../apps/connector'
import type { DataLinkService } from '../data-links/data-link.service'
import type { DataSourceService } from '../data-sources/data-source.service'
import type { Database } from '../db/database'
import type { FieldMappingService } from '../field-mappings/field-mapping.service'
import type { FlowService } from '../flow-engine/flows/flow.service'

/** One workspace element as export and import see it: identity, layer, lineage and content. */
export interface ElementRecord {
  id: string
  key: string
  /** Set for integration-level elements. */
  integrationKey?: string
  /** The universal element an integration-level one derives from. */
  parentId?: string
  /** What travels: the element's definition, without ids, timestamps or revision counters. */
  spec: Record<string, unknown>
}

/** Where an element of an import will sit: checks that depend on its integration or on other elements read it. */
export interface CheckPlace {
  /** The integration of an integration-level element. */
  integrationKey?: string
  /** That integration's app (from the zip when the import creates the integration). */
  connector?: Connector
  /** Whether the zip brings an element of this type and key (universal, or at the same integration). */
  inZip(type: string, key: string): boolean
}

/**
 * One kind of workspace element in Membrane's zip layout (`<type>/<key>/spec.yaml`): how to
 * list it, its exported content, and how to check, create, replace and archive it with the
 * same rules as its REST API. Adding a kind to export / import is one entry in the table.
 */
export interface ElementKind {
  /** Folder in the zip and REST path: `flows`, `actions`, `app-data-schemas`. */
  type: string
  /** Whether integration-level elements exist (under `integrations/<key>/<type>/`). */
  integrationLevel: boolean
  /** Every live element, universal and integration-level. */
  list(): ElementRecord[]
  /** The checks `POST /<type>` runs on a body, without writing. */
  check(body: Record<string, unknown>, place: CheckPlace): Promise<void>
  /** Creates from a body (`integrationKey` and `parentId` set for integration-level ones); the new id. */
  create(body: Record<string, unknown>): Promise<string>
  /** Replaces the definition, as `PUT /<type>/{id}` does. */
  replace(id: string, spec: Record<string, unknown>): Promise<void>
  archive(id: string): void
  /** Live instances built from the element (an import refuses to delete those unless forced). */
  usage(id: string): number
}

/** Every item of a paged listing. */
function all<T>(page: (cursor: string | undefined) => Page<T>): T[] {
  const items: T[] = []
  let cursor: string | undefined
  do {
    const next = page(cursor)
    items.push(...next.items)
    cursor = next.cursor
  } while (cursor)
  return items
}

/** Keeps the keys of `source` that are set, in the order given. */
function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys) if (source[key] !== undefined && source[key] !== null) out[key] = source[key]
  return out
}

interface TemplateLike {
  id: string
  key: string
  integrationKey?: string
  parentId?: string
}

function record(dto: TemplateLike, fields: readonly string[]): ElementRecord {
  const rec: ElementRecord = { id: dto.id, key: dto.key, spec: pick(dto as unknown as Record<string, unknown>, fields) }
  if (dto.integrationKey) rec.integrationKey = dto.integrationKey
  if (dto.parentId) rec.parentId = dto.parentId
  return rec
}

const FLOW_FIELDS = [
  'key',
  'name',
  'description',
  'nodes',
  'parametersSchema',
  'concurrency',
  'autoCreateInstances',
  'meta'
] as const
const ACTION_FIELDS = [
  'key',
  'name',
  'description',
  'type',
  'config',
  'inputSchema',
  'outputMapping',
  'customOutputSchema',
  'meta'
] as const
const APP_DATA_SCHEMA_FIELDS = ['key', 'name', 'description', 'schema', 'code', 'meta'] as const
const DATA_SOURCE_FIELDS = [
  'key',
  'name',
  'description',
  'udm',
  'collectionKey',
  'collectionParameters',
  'meta'
] as const
const FIELD_MAPPING_FIELDS = [
  'key',
  'name',
  'description',
  'dataSourceKey',
  'appSchema',
  'direction',
  'defaultImportValue',
  'defaultExportValue',
  'frozenImportFields',
  'frozenExportFields',
  'meta'
] as const
/** The webhook key and global webhook URI are per Workbench (the target makes its own). */
const APP_EVENT_TYPE_FIELDS = [
  'key',
  'name',
  'description',
  'schema',
  'example',
  'userIdFormula',
  'subscribeRequest',
  'unsubscribeRequest'
] as const
const DATA_LINK_TABLE_FIELDS = ['key', 'name', 'description'] as const

/** What the element kinds are built from. */
export interface ElementKindServices {
  db: Database
  flows: FlowService
  actions: ActionService
  appDataSchemas: AppDataSchemaService
  dataSources: DataSourceService
  fieldMappings: FieldMappingService
  appEventTypes: AppEventTypeService
  dataLinks: DataLinkService
}

/** The instance table of each kind and the column naming its element. */
const INSTANCES = {
  flow_instances: 'flow_id',
  action_instances: 'action_id',
  data_source_instances: 'data_source_id',
  field_mapping_instances: 'field_mapping_id',
  app_event_subscriptions: 'app_event_type_id',
  data_link_table_instances: 'data_link_table_id'
} as const

function liveCount(db: Database, table: keyof typeof INSTANCES, id: string): number {
  // Every instance table has the element column and archived_at; kysely cannot see that through a union.
  const row = db.first(
    db.q
      .selectFrom(table as 'flow_instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(INSTANCES[table] as 'flow_id', '=', id)
      .where('archived_at', 'is', null)
  )
  return Number(row?.n ?? 0)
}

/** The table of element kinds, in the order an import writes them (what others refer to first: data sources before the field mappings and flows that name them). */
export function createElementKinds(s: ElementKindServices): ElementKind[] {
  return [
    {
      type: 'app-data-schemas',
      integrationLevel: false,
      list: () =>
        all((cursor) => s.appDataSchemas.list({ limit: 1000, cursor })).map((dto) =>
          record(dto, APP_DATA_SCHEMA_FIELDS)
        ),
      check: async (body) => s.appDataSchemas.checkCreate(body),
      create: async (body) => s.appDataSchemas.create(body).id,
      replace: async (id, spec) => void s.appDataSchemas.update(id, spec, 'put'),
      archive: (id) => void s.appDataSchemas.archive(id),
      usage: () => 0
    },
    {
      type: 'data-link-tables',
      integrationLevel: false,
      list: () =>
        all((cursor) => s.dataLinks.listTables({ limit: 1000, cursor })).map((dto) =>
          record(dto, DATA_LINK_TABLE_FIELDS)
        ),
      check: async (body) => s.dataLinks.checkTable(body),
      create: async (body) => s.dataLinks.createTable(body).id,
      replace: async (id, spec) => void s.dataLinks.updateTable(id, spec, 'put'),
      archive: (id) => s.dataLinks.archiveTable(id),
      usage: (id) => liveCount(s.db, 'data_link_table_instances', id)
    },
    {
      type: 'app-event-types',
      integrationLevel: false,
      list: () =>
        all((cursor) => s.appEventTypes.list({ limit: 1000, cursor })).map((dto) => record(dto, APP_EVENT_TYPE_FIELDS)),
      check: async (body) => s.appEventTypes.checkCreate(body),
      create: async (body) => s.appEventTypes.create(body).id,
      replace: async (id, spec) => void s.appEventTypes.update(id, spec, 'put'),
      archive: (id) => s.appEventTypes.archive(id),
      usage: (id) => liveCount(s.db, 'app_event_subscriptions', id)
    },
    {
      type: 'data-sources',
      integrationLevel: true,
      list: () =>
        all((cursor) => s.dataSources.list({ limit: 1000, cursor })).map((dto) => record(dto, DATA_SOURCE_FIELDS)),
      check: async (body, place) => s.dataSources.checkCreate(body, place),
      create: async (body) => s.dataSources.create(body).id,
      replace: async (id, spec) => void s.dataSources.replace(id, spec),
      archive: (id) => void s.dataSources.archive(id),
      usage: (id) => liveCount(s.db, 'data_source_instances', id)
    },
    {
      type: 'field-mappings',
      integrationLevel: true,
      list: () =>
        all((cursor) => s.fieldMappings.list({ limit: 1000, cursor })).map((dto) => record(dto, FIELD_MAPPING_FIELDS)),
      check: (body, place) =>
        s.fieldMappings.checkCreate(body, {
          ...place,
          dataSourceInZip: (key) => place.inZip('data-sources', key)
        }),
      create: async (body) => (await s.fieldMappings.create(body)).id,
      replace: async (id, spec) => void (await s.fieldMappings.replace(id, spec)),
      archive: (id) => void s.fieldMappings.archive(id),
      usage: (id) => liveCount(s.db, 'field_mapping_instances', id)
    },
    {
      type: 'actions',
      integrationLevel: true,
      list: () => all((cursor) => s.actions.list({ limit: 1000, cursor })).map((dto) => record(dto, ACTION_FIELDS)),
      check: (body) => s.actions.check(body),
      create: async (body) => (await s.actions.create(body)).id,
      replace: async (id, spec) => void (await s.actions.replace(id, spec)),
      archive: (id) => void s.actions.archive(id),
      usage: (id) => liveCount(s.db, 'action_instances', id)
    },
    {
      type: 'flows',
      integrationLevel: true,
      list: () => all((cursor) => s.flows.list({ limit: 1000, cursor })).map((dto) => record(dto, FLOW_FIELDS)),
      check: (body) => s.flows.check(body),
      create: async (body) => (await s.flows.create(body)).id,
      replace: async (id, spec) => void (await s.flows.replace(id, spec)),
      archive: (id) => void s.flows.archive(id),
      usage: (id) => liveCount(s.db, 'flow_instances', id)
    }
  ]
}
