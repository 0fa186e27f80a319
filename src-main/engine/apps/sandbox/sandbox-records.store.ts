import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { randomBytes } from 'node:crypto'
import type { JsonSchema } from '../../../contract/apps'
import type { SandboxAppKey } from '../../../contract/sandbox'
import type { EngineContext } from '../../common/engine-context'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import { collectionSchema, SANDBOX_APPS, type SandboxCollection } from './sandbox-app.definitions'
import { SandboxApiError } from './sandbox-api.error'
import type { SandboxAccountRow, SandboxRecordRow, SandboxRepository } from './sandbox.repository'

/** A record as the sandbox API shows it. */
export type SandboxRecord = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string }

/** A record event, after its write committed. */
export interface SandboxRecordEvent {
  app: SandboxAppKey
  account: SandboxAccountRow
  collection: string
  type: 'created' | 'updated' | 'deleted'
  record: SandboxRecord
}

/** A page of records in the app's own shape. */
export interface SandboxPage {
  data: SandboxRecord[]
  nextCursor: string | null
}

const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt'])
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
const CUSTOM_TYPES = ['string', 'number', 'integer', 'boolean']

/** Paging limits of the sandbox APIs. */
export const SANDBOX_PAGE_DEFAULT = 25
export const SANDBOX_PAGE_MAX = 100

