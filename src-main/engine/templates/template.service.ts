import type { Page } from '../../contract/pagination'
import type { ElementSelector, TemplateQuery } from '../../contract/templates'
import { assertElementKey, keyFromName, splitElementSelector } from '../common/element-keys'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, badRequest, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { jsonOrNull } from '../common/json-column'
import { pageLimit, seqPage, decodeSeqCursor } from '../common/listing'
import type { TemplateInsert, TemplateRepository, TemplateRow } from './template.repository'

/** Which template a request names: a string selector (id, key or `integrationKey.key`) or an object selector. */
export type TemplateSelector = string | ElementSelector

/** The columns of a new template row that `insert` fills when the caller leaves them out. */
type NewRowColumns = 'id' | 'revision' | 'created_at' | 'updated_at' | 'archived_at'

/** The events of one kind of template, emitted after the write commits. */
export interface TemplateEvents<Dto> {
  created(dto: Dto): void
  updated(dto: Dto, contentChanged: boolean): void
  archived(dto: Dto): void
  restored(dto: Dto): void
}

/** One row of the table of template kinds: what sets a kind apart in the rules they share. */
export interface TemplateKind<Row extends TemplateRow, Dto> {
  /** The noun messages use: "flow", "action". */
  noun: string
  /** The noun with its article: "a flow", "an action". */
  aNoun: string
  /** Where a 409 puts the id of the template that holds the key: "flowId", "actionId". */
  idField: string
  /** The definition: a change to one of these customises a derived template, and derived templates copy them from their parent. */
  contentColumns: readonly (keyof Row & string)[]
  /** 400 for a parentId without an integration key. */
  parentNeedsIntegration: string
  /** 400 for a parentId that names an integration-level template. */
  parentNotUniversal(parent: Row): string
  toDto(row: Row): Dto
  events: TemplateEvents<Dto>
}

/**
 * The rules every kind of template shares (the services of flows, actions, data sources and
 * field mappings extend it): selectors, listings, keys unique per layer
 * (universal, or one integration), archive and restore, and integration-level copies of a
 * universal template that follow it until customised (`reset`, `apply`, propagation).
 */
export class TemplateService<
  Row extends TemplateRow,
  Dto,
  Repo extends TemplateRepository<Row> = TemplateRepository<Row>
