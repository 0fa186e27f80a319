import type { ErrorDetail } from '../../../contract/errors'
import type { Kysely } from 'kysely'
import type { EngineContext } from '../../common/engine-context'
import type { Database } from '../../db/database'
import { newId } from '../../common/ids'
import {
  refOf,
  type ApplyContext,
  type ExportContext,
  type SnapshotSection,
  type ValidateContext
} from './snapshot-section'

/** Any table as plain rows: a section names its table and columns at run time. */
type AnyTables = Record<string, Record<string, unknown>>

/**
 * The query builder over tables named by a spec. The one cast here stands for the spec being
 * data (table and column names as strings); what is read is converted by `toItem` per column kind.
 */
function anyTables(db: Database): Kysely<AnyTables> {
  return db.q as unknown as Kysely<AnyTables>
}

/** How one column appears in a snapshot entry. */
export type ColumnKind =
  | 'text'
  | 'int'
  | 'number'
  | 'bool'
  | 'json'
  /** An id of another section's entry, written as that entry's ref. */
  | { ref: string }
  /** A time kept as it is (history); other times are set at import. */
  | 'time'

/** One column ↔ one entry field. */
export interface ColumnSpec {
  column: string
  field: string
  kind: ColumnKind
  /** NULL in the row ↔ field absent in the entry. */
  optional?: boolean
}

/** Rows of a child table written inside each entry (node runs inside a run). */
export interface ChildSpec {
  field: string
  table: string
  /** The child's column holding the parent's id. */
  parentColumn: string
  orderBy: string
  columns: ColumnSpec[]
}

/** What an existing row that an entry collides with becomes. */
export interface Collision {
  id: string
  /** Same content: the entry maps onto it with no change and no conflict. */
  identical: boolean
  label: string
}

/** Declares a section over one table. */
export interface TableSectionSpec {
  key: string
  table: string
  columns: ColumnSpec[]
  /** Ids of the rows to export. */
  select(x: ExportContext): string[]
  /** The column holding the owning customer's id, when rows belong to a customer. */
  customerColumn?: string
  children?: ChildSpec[]
  /** An existing row that collides with the entry (unique keys), if any. */
  collision?(ctx: EngineContext, item: Record<string, unknown>): Collision | undefined
  /** A field to suffix with `-imported` when the policy is rename. */
  renameField?: string
  /** Values the entry does not carry (defaults for NOT NULL columns, state to reset). */
  extraValues?(item: Record<string, unknown>, nowIso: string): Record<string, unknown>
  /** Label of an entry in reports. */
  label(item: Record<string, unknown>): string
  /**
   * The checks the REST API runs on such an element (definitions, graphs, schemas), for the entry
   * at `at` (for example `flows[2]`); problems name their path under it. Runs before anything is written.
   */
  check?(item: Record<string, unknown>, at: string, v: ValidateContext): ErrorDetail[]
  /** Columns set to the import time (default created_at and updated_at). */
  stampColumns?: string[]
}

function fieldSchema(kind: ColumnKind): Record<string, unknown> {
  if (typeof kind === 'object') return { type: 'string', minLength: 1 }
  switch (kind) {
    case 'text':
    case 'time':
      return { type: 'string' }
    case 'int':
      return { type: 'integer' }
    case 'number':
      return { type: 'number' }
    case 'bool':
      return { type: 'boolean' }
    case 'json':
      return {}
  }
}

function itemSchemaOf(
  columns: ColumnSpec[],
  children: ChildSpec[] = [],
  extra: Record<string, unknown> = {},
  withRef = true
): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    ...(withRef ? { ref: { type: 'string', minLength: 1 } } : {}),
    ...extra
  }
  const required = withRef ? ['ref'] : []
  for (const c of columns) {
    properties[c.field] = fieldSchema(c.kind)
    if (!c.optional) required.push(c.field)
  }
  for (const child of children)
    properties[child.field] = { type: 'array', items: itemSchemaOf(child.columns, [], {}, false) }
  return { type: 'object', required, additionalProperties: false, properties }
}