/** Records of the sandbox apps: validated writes, cursor pages, search, custom fields; emits record events. */
export class SandboxRecordStore {
  private ajv: Ajv | undefined
  private readonly validators = new Map<string, ValidateFunction>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly repo: SandboxRepository,
    private readonly onEvent: (event: SandboxRecordEvent) => void
  ) {}

  /** The collection definition; 404 in the app's words when it has no such collection. */
  collection(app: SandboxAppKey, key: string): SandboxCollection {
    const found = SANDBOX_APPS[app].collections.find((c) => c.key === key)
    if (!found) {
      const known = SANDBOX_APPS[app].collections.map((c) => c.key).join(', ')
      throw new SandboxApiError(
        404,
        'not_found',
        `${SANDBOX_APPS[app].name} has no collection "${key}" (it has: ${known}).`
      )
    }
    return found
  }

  /** The collection's schema for one account (custom fields included). */
  schema(account: SandboxAccountRow, key: string): JsonSchema {
    const collection = this.collection(account.app as SandboxAppKey, key)
    return collectionSchema(collection, this.customFields(account)[key])
  }

  /** Adds a custom field to a collection of one account. */
  addCustomField(account: SandboxAccountRow, key: string, input: unknown): JsonSchema {
    const collection = this.collection(account.app as SandboxAppKey, key)
    const body = (input ?? {}) as { key?: unknown; title?: unknown; type?: unknown; enum?: unknown }
    const details: Array<{ field: string; message: string }> = []
    if (typeof body.key !== 'string' || !FIELD_KEY.test(body.key))
      details.push({
        field: 'key',
        message: 'key must start with a letter and contain only letters, digits and _ (max 64)'
      })
    else if (body.key in collection.fields || READ_ONLY.has(body.key))
      details.push({ field: 'key', message: `"${body.key}" is a standard field of ${key}` })
    if (typeof body.type !== 'string' || !CUSTOM_TYPES.includes(body.type))
      details.push({ field: 'type', message: `type must be one of ${CUSTOM_TYPES.join(', ')}` })
    if (body.title !== undefined && typeof body.title !== 'string')
      details.push({ field: 'title', message: 'title must be a string' })
    if (body.enum !== undefined && (!Array.isArray(body.enum) || body.enum.length === 0))
      details.push({ field: 'enum', message: 'enum must be a non-empty array' })
    if (details.length)
      throw new SandboxApiError(
        400,
        'invalid_field',
        `Invalid custom field: ${details.map((d) => d.message).join('; ')}`,
        details
      )
    const all = this.customFields(account)
    const fields = { ...(all[key] ?? {}) }
    fields[body.key as string] = {
      type: body.type,
      title: (body.title as string | undefined) ?? body.key,
      ...(body.enum ? { enum: body.enum } : {})
    }
    all[key] = fields
    account.custom_fields = toJsonColumn(all)
    this.repo.setCustomFields(account.id, account.custom_fields)
    return collectionSchema(collection, fields)
  }

  /** A page of records, oldest first, with equality filters on fields. */
  list(
    account: SandboxAccountRow,
    key: string,
    options: {
      limit?: number
      cursor?: string
      equals?: Record<string, string | number | boolean>
      text?: string
      updatedSince?: string
    }
  ): SandboxPage {
    const collection = this.collection(account.app as SandboxAppKey, key)
    const schema = this.schema(account, key)
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>
    for (const field of Object.keys(options.equals ?? {})) {
      if (!(field in props) || field === 'id') {
        throw new SandboxApiError(
          400,
          'invalid_filter',
          `Cannot filter ${collection.key} by "${field}": it is not a field (fields: ${Object.keys(props).join(', ')}).`
        )
      }
    }
    const limit = options.limit ?? SANDBOX_PAGE_DEFAULT
    if (!Number.isInteger(limit) || limit < 1 || limit > SANDBOX_PAGE_MAX) {
      throw new SandboxApiError(400, 'invalid_limit', `limit must be an integer from 1 to ${SANDBOX_PAGE_MAX}.`)
    }
    const rows = this.repo.records({
      accountId: account.id,
      collection: key,
      afterSeq: decodeCursor(options.cursor),
      limit: limit + 1,
      equals: coerceFilter(options.equals ?? {}, props),
      text: options.text,
      updatedSince: options.updatedSince
    })
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    return { data: page.map(toRecord), nextCursor: more ? encodeCursor(page[page.length - 1].seq) : null }
  }

  /** One record; 404 when the account has none with that id. */
  get(account: SandboxAccountRow, key: string, id: string): SandboxRecord {
    this.collection(account.app as SandboxAppKey, key)
    return toRecord(this.row(account, key, id))
  }

  /** Creates a record (validated, references checked). */
  create(account: SandboxAccountRow, key: string, input: unknown): SandboxRecord {
    const collection = this.collection(account.app as SandboxAppKey, key)
    const fields = this.checked(account, collection, input, true)
    const record = toRecord(this.insert(account, key, collection.idPrefix, fields))
    this.onEvent({ app: account.app as SandboxAppKey, account, collection: key, type: 'created', record })
    return record
  }

  /** Changes the fields the body names; `null` clears a nullable field. */
  update(account: SandboxAccountRow, key: string, id: string, input: unknown): SandboxRecord {
    const collection = this.collection(account.app as SandboxAppKey, key)
    const row = this.row(account, key, id)
    const changes = this.checked(account, collection, input, false)
    const merged = { ...fromJsonColumn(row.data), ...changes }
    const record = toRecord(this.repo.updateRecord(row.seq, toJsonColumn(merged), this.ctx.nowIso()))
    this.onEvent({ app: account.app as SandboxAppKey, account, collection: key, type: 'updated', record })
    return record
  }

  /** Deletes a record. */
  delete(account: SandboxAccountRow, key: string, id: string): void {
    this.collection(account.app as SandboxAppKey, key)
    const row = this.row(account, key, id)
    this.repo.deleteRecord(row.seq)
    this.onEvent({
      app: account.app as SandboxAppKey,
      account,
      collection: key,
      type: 'deleted',
      record: toRecord(row)
    })
  }

  /** Inserts seed records without events (a new account's demo data). */
  seed(account: SandboxAccountRow, key: string, fields: Record<string, unknown>): SandboxRecord {
    const collection = this.collection(account.app as SandboxAppKey, key)
    return toRecord(this.insert(account, key, collection.idPrefix, fields))
  }

  /** Stores a new record of a collection under a fresh id with the collection's prefix. */
  private insert(
    account: SandboxAccountRow,
    key: string,
    idPrefix: string,
    fields: Record<string, unknown>
  ): SandboxRecordRow {
    const now = this.ctx.nowIso()
    return this.repo.insertRecord({
      app: account.app,
      account_id: account.id,
      collection: key,
      id: `${idPrefix}_${randomBytes(6).toString('hex')}`,
      data: toJsonColumn(fields),
      created_at: now,
      updated_at: now
    })
  }

  private row(account: SandboxAccountRow, key: string, id: string): SandboxRecordRow {
    const row = this.repo.record(account.id, key, id)
    if (!row) throw new SandboxApiError(404, 'not_found', `No ${key} record with id "${id}" in this account.`)
    return row
  }

  private customFields(account: SandboxAccountRow): Record<string, Record<string, JsonSchema>> {
    return fromJsonColumn(account.custom_fields, {})
  }

  /** Validates a create or update body against the account's schema; returns the writable fields. */
  private checked(
    account: SandboxAccountRow,
    collection: SandboxCollection,
    input: unknown,
    creating: boolean
  ): Record<string, unknown> {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new SandboxApiError(400, 'invalid_body', `Send the ${collection.key} record as a JSON object.`)
    }
    const fields: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) if (!READ_ONLY.has(k)) fields[k] = v
    const custom = this.customFields(account)[collection.key] ?? {}
    const schema: JsonSchema = {
      type: 'object',
      properties: { ...collection.fields, ...custom },
      additionalProperties: false,
      ...(creating ? { required: collection.required } : {})
    }
    const validate = this.validator(schema)
    if (!validate(fields)) {
      const details = (validate.errors ?? []).map((e) => {
        const field =
          e.keyword === 'required'
            ? String(e.params.missingProperty)
            : e.keyword === 'additionalProperties'
              ? String(e.params.additionalProperty)
              : e.instancePath.slice(1).replace(/\//g, '.')
        const message =
          e.keyword === 'required'
            ? `${field} is required`
            : e.keyword === 'additionalProperties'
              ? `${field} is not a field of ${collection.key} (add it as a custom field first)`
              : e.keyword === 'enum'
                ? `${field} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`
                : `${field} ${e.message ?? 'is invalid'}`
        return { field, message }
      })
      throw new SandboxApiError(
        422,
        'validation_failed',
        `The ${collection.key} record is invalid: ${details.map((d) => d.message).join('; ')}.`,
        details
      )
    }
    for (const [field, def] of Object.entries(collection.fields)) {
      const target = def['x-reference-collection'] as string | undefined
      const value = fields[field]
      if (!target || value === null || value === undefined) continue
      if (!this.repo.record(account.id, target, String(value))) {
        throw new SandboxApiError(
          422,
          'validation_failed',
          `${field} refers to ${target} record "${String(value)}", which does not exist in this account.`,
          [{ field, message: `no ${target} record with id "${String(value)}"` }]
        )
      }
    }
    return fields
  }

  private validator(schema: JsonSchema): ValidateFunction {
    const text = JSON.stringify(schema)
    let validate = this.validators.get(text)
    if (!validate) {
      if (!this.ajv) {
        this.ajv = new Ajv({ allErrors: true, strict: false })
        addFormats(this.ajv)
      }
      validate = this.ajv.compile(schema)
      if (this.validators.size > 500) this.validators.clear()
      this.validators.set(text, validate)
    }
    return validate
  }
}

/** Row → API record. */
export function toRecord(row: SandboxRecordRow): SandboxRecord {
  return {
    id: row.id,
    ...fromJsonColumn(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`).toString('base64url')
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const match = /^s:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match)
    throw new SandboxApiError(
      400,
      'invalid_cursor',
      `cursor "${cursor}" was not returned by this API; pass nextCursor from the previous page.`
    )
  return Number(match[1])
}

/** Query strings carry text; compare numbers and booleans as what the schema says they are. */
function coerceFilter(
  equals: Record<string, string | number | boolean>,
  props: Record<string, JsonSchema>
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [field, value] of Object.entries(equals)) {
    const types = ([] as unknown[]).concat(props[field]?.type ?? 'string')
    if (
      typeof value === 'string' &&
      (types.includes('number') || types.includes('integer')) &&
      value.trim() !== '' &&
      !Number.isNaN(Number(value))
    )
      out[field] = Number(value)
    else if (typeof value === 'string' && types.includes('boolean') && (value === 'true' || value === 'false'))
      out[field] = value === 'true'
    else out[field] = value
  }
  return out
}