> {
  private readonly Noun: string

  constructor(
    protected readonly ctx: EngineContext,
    protected readonly repo: Repo,
    private readonly kind: TemplateKind<Row, Dto>,
    private readonly integrationKeyOf: (selector: string, path: string) => string
  ) {
    this.Noun = kind.noun[0].toUpperCase() + kind.noun.slice(1)
  }

  /** A page of templates, oldest first. */
  list(query: TemplateQuery = {}): Page<Dto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.list({
      search: query.search?.trim() || undefined,
      integrationKey: query.integrationKey,
      isUniversal: query.isUniversal,
      parentId: query.parentId,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.kind.toDto(row)))
  }

  /** The template a selector names. */
  get(selector: TemplateSelector): Dto {
    return this.kind.toDto(this.rowOf(selector))
  }

  /**
   * The row a selector names. A string is an id, a key (universal first; an integration-level
   * key when it is the only one) or `integrationKey.key`; an object names `id`, or `key` with
   * an optional `integrationKey`. Archived rows are found only when no live one matches.
   */
  rowOf(selector: TemplateSelector): Row {
    const { noun } = this.kind
    if (typeof selector === 'string') {
      const byId = this.repo.byId(selector)
      if (byId) return byId
      const found = this.byKey(selector, undefined)
      if (found) return found
      const split = splitElementSelector(selector)
      const scoped = split && this.byKey(split.key, split.integrationKey)
      if (scoped) return scoped
      throw notFound(`No ${noun} with id or key "${selector}". List ${noun}s with GET /${noun}s.`)
    }
    if (selector.id) {
      const row = this.repo.byId(selector.id)
      if (!row) throw notFound(`No ${noun} with id "${selector.id}".`)
      return row
    }
    if (!selector.key)
      throw badRequest(
        `Name the ${noun} with ?id=<id> or ?key=<key> (and &integrationKey=<key> for an integration-level ${noun}).`
      )
    const row = this.byKey(selector.key, selector.integrationKey)
    if (!row)
      throw notFound(
        `No ${noun} with key "${selector.key}"${selector.integrationKey ? ` for integration "${selector.integrationKey}"` : ''}.`
      )
    return row
  }

  /** The integration a create body names (`integrationKey`, or `integrationId`); null for a universal template. */
  integrationKeyIn(body: { integrationKey?: string; integrationId?: string }): string | null {
    if (body.integrationKey !== undefined) return this.integrationKeyOf(body.integrationKey, 'integrationKey')
    if (body.integrationId !== undefined) return this.integrationKeyOf(body.integrationId, 'integrationId')
    return null
  }

  /** The universal template a new integration-level one derives from (`parentId`), if the body names one. */
  parentFor(selector: string | undefined, integrationKey: string | null): Row | undefined {
    if (selector === undefined) return undefined
    if (integrationKey === null)
      throw invalidData(this.kind.parentNeedsIntegration, [{ path: 'parentId', message: 'needs integrationKey' }])
    const parent = this.rowOf(selector)
    if (parent.integration_key !== null)
      throw invalidData(this.kind.parentNotUniversal(parent), [{ path: 'parentId', message: 'not universal' }])
    return parent
  }

  /** The key of a new template, checked: the body's, its parent's, or one made from its name that is free in its layer. */
  newKey(key: string | undefined, parent: Row | undefined, name: string, integrationKey: string | null): string {
    const chosen = key ?? parent?.key ?? this.freeKey(keyFromName(name), integrationKey)
    assertElementKey(chosen, `The ${this.kind.noun}`)
    return chosen
  }

  /**
   * Stores a new template (409 when its key is taken in its layer) and announces it. The
   * bookkeeping a caller leaves out is that of a new row: a new id, revision 1, created now.
   */
  insert(row: Omit<TemplateInsert<Row>, NewRowColumns> & Partial<Pick<Row, NewRowColumns>>): Dto {
    const now = this.ctx.nowIso()
    const fresh = { id: newId(this.ctx.clock.now()), revision: 1, created_at: now, updated_at: now, archived_at: null }
    const inserted = this.ctx.db.transaction(() => {
      this.assertKeyFree(row.key, row.integration_key)
      return this.repo.insert({ ...fresh, ...row } as TemplateInsert<Row>)
    })
    const dto = this.kind.toDto(inserted)
    this.kind.events.created(dto)
    return dto
  }

  /** The columns of a new template every kind fills alike: key and layer, parent, name, description and meta. */
  protected newIdentity(
    key: string,
    integrationKey: string | null,
    parent: Row | undefined,
    body: { name: string; description?: string | null; meta?: unknown }
  ) {
    return {
      key,
      integration_key: integrationKey,
      parent_id: parent?.id ?? null,
      name: body.name,
      description: body.description ?? parent?.description ?? null,
      meta: jsonOrNull(body.meta)
    }
  }

  /** The new key a PATCH or PUT asks for, checked; undefined when the key stays. */
  keyChange(row: Row, key: string | undefined): string | undefined {
    if (key === undefined || key === row.key) return undefined
    const { noun, aNoun } = this.kind
    if (row.parent_id)
      throw invalidData(`The key of ${aNoun} made from a universal ${noun} follows its parent and cannot change.`, [
        { path: 'key', message: 'read-only' }
      ])
    assertElementKey(key, `The ${noun}`)
    return key
  }

  /**
   * Writes the changes of a PATCH or PUT. A changed definition takes a new revision and
   * customises a derived template; a universal one passes it on to the copies that follow it.
   */
  commit(row: Row, changes: Partial<Row>): Dto {
    const contentChanged = this.kind.contentColumns.some(
      (column) => column in changes && changes[column] !== row[column]
    )
    const updated = this.ctx.db.transaction(() => {
      if (changes.key !== undefined) this.assertKeyFree(changes.key, row.integration_key)
      return this.repo.update(row.id, {
        ...changes,
        ...(row.parent_id && contentChanged ? { is_customized: 1 } : {}),
        ...(contentChanged ? { revision: row.revision + 1 } : {}),
        updated_at: this.ctx.nowIso()
      })
    })
    const dto = this.kind.toDto(updated)
    this.kind.events.updated(dto, contentChanged)
    if (contentChanged && updated.integration_key === null) {
      for (const child of this.repo.children(updated.id)) if (!child.is_customized) this.follow(child, updated)
    }
    return dto
  }

  /** Archives the template: it leaves listings and its key is free again. */
  archive(selector: TemplateSelector): Dto {
    const row = this.rowOf(selector)
    if (row.archived_at) return this.kind.toDto(row)
    const dto = this.kind.toDto(
      this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() } as Partial<Row>)
    )
    this.kind.events.archived(dto)
    return dto
  }

  /** Brings an archived template back (409 when its key was taken meanwhile). */
  restore(selector: TemplateSelector): Dto {
    const row = this.rowOf(selector)
    if (!row.archived_at) return this.kind.toDto(row)
    const dto = this.ctx.db.transaction(() => {
      this.assertKeyFree(row.key, row.integration_key)
      return this.kind.toDto(
        this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() } as Partial<Row>)
      )
    })
    this.kind.events.restored(dto)
    return dto
  }

  /** Takes an integration-level template back to its universal parent. */
  reset(selector: TemplateSelector): Dto {
    const row = this.rowOf(selector)
    const { noun } = this.kind
    if (!row.parent_id) {
      throw badRequest(
        `${this.Noun} "${row.key}" has no parent to reset to: only integration-level ${noun}s made from a universal ${noun} (parentId) can be reset.`
      )
    }
    const parent = this.repo.byId(row.parent_id)
    if (!parent) throw notFound(`The parent ${noun} ${row.parent_id} of "${row.key}" no longer exists.`)
    return this.follow(row, parent)
  }

  /** Makes (or brings up to date) integration-level copies of a universal template. */
  /** The integration-level copies, one per key in order: an array, as the IA SDK's `apply()` types it. */
  apply(selector: TemplateSelector, integrationKeys: unknown): Dto[] {
    const parent = this.rowOf(selector)
    if (parent.integration_key !== null)
      throw badRequest(
        `Only universal ${this.kind.noun}s can be applied to integrations; "${parent.key}" belongs to "${parent.integration_key}".`
      )
    if (
      !Array.isArray(integrationKeys) ||
      !integrationKeys.length ||
      integrationKeys.some((k) => typeof k !== 'string' || !k)
    ) {
      throw invalidData('integrationKeys must be a non-empty array of integration keys.', [
        { path: 'integrationKeys', message: 'array of strings required' }
      ])
    }
    const items: Dto[] = []
    const keys = (integrationKeys as string[]).map((k, i) => this.integrationKeyOf(k, `integrationKeys[${i}]`))
    for (const integrationKey of keys) {
      const existing = this.repo.liveByKey(parent.key, integrationKey)
      if (existing) {
        items.push(existing.is_customized ? this.kind.toDto(existing) : this.follow(existing, parent))
        continue
      }
      const now = this.ctx.nowIso()
      const dto = this.kind.toDto(
        this.repo.insert({
          ...parent,
          seq: undefined,
          id: newId(this.ctx.clock.now()),
          integration_key: integrationKey,
          parent_id: parent.id,
          is_customized: 0,
          revision: 1,
          meta: null,
          created_at: now,
          updated_at: now,
          archived_at: null
        })
      )
      this.kind.events.created(dto)
      items.push(dto)
    }
    return items
  }

  /** Copies the parent's definition into a derived template and marks it as not customised. */
  private follow(row: Row, parent: Row): Dto {
    const columns = this.kind.contentColumns
    const same = columns.every((column) => row[column] === parent[column])
    const changes: Partial<Row> = {}
    for (const column of columns) changes[column] = parent[column]
    const dto = this.kind.toDto(
      this.repo.update(row.id, {
        ...changes,
        is_customized: 0,
        revision: same ? row.revision : row.revision + 1,
        updated_at: this.ctx.nowIso()
      })
    )
    this.kind.events.updated(dto, !same)
    return dto
  }

  /** A template's row by id (archived ones too): what an instance made from it reads. */
  rowById(id: string): Row | undefined {
    return this.repo.byId(id)
  }

  /** The live template of `key` at one integration's level (null: the universal one). */
  liveRowByKey(key: string, integrationKey: string | null): Row | undefined {
    return this.repo.liveByKey(key, integrationKey)
  }

  /** Every template row with this key, at every level. */
  rowsByKey(key: string): Row[] {
    return this.repo.byKey(key)
  }

  private byKey(key: string, integrationKey: string | undefined): Row | undefined {
    const rows = this.repo.byKey(key)
    if (!rows.length) return undefined
    if (integrationKey !== undefined) return rows.find((r) => r.integration_key === integrationKey)
    const universal = rows.find((r) => r.integration_key === null)
    if (universal) return universal
    const live = rows.filter((r) => !r.archived_at)
    if (live.length > 1) {
      throw badRequest(
        `${this.Noun} key "${key}" exists for several integrations (${live.map((r) => r.integration_key).join(', ')}): add integrationKey, or use "<integrationKey>.${key}".`
      )
    }
    return live[0] ?? rows[0]
  }

  private freeKey(base: string, integrationKey: string | null): string {
    let key = base
    for (let i = 2; this.repo.liveByKey(key, integrationKey); i++) key = `${base}-${i}`
    return key
  }

  private assertKeyFree(key: string, integrationKey: string | null): void {
    const taken = this.repo.liveByKey(key, integrationKey)
    if (taken) {
      const { noun, aNoun, idField } = this.kind
      const layer = integrationKey ? ` for integration "${integrationKey}"` : ` among universal ${noun}s`
      throw alreadyExists(
        `${aNoun[0].toUpperCase()}${aNoun.slice(1)} with key "${key}" already exists${layer} (id ${taken.id}).`,
        { [idField]: taken.id }
      )
    }
  }
}
