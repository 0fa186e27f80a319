import type { ElementSelector, FlowCreate, FlowDto, FlowNodes, FlowQuery, FlowUpdate } from '../../contract/flows'
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type Page } from '../../contract/pagination'
import { assertElementKey, decodeSeqCursor, keyFromName, pageLimit, splitElementSelector } from '../common/element-keys'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, badRequest, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { createInputParser } from '../common/input-parser'
import { checkJsonSchema } from '../common/json-schema'
import type { FlowGraphValidator } from '../flow-graph/flow-graph'
import { toFlowDto } from './flow.mapper'
import { FlowRepository, type FlowRow } from './flow.repository'
import { listProblems } from '../common/problem-list'

const FLOW_FIELDS = {
  key: { type: 'string', minLength: 1, maxLength: 200 },
  name: { type: 'string', minLength: 1, maxLength: 500 },
  description: { type: ['string', 'null'], maxLength: 5000 },
  nodes: { type: 'object' },
  parametersSchema: { type: ['object', 'null'] },
  concurrency: { type: ['integer', 'null'], minimum: 1, maximum: 1000 },
  autoCreateInstances: { type: 'boolean' },
  meta: { type: ['object', 'null'] }
}

const parseCreate = createInputParser<FlowCreate & { integrationId?: string; universalFlowId?: string }>(
  {
    type: 'object',
    required: ['name'],
    properties: {
      ...FLOW_FIELDS,
      integrationKey: { type: 'string', minLength: 1, maxLength: 200 },
      integrationId: { type: 'string' },
      parentId: { type: 'string', minLength: 1 },
      universalFlowId: { type: 'string', minLength: 1 }
    }
  },
  '',
  'flow'
)

const parseUpdate = createInputParser<FlowUpdate>({ type: 'object', properties: FLOW_FIELDS }, '', 'flow update')

/** Which flow a request names: a string selector (id, key or `integrationKey.key`) or an object selector. */
export type FlowSelector = string | ElementSelector

/**
 * Flow templates: universal flows and flows for one integration (by key; the integration
 * itself is checked once integrations exist). Every save validates the node graph. A flow
 * derived from a universal flow follows it until customised; `reset` takes it back.
 */
export class FlowService {
  readonly repo: FlowRepository

  constructor(
    private readonly ctx: EngineContext,
    private readonly graph: FlowGraphValidator,
    private readonly integrationKeyOf: (selector: string, path: string) => string = (selector) => selector
  ) {
    this.repo = new FlowRepository(ctx.db)
  }

