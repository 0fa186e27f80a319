import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { AppEventTypeDto } from '../../contract/app-event-types'
import type { Page, PageQuery } from '../../contract/pagination'
import { formatAjvErrors } from '../common/ajv-errors'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, invalidData, notFound } from '../common/engine-error'
import { newId, randomSecret } from '../common/ids'
import { toJsonColumnOrNull, type JsonText } from '../common/json-column'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import { compileMapping, FormulaError } from '../expressions/formula.compiler'
import { toAppEventTypeDto } from './app-event-type.mapper'
import { AppEventTypeRepository, type AppEventTypeRow } from './app-event-type.repository'
import { parseCreateAppEventType, parseUpdateAppEventType, type UpdateAppEventTypeInput } from './app-event-type.inputs'

/** Filters of `GET /app-event-types`. */
export interface AppEventTypeQuery extends PageQuery {
  search?: string
  includeArchived?: boolean
}

/**
 * App event types: the events your app sends, declared once per workspace with a payload schema
 * (checked on every event), an example, a global webhook whose `userIdFormula` finds the customer
 * in the payload, and the requests sent to your app when a customer subscribes or stops.
 */
export class AppEventTypeService {
  private readonly repo: AppEventTypeRepository
  private ajv: Ajv | undefined
  /** Compiled payload schemas by type id, for the revision they were compiled at. */
  private readonly validators = new Map<string, { revision: string; validate: ValidateFunction }>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly apiUrl: () => string | undefined
  ) {
    this.repo = new AppEventTypeRepository(ctx.db)
  }

  private dto(row: AppEventTypeRow): AppEventTypeDto {
    return toAppEventTypeDto(row, this.apiUrl() ?? '')
  }

  /** The type with this id, archived or not. */
  byId(id: string): AppEventTypeDto | undefined {
    const row = this.repo.byId(id)
    return row && this.dto(row)
  }

  /** The live type with this key. */
  byKey(key: string): AppEventTypeDto | undefined {
    const row = this.repo.byKey(key)
    return row && this.dto(row)
  }

  /** The type whose global webhook has this key, archived or not. */
  byWebhookKey(webhookKey: string): AppEventTypeDto | undefined {
    const row = this.repo.byWebhookKey(webhookKey)
    return row && this.dto(row)
  }

  list(query: AppEventTypeQuery = {}): Page<AppEventTypeDto> {
    const limit = pageLimit(query.limit)
    const rows = this.repo.list({
      afterSeq: decodeSeqCursor(query.cursor),
      limit,
      includeArchived: query.includeArchived,
      search: query.search
    })
    return seqPage(rows, limit, (page) => page.map((row) => this.dto(row)))
  }

  /** A type by id or key (archived ones by id only); 404 otherwise. */
  private rowOf(selector: string): AppEventTypeRow {
    const row = this.repo.byKey(selector) ?? this.repo.byId(selector)
    if (!row)
      throw notFound(
        `App event type "${selector}" does not exist: create it with POST /app-event-types {"key", "name", "schema"?}, or list them with GET /app-event-types.`
      )
    return row
  }

  get(selector: string): AppEventTypeDto {
    return this.dto(this.rowOf(selector))
  }

  /** The checks of `create` on a body, without writing (an import checks every element first). */
  checkCreate(body: unknown): void {
    this.checkDefinition(parseCreateAppEventType(body ?? {}))
  }

  create(body: unknown): AppEventTypeDto {
    const input = parseCreateAppEventType(body ?? {})
    if (this.repo.byKey(input.key))
      throw alreadyExists(
        `An app event type with key "${input.key}" already exists; PATCH /app-event-types/${input.key} to change it.`
      )
    this.checkDefinition(input)
    const now = this.ctx.nowIso()
    const id = newId(this.ctx.clock.now())
    this.repo.insert({
      id,
      key: input.key,
      name: input.name ?? input.key,
      description: input.description ?? null,
      schema: toJsonColumnOrNull(input.schema),
      example: toJsonColumnOrNull(input.example),
      webhook_key: randomSecret(12),
      user_id_formula: toJsonColumnOrNull(input.userIdFormula),
      subscribe_request: toJsonColumnOrNull(input.subscribeRequest),
      unsubscribe_request: toJsonColumnOrNull(input.unsubscribeRequest),
      revision: newId(this.ctx.clock.now()),
      created_at: now,
      updated_at: now
    })
    return this.get(id)
  }

  /** The live type with this key, declared with just its key when a deployed flow listens to an undeclared one. */
  declared(key: string): AppEventTypeDto {
    return this.byKey(key) ?? this.create({ key, name: key })
  }

  /** PATCH changes the given properties; PUT replaces every editable one (absent ones are cleared). */
  update(selector: string, body: unknown, mode: 'patch' | 'put'): AppEventTypeDto {
    const row = this.rowOf(selector)
    const input = parseUpdateAppEventType(body ?? {})
    if (input.key !== undefined && input.key !== row.key && this.repo.byKey(input.key))
      throw alreadyExists(`An app event type with key "${input.key}" already exists.`, {
        errors: [{ path: 'key', message: 'key taken' }]
      })
    this.checkDefinition(input)
    const put = mode === 'put'
    const pick = <T>(value: T | undefined, column: JsonText<T> | null): JsonText<T> | null =>
      value !== undefined ? toJsonColumnOrNull(value) : put ? null : column
    this.repo.update(row.id, {
      key: input.key ?? row.key,
      name: input.name ?? (put ? (input.key ?? row.key) : row.name),
      description: input.description !== undefined ? input.description : put ? null : row.description,
      schema: pick(input.schema, row.schema),
      example: pick(input.example, row.example),
      user_id_formula: pick(input.userIdFormula, row.user_id_formula),
      subscribe_request: pick(input.subscribeRequest, row.subscribe_request),
      unsubscribe_request: pick(input.unsubscribeRequest, row.unsubscribe_request),
      revision: newId(this.ctx.clock.now()),
      updated_at: this.ctx.nowIso()
    })
    this.validators.delete(row.id)
    return this.get(row.id)
  }

  archive(selector: string): void {
    const row = this.rowOf(selector)
    if (row.archived_at) return
    this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() })
  }

  restore(selector: string): AppEventTypeDto {
    const row = this.rowOf(selector)
    if (row.archived_at && this.repo.byKey(row.key))
      throw alreadyExists(`Another live app event type has key "${row.key}"; archive it or change its key first.`)
    this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() })
    return this.get(row.id)
  }

  /** Throws a 400 naming each payload field that breaks the type's schema (nothing is started then). */
  checkPayload(type: AppEventTypeDto, payload: unknown): void {
    if (!type.schema) return
    let cached = this.validators.get(type.id)
    if (!cached || cached.revision !== type.revision) {
      cached = { revision: type.revision, validate: this.instance().compile(compilable(type.schema)) }
      this.validators.set(type.id, cached)
    }
    if (cached.validate(payload)) return
    const details = formatAjvErrors(cached.validate.errors, 'payload', payload)
    throw invalidData(
      `The payload does not match the schema of app event type "${type.key}": ${details.map((d) => d.message).join('; ')}. Nothing was started.`,
      details
    )
  }

  /** The customer selector the type's `userIdFormula` gives for a payload (400 when it has none or gives nothing). */
  async customerSelectorOf(type: AppEventTypeDto, payload: unknown): Promise<string> {
    if (type.userIdFormula === undefined)
      throw invalidData(
        `App event type "${type.key}" has no userIdFormula, so its global webhook cannot tell whose event this is: set one (e.g. {"$var": "$.userId"}) or post to the customer's subscription webhookUri.`,
        [{ path: 'userIdFormula', message: 'missing' }]
      )
    const value = await compileMapping(
      type.userIdFormula,
      'userIdFormula'
    )(payload !== null && typeof payload === 'object' ? payload : {})
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '')
      throw invalidData(
        `The userIdFormula of app event type "${type.key}" gives ${JSON.stringify(value) ?? 'nothing'} for this payload; it must give the customer's id.`,
        [{ path: 'payload', message: 'no customer id in the payload' }]
      )
    return String(value)
  }

  private checkDefinition(input: UpdateAppEventTypeInput): void {
    if (input.schema !== undefined) {
      try {
        this.instance().compile(compilable(input.schema))
      } catch (error) {
        throw invalidData(`schema is not a valid JSON Schema: ${(error as Error).message}`, [
          { path: 'schema', message: 'invalid schema' }
        ])
      }
    }
    for (const [path, value] of [
      ['userIdFormula', input.userIdFormula],
      ['subscribeRequest', input.subscribeRequest],
      ['unsubscribeRequest', input.unsubscribeRequest]
    ] as const) {
      if (value === undefined) continue
      try {
        compileMapping(value, path)
      } catch (error) {
        if (error instanceof FormulaError)
          throw invalidData(error.message, [{ path: error.path, message: 'bad formula' }])
        throw error
      }
    }
  }

  private instance(): Ajv {
    if (!this.ajv) {
      this.ajv = new Ajv({ allErrors: true, strict: false })
      addFormats(this.ajv)
    }
    return this.ajv
  }
}

function compilable(schema: Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, $schema: _dialect, ...rest } = schema
  return rest
}
