import { sql } from 'kysely'
import type { ErrorDetail } from '../../../contract/errors'
import type { EngineContext } from '../../common/engine-context'
import type { TemplateTableName } from '../../templates/template.repository'
import type { ExportContext, SnapshotSection } from './snapshot-section'
import { createTableSection, type ColumnSpec, type Collision } from './table-section'

/** Ids of the templates to export: all of them, or those the customer's instances use (with their parents). */
export function templateIds(x: ExportContext, table: TemplateTableName): string[] {
  const { db } = x.ctx
  if (x.scope.kind === 'workspace' || table !== 'flows') {
    let query = db.q.selectFrom(table).select('id')
    if (x.scope.kind !== 'workspace') query = query.where('archived_at', 'is', null)
    return db.all(query).map((r) => r.id)
  }
  const used = new Set(
    db
      .all(
        db.q
          .selectFrom('flow_instances')
          .select('flow_id')
          .where('customer_id', 'in', [...x.customerIds])
          .where('flow_id', 'is not', null)
      )
      .map((r) => r.flow_id!)
  )
  for (const id of [...used]) {
    const parent = db.first(db.q.selectFrom('flows').select('parent_id').where('id', '=', id))?.parent_id
    if (parent) used.add(parent)
  }
  return [...used]
}

const TEMPLATE_NOUN: Record<TemplateTableName, string> = {
  flows: 'flow',
  actions: 'action',
  data_sources: 'data source',
  field_mappings: 'field mapping'
}

/** A live template with the same key (and integration) as the entry. */
function templateCollision(
  ctx: EngineContext,
  table: TemplateTableName,
  item: Record<string, unknown>,
  content: string[]
): Collision | undefined {
  const { db } = ctx
  // the entry passed the item schema: its integrationKey is a string when present
  const integrationKey = (item.integrationKey as string | undefined) ?? ''
  const row = db.first(
    db.q
      .selectFrom(table)
      .selectAll()
      .where('key', '=', String(item.key))
      .where(sql<boolean>`ifnull(integration_key, '') = ${integrationKey}`)
      .where('archived_at', 'is', null)
  ) as Record<string, unknown> | undefined
  if (!row || item.archived) return undefined
  const same = content.every((column) => {
    const field = column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())
    const mine = item[field]
    const theirs = row[column]
    if (mine === undefined) return theirs === null
    if (typeof mine === 'boolean') return (theirs === 1) === mine
    if (typeof mine === 'object')
      return typeof theirs === 'string' && JSON.stringify(JSON.parse(theirs)) === JSON.stringify(mine)
    return theirs === mine
  })
  return {
    id: row.id as string,
    identical: same,
    label: `${TEMPLATE_NOUN[table]} "${String(item.key)}"${integrationKey ? ` of ${integrationKey}` : ''}`
  }
}

/** The archived flag every element and instance entry has. */
export const ARCHIVED: ColumnSpec = { column: 'archived_at', field: 'archived', kind: 'bool', optional: true }

const TEMPLATE_COMMON: ColumnSpec[] = [
  { column: 'key', field: 'key', kind: 'text' },
  { column: 'integration_key', field: 'integrationKey', kind: 'text', optional: true },
  { column: 'name', field: 'name', kind: 'text' },
  { column: 'description', field: 'description', kind: 'text', optional: true },
  { column: 'is_customized', field: 'isCustomized', kind: 'bool' },
  { column: 'revision', field: 'revision', kind: 'int' },
  { column: 'meta', field: 'meta', kind: 'json', optional: true },
  ARCHIVED
]

/**
 * A template section (flows, actions): the common columns, a parent in the same section and the
 * template's definition. An entry is identical to a live template of the same key and
 * integration when its name, description and definition are the same.
 */
export function templateSection(
  table: TemplateTableName,
  definition: ColumnSpec[],
  check: (item: Record<string, unknown>, at: string) => ErrorDetail[],
  key: string = table
): SnapshotSection {
  const content = ['name', 'description', ...definition.map((c) => c.column)]
  return createTableSection({
    key,
    table,
    columns: [
      ...TEMPLATE_COMMON,
      { column: 'parent_id', field: 'parentRef', kind: { ref: key }, optional: true },
      ...definition
    ],
    select: (x) => templateIds(x, table),
    check,
    collision: (ctx, item) => templateCollision(ctx, table, item, content),
    renameField: 'key',
    label: (item) => String(item.key)
  })
}