  /** A page of flows, oldest first. */
  list(query: FlowQuery = {}): Page<FlowDto> {
    const limit = pageLimit(query.limit, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX)
    const rows = this.repo.list({
      search: query.search?.trim() || undefined,
      integrationKey: query.integrationKey,
      isUniversal: query.isUniversal,
      parentId: query.parentId,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    const page = rows.slice(0, limit)
    const result: Page<FlowDto> = { items: page.map(toFlowDto) }
    if (rows.length > limit) result.cursor = String(page[page.length - 1].seq)
    return result
  }

  get(selector: FlowSelector): FlowDto {
    return toFlowDto(this.rowOf(selector))
  }

  /**
   * The row a selector names. A string is an id, a key (universal first; an integration-level
   * key when it is the only one) or `integrationKey.key`; an object names `id`, or `key` with
   * an optional `integrationKey`. Archived rows are found only when no live one matches.
   */
  rowOf(selector: FlowSelector): FlowRow {
    if (typeof selector === 'string') {
      const byId = this.repo.byId(selector)
      if (byId) return byId
      const found = this.byKey(selector, undefined)
      if (found) return found
      const split = splitElementSelector(selector)
      const scoped = split && this.byKey(split.key, split.integrationKey)
      if (scoped) return scoped
      throw notFound(`No flow with id or key "${selector}". List flows with GET /flows.`)
    }
    if (selector.id) {
      const row = this.repo.byId(selector.id)
      if (!row) throw notFound(`No flow with id "${selector.id}".`)
      return row
    }
    if (!selector.key) throw badRequest('Name the flow with ?id=<id> or ?key=<key> (and &integrationKey=<key> for an integration-level flow).')
    const row = this.byKey(selector.key, selector.integrationKey)
    if (!row) throw notFound(`No flow with key "${selector.key}"${selector.integrationKey ? ` for integration "${selector.integrationKey}"` : ''}.`)
    return row
  }

  /** Creates a flow; its nodes are validated (an empty graph is allowed as a draft). */
  async create(input: unknown): Promise<FlowDto> {
    const body = parseCreate(input)
    const integrationKey =
      body.integrationKey !== undefined ? this.integrationKeyOf(body.integrationKey, 'integrationKey') : body.integrationId !== undefined ? this.integrationKeyOf(body.integrationId, 'integrationId') : null
    const parentSelector = body.parentId ?? body.universalFlowId
    let parent: FlowRow | undefined
    if (parentSelector !== undefined) {
      if (integrationKey === null) throw invalidData('parentId applies to integration-level flows: add integrationKey, or leave parentId out for a universal flow.', [{ path: 'parentId', message: 'needs integrationKey' }])
      parent = this.rowOf(parentSelector)
      if (parent.integration_key !== null) throw invalidData(`parentId must name a universal flow; "${parent.key}" belongs to integration "${parent.integration_key}".`, [{ path: 'parentId', message: 'not universal' }])
    }
    const key = body.key ?? parent?.key ?? this.freeKey(keyFromName(body.name), integrationKey)
    assertElementKey(key, 'The flow')
    const nodes = body.nodes !== undefined ? await this.graph.validate(body.nodes, `flow "${key}"`) : parent ? (JSON.parse(parent.nodes) as FlowNodes) : {}
    this.checkParametersSchema(body.parametersSchema)
    const now = this.ctx.nowIso()
    const row = this.ctx.db.transaction(() => {
      this.assertKeyFree(key, integrationKey)
      const nodesText = JSON.stringify(nodes)
      return this.repo.insert({
        id: newId(this.ctx.clock.now()),
        key,
        integration_key: integrationKey,
        parent_id: parent?.id ?? null,
        name: body.name,
        description: body.description ?? parent?.description ?? null,
        nodes: nodesText,
        parameters_schema: jsonOrNull(body.parametersSchema ?? (parent?.parameters_schema ? JSON.parse(parent.parameters_schema) : undefined)),
        concurrency: body.concurrency ?? parent?.concurrency ?? null,
        auto_create_instances: body.autoCreateInstances ? 1 : 0,
        is_customized: parent ? Number(nodesText !== parent.nodes || body.name !== parent.name) : 0,
        revision: 1,
        meta: jsonOrNull(body.meta),
        created_at: now,
        updated_at: now,
        archived_at: null
      })
    })
    const flow = toFlowDto(row)
    this.ctx.events.emit('flow.created', { flow })
    return flow
  }

  /** PATCH: changes what the body names. */
  async patch(selector: FlowSelector, input: unknown): Promise<FlowDto> {
    return this.write(this.rowOf(selector), parseUpdate(input), 'patch')
  }

  /** PUT: replaces the flow; `name` is required and absent optional values are cleared. */
  async replace(selector: FlowSelector, input: unknown): Promise<FlowDto> {
    const body = parseUpdate(input)
    if (body.name === undefined) throw invalidData('name is required for PUT, which replaces the whole flow; use PATCH to change only some values.', [{ path: 'name', message: 'name is required' }])
    return this.write(this.rowOf(selector), body, 'put')
  }

  /** Archives the flow: it leaves listings and its key is free again; instances keep their nodes. */
  archive(selector: FlowSelector): FlowDto {
    const row = this.rowOf(selector)
    if (row.archived_at) return toFlowDto(row)
    const flow = toFlowDto(this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() }))
    this.ctx.events.emit('flow.archived', { flow })
    return flow
  }