/** Row → entry, with ids turned into refs (ids are refs in the exporting workspace). */
function toItem(row: Record<string, unknown>, columns: ColumnSpec[]): Record<string, unknown> {
  const item: Record<string, unknown> = {}
  for (const c of columns) {
    const value = row[c.column]
    if (value === null || value === undefined) continue
    if (c.kind === 'bool') item[c.field] = value === 1
    else if (c.kind === 'json') item[c.field] = JSON.parse(value as string)
    else item[c.field] = value
  }
  return item
}

/**
 * A snapshot section over one table, declared by its columns: export, reference checks,
 * collisions with the conflict policy, skipping entries of skipped customers, and replacing
 * a replaced customer's rows.
 */
export function createTableSection(spec: TableSectionSpec): SnapshotSection {
  const refColumns = spec.columns.filter((c) => typeof c.kind === 'object')
  const archived = spec.columns.some((c) => c.column === 'archived_at')
  const columns = spec.columns.filter((c) => c.column !== 'archived_at')
  const customerRefColumn = spec.customerColumn ? spec.columns.find((c) => c.column === spec.customerColumn) : undefined

  return {
    key: spec.key,
    itemSchema: itemSchemaOf(columns, spec.children, archived ? { archived: { type: 'boolean' } } : {}),

    exportItems(x) {
      const { db } = x.ctx
      const ids = spec.select(x)
      const rows: Record<string, unknown>[] = []
      for (let i = 0; i < ids.length; i += 500) {
        rows.push(
          ...(db.all(
            anyTables(db)
              .selectFrom(spec.table)
              .selectAll()
              .where('id', 'in', ids.slice(i, i + 500))
          ) as Record<string, unknown>[])
        )
      }
      // Creation order, so parents (and anything referred to) come before what refers to them.
      rows.sort((a, b) => (a.seq as number) - (b.seq as number))
      const items: unknown[] = []
      for (const row of rows) {
        const item: Record<string, unknown> = { ref: row.id as string, ...toItem(row, columns) }
        if (archived && row.archived_at) item.archived = true
        for (const child of spec.children ?? []) {
          const childRows = db.all(
            anyTables(db)
              .selectFrom(child.table)
              .selectAll()
              .where(child.parentColumn, '=', row.id)
              .orderBy(child.orderBy)
          ) as Record<string, unknown>[]
          item[child.field] = childRows.map((r) => toItem(r, child.columns))
        }
        items.push(item)
      }
      return items
    },

    validate(items, v: ValidateContext) {
      const problems: ErrorDetail[] = []
      items.forEach((raw, i) => {
        const item = raw as Record<string, unknown>
        for (const c of refColumns) {
          const value = item[c.field]
          if (value === undefined) continue
          const target = (c.kind as { ref: string }).ref
          if (!v.refs.get(target)?.has(String(value))) {
            problems.push({
              path: `${spec.key}[${i}].${c.field}`,
              message: `${spec.key}[${i}].${c.field} "${String(value)}" names no entry of ${target} in the file`
            })
          }
        }
        if (spec.check) problems.push(...spec.check(item, `${spec.key}[${i}]`, v))
      })
      return problems
    },

    apply(items, a: ApplyContext) {
      const { ctx } = a
      const ids = new Map<string, string>()
      const skipped = new Set<string>()
      a.ids.set(spec.key, ids)
      a.skipped.set(spec.key, skipped)
      const cleared = new Set<string>()
      const now = ctx.nowIso()
      items.forEach((raw, index) => {
        a.progress(index, items.length)
        const item = raw as Record<string, unknown>
        const ref = refOf(item)
        const label = spec.label(item)
        // Entries that hang off a skipped entry are skipped with it.
        const skippedParent = refColumns.find(
          (c) =>
            item[c.field] !== undefined && a.skipped.get((c.kind as { ref: string }).ref)?.has(String(item[c.field]))
        )
        if (skippedParent) {
          skipped.add(ref)
          a.report({
            section: spec.key,
            ref,
            label,
            action: 'skipped',
            detail: `its ${skippedParent.field.replace(/Ref$/, '')} was skipped`
          })
          return
        }
        const row: Record<string, unknown> = {}
        for (const c of columns) {
          const value = item[c.field]
          if (value === undefined) row[c.column] = null
          else if (typeof c.kind === 'object') row[c.column] = a.ids.get(c.kind.ref)?.get(String(value)) ?? null
          else if (c.kind === 'bool') row[c.column] = value ? 1 : 0
          else if (c.kind === 'json') row[c.column] = JSON.stringify(value)
          else row[c.column] = value
        }
        if (archived) row.archived_at = item.archived ? now : null
        for (const column of spec.stampColumns ?? ['created_at', 'updated_at']) row[column] = now
        Object.assign(row, spec.extraValues?.(item, now))
        if (customerRefColumn && spec.customerColumn) {
          const customerId = row[spec.customerColumn] as string
          if (a.replacedCustomers.has(customerId) && !cleared.has(customerId)) {
            cleared.add(customerId)
            for (const child of spec.children ?? []) {
              ctx.db.run(
                anyTables(ctx.db)
                  .deleteFrom(child.table)
                  .where(
                    child.parentColumn,
                    'in',
                    anyTables(ctx.db).selectFrom(spec.table).select('id').where(spec.customerColumn, '=', customerId)
                  )
              )
            }
            ctx.db.run(anyTables(ctx.db).deleteFrom(spec.table).where(spec.customerColumn, '=', customerId))
          }
        }
        const collision = spec.collision?.(ctx, { ...item, ...rowRefs(row, refColumns) })
        if (collision) {
          if (collision.identical || a.onConflict === 'skip') {
            ids.set(ref, collision.id)
            if (!collision.identical) skipped.add(ref)
            a.report({
              section: spec.key,
              ref,
              label,
              action: 'skipped',
              detail: collision.identical ? 'an identical one exists' : `${collision.label} exists`
            })
            return
          }
          if (a.onConflict === 'replace') {
            const { id: _id, seq: _seq, created_at: _created, ...changes } = row
            ctx.db.run(anyTables(ctx.db).updateTable(spec.table).set(changes).where('id', '=', collision.id))
            ids.set(ref, collision.id)
            a.report({ section: spec.key, ref, label, action: 'changed', detail: `replaced ${collision.label}` })
            return
          }
          if (spec.renameField) {
            const base = String(row[spec.renameField])
            for (let n = 1; ; n++) {
              row[spec.renameField] = n === 1 ? `${base}-imported` : `${base}-imported-${n}`
              if (
                !spec.collision?.(ctx, {
                  ...item,
                  ...rowRefs(row, refColumns),
                  [fieldOf(spec, spec.renameField)]: row[spec.renameField]
                })
              )
                break
            }
          }
        }
        row.id = newId(ctx.clock.now())
        ctx.db.run(anyTables(ctx.db).insertInto(spec.table).values(row))
        ids.set(ref, row.id as string)
        for (const child of spec.children ?? []) {
          for (const childItem of (item[child.field] as Record<string, unknown>[] | undefined) ?? []) {
            const childRow: Record<string, unknown> = { [child.parentColumn]: row.id }
            for (const c of child.columns) {
              const value = childItem[c.field]
              childRow[c.column] =
                value === undefined
                  ? null
                  : c.kind === 'json'
                    ? JSON.stringify(value)
                    : c.kind === 'bool'
                      ? value
                        ? 1
                        : 0
                      : value
            }
            ctx.db.run(anyTables(ctx.db).insertInto(child.table).values(childRow))
          }
        }
        const renamed = collision && spec.renameField
        a.report({
          section: spec.key,
          ref,
          label: renamed ? String(row[spec.renameField!]) : label,
          action: renamed ? 'renamed' : 'added'
        })
      })
    },

    clear(ctx) {
      for (const child of spec.children ?? []) ctx.db.run(anyTables(ctx.db).deleteFrom(child.table))
      ctx.db.run(anyTables(ctx.db).deleteFrom(spec.table))
    }
  }
}

/** The engine ids a row now points at, under the entry's field names (for collision checks). */
function rowRefs(row: Record<string, unknown>, refColumns: ColumnSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const c of refColumns) out[`${c.field}:id`] = row[c.column]
  return out
}

function fieldOf(spec: TableSectionSpec, column: string): string {
  return spec.columns.find((c) => c.column === column)?.field ?? column
}
