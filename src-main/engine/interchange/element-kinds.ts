import type { Page } from '../../contract/pagination'
import type { ActionService } from '../actions/action.service'
import type { AppDataSchemaService } from '../app-data-schemas/app-data-schema.service'
import type { Database } from '../db/database'
import type { FlowService } from '../flows/flow.service'

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
  check(body: Record<string, unknown>): Promise<void>
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

/** What the element kinds are built from. */
export interface ElementKindServices {
  db: Database
  flows: FlowService
  actions: ActionService
  appDataSchemas: AppDataSchemaService
}

function liveCount(
  db: Database,
  table: 'flow_instances' | 'action_instances',
  column: 'flow_id' | 'action_id',
  id: string
): number {
  const row = db.first(
    db.q
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', id)
      .where('archived_at', 'is', null)
  )
  return Number(row?.n ?? 0)
}

/** The table of element kinds, in the order an import writes them (what others refer to first). */
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
      type: 'actions',
      integrationLevel: true,
      list: () => all((cursor) => s.actions.list({ limit: 1000, cursor })).map((dto) => record(dto, ACTION_FIELDS)),
      check: (body) => s.actions.check(body),
      create: async (body) => (await s.actions.create(body)).id,
      replace: async (id, spec) => void (await s.actions.replace(id, spec)),
      archive: (id) => void s.actions.archive(id),
      usage: (id) => liveCount(s.db, 'action_instances', 'action_id', id)
    },
    {
      type: 'flows',
      integrationLevel: true,
      list: () => all((cursor) => s.flows.list({ limit: 1000, cursor })).map((dto) => record(dto, FLOW_FIELDS)),
      check: (body) => s.flows.check(body),
      create: async (body) => (await s.flows.create(body)).id,
      replace: async (id, spec) => void (await s.flows.replace(id, spec)),
      archive: (id) => void s.flows.archive(id),
      usage: (id) => liveCount(s.db, 'flow_instances', 'flow_id', id)
    }
  ]
}