  /** Brings an archived flow back (409 when its key was taken meanwhile). */
  restore(selector: FlowSelector): FlowDto {
    const row = this.rowOf(selector)
    if (!row.archived_at) return toFlowDto(row)
    const flow = this.ctx.db.transaction(() => {
      this.assertKeyFree(row.key, row.integration_key)
      return toFlowDto(this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() }))
    })
    this.ctx.events.emit('flow.restored', { flow })
    return flow
  }

  /** Takes an integration-level flow back to its universal parent (name, description, nodes, parameters). */
  reset(selector: FlowSelector): FlowDto {
    const row = this.rowOf(selector)
    if (!row.parent_id) {
      throw badRequest(`Flow "${row.key}" has no parent to reset to: only integration-level flows made from a universal flow (parentId) can be reset.`)
    }
    const parent = this.repo.byId(row.parent_id)
    if (!parent) throw notFound(`The parent flow ${row.parent_id} of "${row.key}" no longer exists.`)
    return this.follow(row, parent)
  }

  /** Makes (or brings up to date) integration-level copies of a universal flow. */
  apply(selector: FlowSelector, integrationKeys: unknown): { items: FlowDto[] } {
    const parent = this.rowOf(selector)
    if (parent.integration_key !== null) throw badRequest(`Only universal flows can be applied to integrations; "${parent.key}" belongs to "${parent.integration_key}".`)
    if (!Array.isArray(integrationKeys) || !integrationKeys.length || integrationKeys.some((k) => typeof k !== 'string' || !k)) {
      throw invalidData('integrationKeys must be a non-empty array of integration keys.', [{ path: 'integrationKeys', message: 'array of strings required' }])
    }
    const items: FlowDto[] = []
    const keys = (integrationKeys as string[]).map((k, i) => this.integrationKeyOf(k, `integrationKeys[${i}]`))
    for (const integrationKey of keys) {
      const existing = this.repo.liveByKey(parent.key, integrationKey)
      if (existing) {
        items.push(existing.is_customized ? toFlowDto(existing) : this.follow(existing, parent))
        continue
      }
      const now = this.ctx.nowIso()
      const row = this.repo.insert({
        id: newId(this.ctx.clock.now()),
        key: parent.key,
        integration_key: integrationKey,
        parent_id: parent.id,
        name: parent.name,
        description: parent.description,
        nodes: parent.nodes,
        parameters_schema: parent.parameters_schema,
        concurrency: parent.concurrency,
        auto_create_instances: parent.auto_create_instances,
        is_customized: 0,
        revision: 1,
        meta: null,
        created_at: now,
        updated_at: now,
        archived_at: null
      })
      const flow = toFlowDto(row)
      this.ctx.events.emit('flow.created', { flow })
      items.push(flow)
    }
    return { items }
  }

  private async write(row: FlowRow, body: FlowUpdate, mode: 'patch' | 'put'): Promise<FlowDto> {
    const changes: Partial<FlowRow> = {}
    if (body.key !== undefined && body.key !== row.key) {
      if (row.parent_id) throw invalidData('The key of a flow made from a universal flow follows its parent and cannot change.', [{ path: 'key', message: 'read-only' }])
      assertElementKey(body.key, 'The flow')
      changes.key = body.key
    }
    if (body.name !== undefined) changes.name = body.name
    if (body.description !== undefined || mode === 'put') changes.description = body.description ?? null
    if (body.nodes !== undefined) changes.nodes = JSON.stringify(await this.graph.validate(body.nodes, `flow "${body.key ?? row.key}"`))
    else if (mode === 'put') changes.nodes = '{}'
    if (body.parametersSchema !== undefined || mode === 'put') {
      this.checkParametersSchema(body.parametersSchema)
      changes.parameters_schema = jsonOrNull(body.parametersSchema)
    }
    if (body.concurrency !== undefined || mode === 'put') changes.concurrency = body.concurrency ?? null
    if (body.autoCreateInstances !== undefined || mode === 'put') changes.auto_create_instances = body.autoCreateInstances ? 1 : 0
    if (body.meta !== undefined || mode === 'put') changes.meta = jsonOrNull(body.meta)
    const contentChanged = ['nodes', 'name', 'description', 'parameters_schema', 'concurrency'].some(
      (k) => k in changes && (changes as Record<string, unknown>)[k] !== (row as Record<string, unknown>)[k]
    )
    const flow = this.ctx.db.transaction(() => {
      if (changes.key !== undefined) this.assertKeyFree(changes.key, row.integration_key)
      if (row.parent_id && contentChanged) changes.is_customized = 1
      if (contentChanged) changes.revision = row.revision + 1
      changes.updated_at = this.ctx.nowIso()
      return toFlowDto(this.repo.update(row.id, changes))
    })
    this.ctx.events.emit('flow.updated', { flow, contentChanged })
    if (contentChanged && flow.isUniversal) this.propagate(this.repo.byId(flow.id)!)
    return flow
  }

  /** Copies the parent's definition into a derived flow and marks it as not customised. */
  private follow(row: FlowRow, parent: FlowRow): FlowDto {
    const same =
      row.nodes === parent.nodes &&
      row.name === parent.name &&
      row.description === parent.description &&
      row.parameters_schema === parent.parameters_schema &&
      row.concurrency === parent.concurrency
    const flow = toFlowDto(
      this.repo.update(row.id, {
        name: parent.name,
        description: parent.description,
        nodes: parent.nodes,
        parameters_schema: parent.parameters_schema,
        concurrency: parent.concurrency,
        is_customized: 0,
        revision: same ? row.revision : row.revision + 1,
        updated_at: this.ctx.nowIso()
      })
    )
    this.ctx.events.emit('flow.updated', { flow, contentChanged: !same })
    return flow
  }

  /** Integration-level copies that were not customised follow their universal parent. */
  private propagate(parent: FlowRow): void {
    for (const child of this.repo.children(parent.id)) if (!child.is_customized) this.follow(child, parent)
  }

  private byKey(key: string, integrationKey: string | undefined): FlowRow | undefined {
    const rows = this.repo.byKey(key)
    if (!rows.length) return undefined
    if (integrationKey !== undefined) return rows.find((r) => r.integration_key === integrationKey)
    const universal = rows.find((r) => r.integration_key === null)
    if (universal) return universal
    const live = rows.filter((r) => !r.archived_at)
    if (live.length > 1) {
      throw badRequest(
        `Flow key "${key}" exists for several integrations (${live.map((r) => r.integration_key).join(', ')}): add integrationKey, or use "<integrationKey>.${key}".`
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
      throw alreadyExists(`A flow with key "${key}" already exists${integrationKey ? ` for integration "${integrationKey}"` : ' among universal flows'} (id ${taken.id}).`, { flowId: taken.id })
    }
  }

  private checkParametersSchema(schema: unknown): void {
    if (schema === undefined || schema === null) return
    const problems = checkJsonSchema(schema, 'parametersSchema')
    if (problems.length) throw invalidData(`Invalid parametersSchema: ${listProblems(problems)}`, problems)
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}
