import { Type } from '@sinclair/typebox'
import type { AppDataSchemaDto, AppDataSchemaQuery } from '../../contract/app-data-schemas'
import type { Page } from '../../contract/pagination'
import { assertElementKey, keyFromName } from '../common/element-keys'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { toJsonColumn, toJsonColumnOrNull } from '../common/json-column'
import { checkJsonSchema } from '../common/json-schema'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import { toAppDataSchemaDto } from './app-data-schema.mapper'
import { AppDataSchemaRepository, type AppDataSchemaRow } from './app-data-schema.repository'

const FIELDS = {
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
  schema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  code: Type.Optional(Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()])),
  meta: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]))
}

// Read-only fields (id, state, revision, …) that a pulled file carries are ignored, not refused.
const CREATE = Type.Object({ ...FIELDS, name: Type.String({ minLength: 1, maxLength: 500 }) })
const UPDATE = Type.Object(FIELDS)

const parseCreate = inputParser(CREATE, '', 'app data schema')
const parseUpdate = inputParser(UPDATE, '', 'app data schema update')

/**
 * App data schemas: named JSON Schemas of your app's data that flows and field mappings refer
 * to by key. Universal elements only (Membrane has no integration-level copies of them); the
 * schema is checked as a JSON Schema on every save.
 */
export class AppDataSchemaService {
  readonly repo: AppDataSchemaRepository

  constructor(private readonly ctx: EngineContext) {
    this.repo = new AppDataSchemaRepository(ctx.db)
  }

  list(query: AppDataSchemaQuery = {}): Page<AppDataSchemaDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.list({
      search: query.search?.trim() || undefined,
      includeArchived: query.includeArchived,
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    return seqPage(rows, limit, (page) => page.map(toAppDataSchemaDto))
  }

  get(selector: string): AppDataSchemaDto {
    return toAppDataSchemaDto(this.rowOf(selector))
  }

  /** The row an id or key names (a live key first). */
  rowOf(selector: string): AppDataSchemaRow {
    const row = this.repo.byId(selector) ?? this.repo.byKey(selector)
    if (!row) throw notFound(`No app data schema with id or key "${selector}". List them with GET /app-data-schemas.`)
    return row
  }

  /** Checks a create body as `create` would, without writing (imports check every element first). */
  checkCreate(input: unknown): void {
    const body = parseCreate(input)
    if (body.key !== undefined) assertElementKey(body.key, 'The app data schema')
    this.checkSchema(body.schema)
  }

  create(input: unknown): AppDataSchemaDto {
    const body = parseCreate(input)
    this.checkSchema(body.schema)
    const key = body.key ?? this.freeKey(keyFromName(body.name))
    assertElementKey(key, 'The app data schema')
    const row = this.ctx.db.transaction(() => {
      this.assertKeyFree(key)
      const now = this.ctx.nowIso()
      return this.repo.insert({
        id: newId(this.ctx.clock.now()),
        key,
        name: body.name,
        description: body.description ?? null,
        schema: toJsonColumn(body.schema ?? { type: 'object', properties: {} }),
        code: body.code ?? null,
        meta: toJsonColumnOrNull(body.meta),
        revision: 1,
        created_at: now,
        updated_at: now,
        archived_at: null
      })
    })
    const dto = toAppDataSchemaDto(row)
    this.ctx.events.emit('appDataSchema.created', { appDataSchema: dto })
    return dto
  }

  /** PATCH changes the fields given; PUT replaces the definition (absent optional fields are cleared). */
  update(selector: string, input: unknown, mode: 'patch' | 'put'): AppDataSchemaDto {
    const body = parseUpdate(input)
    this.checkSchema(body.schema)
    const current = this.rowOf(selector)
    if (body.key !== undefined) assertElementKey(body.key, 'The app data schema')
    const clear = mode === 'put'
    const changes = {
      name: body.name ?? current.name,
      description: body.description !== undefined ? body.description : clear ? null : current.description,
      schema: body.schema !== undefined ? toJsonColumn(body.schema) : current.schema,
      code: body.code !== undefined ? body.code : clear ? null : current.code,
      meta: body.meta !== undefined ? toJsonColumnOrNull(body.meta) : clear ? null : current.meta
    }
    const row = this.ctx.db.transaction(() => {
      const key = body.key ?? current.key
      if (key !== current.key && !current.archived_at) this.assertKeyFree(key)
      return this.repo.update(current.id, {
        ...changes,
        key,
        revision: current.revision + 1,
        updated_at: this.ctx.nowIso()
      })
    })
    const dto = toAppDataSchemaDto(row)
    this.ctx.events.emit('appDataSchema.updated', { appDataSchema: dto })
    return dto
  }

  archive(selector: string): AppDataSchemaDto {
    const row = this.rowOf(selector)
    if (row.archived_at) return toAppDataSchemaDto(row)
    const dto = toAppDataSchemaDto(
      this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() })
    )
    this.ctx.events.emit('appDataSchema.archived', { appDataSchema: dto })
    return dto
  }

  restore(selector: string): AppDataSchemaDto {
    const row = this.rowOf(selector)
    if (!row.archived_at) return toAppDataSchemaDto(row)
    const dto = this.ctx.db.transaction(() => {
      this.assertKeyFree(row.key)
      return toAppDataSchemaDto(this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() }))
    })
    this.ctx.events.emit('appDataSchema.updated', { appDataSchema: dto })
    return dto
  }

  private checkSchema(schema: unknown): void {
    if (schema === undefined) return
    const problems = checkJsonSchema(schema, 'schema')
    if (problems.length)
      throw invalidData(
        `schema is not a valid JSON Schema: ${problems.map((p) => p.message).join('; ')}. Use for example {"type": "object", "properties": {"email": {"type": "string"}}}.`,
        problems
      )
  }

  private assertKeyFree(key: string): void {
    const taken = this.repo.liveByKey(key)
    if (taken)
      throw alreadyExists(`An app data schema with key "${key}" already exists; pick another key or update it.`, {
        appDataSchemaId: taken.id
      })
  }

  private freeKey(base: string): string {
    let key = base
    for (let n = 2; this.repo.liveByKey(key); n++) key = `${base}-${n}`
    return key
  }
}
