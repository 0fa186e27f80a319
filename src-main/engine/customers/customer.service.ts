import type { Insertable } from 'kysely'
import { fromJsonColumn, toJsonColumn } from '../common/json-column'
import {
  CustomerCreate,
  CustomerUpdate,
  TestCustomerUpdate,
  type CustomerDto,
  type CustomerQuery
} from '../../contract/customers'
import type { ErrorDetail } from '../../contract/errors'
import type { Page } from '../../contract/pagination'
import type { FieldSchema } from '../../contract/workspace'
import type { EngineContext } from '../common/engine-context'
import { accessDenied, alreadyExists, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { decodeSeqCursor, pageLimit, seqPage } from '../common/listing'
import { inputParser } from '../common/input-parser'
import type { SealedJson } from '../common/secret-box'
import type { ChangeSource } from '../events/event-bus'
import type { FieldSchemaValidator } from '../field-schema/field-schema.validator'
import type { WorkspaceService } from '../workspace/workspace.service'
import type { CustomerRef } from '../auth/actor'
import type { CustomerBrief } from '../../contract/console-views'
import type { RunCustomer } from '../flow-engine/flow-nodes/node-handler'
import { ACTIVE_WINDOW_MS, toCustomerDto, toRunCustomer } from './customer.mapper'
import { CustomerRepository, type CustomerRow } from './customer.repository'
import type { CustomerTable } from './customer.table'

/** Internal id the test customer gets on a new workspace. */
export const DEFAULT_TEST_CUSTOMER_ID = 'test-customer'

const parseCreate = inputParser(CustomerCreate, '', 'customer')
const parseUpdate = inputParser(CustomerUpdate, '', 'customer update')
const parseTestUpdate = inputParser(TestCustomerUpdate, '', 'test customer update')

/** One schema problem of one stored customer, for the field schema editor's preview. */
export interface CustomerSchemaProblem {
  customer: Pick<CustomerDto, 'id' | 'internalId' | 'name'>
  errors: ErrorDetail[]
}

/** A change a token asks for, applied during authentication. */
export interface TokenCustomerClaims {
  internalId: string
  name?: string
  fields?: Record<string, unknown>
}

const LAST_ACTIVE_RESOLUTION_MS = 60_000

/** Customers: listing, create / patch / replace / archive / restore, the test customer, token upserts. */
/** Whether a write failed on the UNIQUE constraint of `column` (`table.column`). */
function isUniqueViolation(error: unknown, column: string): boolean {
  return (
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    String((error as Error).message).includes(column)
  )
}

export class CustomerService {
  private readonly repo: CustomerRepository
  /** The row each token-made reference was read from (see {@link refFromToken}). */
  private readonly tokenRows = new WeakMap<CustomerRef, CustomerRow>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly workspace: WorkspaceService,
    private readonly validator: FieldSchemaValidator
  ) {
    this.repo = new CustomerRepository(ctx.db)
  }

  /** A page of customers; `cursor` is opaque (`0` or absent starts over). */
  list(query: CustomerQuery = {}, options: { includeSecrets?: boolean } = {}): Page<CustomerDto> {
    const limit = pageLimit(query.limit)
    const now = this.ctx.clock.now()
    const rows = this.repo.list({
      ...this.filterOf(query, now),
      afterSeq: decodeSeqCursor(query.cursor),
      limit: limit + 1
    })
    const secrets = options.includeSecrets ? this.ctx.secrets : undefined
    return seqPage(rows, limit, (page) => page.map((r) => toCustomerDto(r, now, secrets)))
  }

  /**
   * The page at a position of the list (0-based `offset`, read directly, not through the pages
   * before it) with the number of customers the whole list holds: what a scroll bar over all of
   * them needs. Its `cursor` continues from there as `list`'s does.
   */
  listAt(query: CustomerQuery, offset: number): Page<CustomerDto> & { total: number; offset: number } {
    if (!Number.isInteger(offset) || offset < 0) {
      throw invalidData(`offset must be a whole number from 0 on, got ${String(offset)}`, [
        { path: 'offset', message: 'offset must be 0 or more' }
      ])
    }
    const limit = pageLimit(query.limit)
    const now = this.ctx.clock.now()
    const filter = this.filterOf(query, now)
    return this.ctx.db.transaction(() => {
      const total = this.repo.countMatching(filter)
      const rows = this.repo.list({ ...filter, afterSeq: this.repo.seqBefore(filter, offset), limit: limit + 1 })
      return { ...seqPage(rows, limit, (page) => page.map((r) => toCustomerDto(r, now))), total, offset }
    })
  }

  /** How many customers a listing query selects (its paging aside). */
  countMatching(query: CustomerQuery): number {
    return this.repo.countMatching(this.filterOf(query, this.ctx.clock.now()))
  }

  private filterOf(query: CustomerQuery, now: number) {
    const activeLine = new Date(now - ACTIVE_WINDOW_MS).toISOString()
    return {
      search: query.search?.trim() || undefined,
      isTest: query.isTest,
      activeSince: query.isActive === true ? activeLine : undefined,
      inactiveBefore: query.isActive === false ? activeLine : undefined,
      includeArchived: query.includeArchived,
      archivedOnly: query.archivedOnly
    }
  }

  /** How many customers there are (archived ones only when asked). */
  count(includeArchived = false): number {
    return this.repo.count(includeArchived)
  }

  /** A customer by engine id or internal id (engine id wins); 404 names what was looked up. */
  get(selector: string, options: { includeSecrets?: boolean } = {}): CustomerDto {
    return this.dto(this.rowOf(selector), options.includeSecrets)
  }

  /** A customer by internal id only (`GET /customer?internalId=`). */
  getByInternalId(internalId: string, options: { includeSecrets?: boolean } = {}): CustomerDto {
    const row = this.repo.byInternalId(internalId)
    if (!row) throw notFound(`No customer with internalId "${internalId}".`)
    return this.dto(row, options.includeSecrets)
  }

  /** Creates a customer; fields are validated against the tenant field schema. */
  create(input: unknown, source: ChangeSource = 'api'): CustomerDto {
    const body = parseCreate(input)
    const fields = body.fields ?? {}
    this.assertFields(fields)
    const id = newId(this.ctx.clock.now())
    const internalId = body.internalId ?? id
    const credentialsSealed = this.seal(body.credentials)
    return this.ctx.db.transaction(() => {
      let row: CustomerRow
      try {
        row = this.repo.insert({
          ...this.newRow({ internalId, name: body.name, fields }),
          id,
          credentials_sealed: credentialsSealed,
          meta: body.meta ? toJsonColumn(body.meta) : null
        })
      } catch (error) {
        // the unique index answers "is this internalId taken?" in the insert itself, so a create
        // does not read first; a taken one is explained (with the holder's id) here
        if (isUniqueViolation(error, 'customers.internal_id')) this.assertInternalIdFree(internalId)
        throw error
      }
      const customer = this.dto(row)
      this.ctx.events.emit('customer.created', { customer, source })
      return customer
    })
  }

  /**
   * {@link create}, committed together with the other creates of this event-loop turn: the REST
   * route's way, so concurrent requests share one commit (and its WAL frames). Resolves after the
   * commit; a create that fails (a taken internalId, a field the schema rejects) fails alone.
   */
  createCommitted(input: unknown, source: ChangeSource = 'api'): Promise<CustomerDto> {
    return this.ctx.db.groupCommit(() => this.create(input, source))
  }

  /**
   * Creates many customers in one transaction (seeding, imports): all or none. Each input is
   * checked as `create` checks it; an error names the input's index. Returns how many were made.
   */
  createMany(inputs: readonly unknown[], source: ChangeSource = 'api'): number {
    const nowMs = this.ctx.clock.now()
    const now = new Date(nowMs).toISOString()
    const created = this.ctx.db.transaction(() => {
      const rows: CustomerRow[] = []
      const seen = new Set<string>()
      inputs.forEach((input, index) => {
        let body: CustomerCreate
        try {
          body = parseCreate(input)
          this.assertFields(body.fields ?? {})
        } catch (error) {
          throw invalidData(`Customer #${index} of ${inputs.length}: ${(error as Error).message}`, [
            { path: `[${index}]`, message: (error as Error).message }
          ])
        }
        const id = newId(nowMs)
        const internalId = body.internalId ?? id
        if (seen.has(internalId)) {
          throw alreadyExists(
            `Customer #${index} of ${inputs.length}: internalId "${internalId}" appears twice in the batch.`
          )
        }
        seen.add(internalId)
        this.assertInternalIdFree(internalId)
        rows.push(
          this.repo.insert({
            id,
            internal_id: internalId,
            name: body.name,
            fields: toJsonColumn(body.fields ?? {}),
            credentials_sealed: this.seal(body.credentials),
            meta: body.meta ? toJsonColumn(body.meta) : null,
            is_test: 0,
            last_active_at: null,
            created_at: now,
            updated_at: now,
            archived_at: null
          })
        )
      })
      return rows
    })
    for (const row of created) this.ctx.events.emit('customer.created', { customer: this.dto(row), source })
    return created.length
  }

  /** PATCH: changes what the body names and keeps the rest. */
  patch(selector: string, input: unknown, source: ChangeSource = 'api'): CustomerDto {
    const body = parseUpdate(input)
    return this.write(this.rowOf(selector), body, 'patch', source)
  }

  /** PUT: replaces the customer; `name` is required, absent fields / meta / credentials are cleared. */
  replace(selector: string, input: unknown, source: ChangeSource = 'api'): CustomerDto {
    const body = parseUpdate(input)
    if (body.name === undefined) {
      throw invalidData(
        'name is required for PUT, which replaces the whole customer; use PATCH to change only some values',
        [{ path: 'name', message: 'name is required' }]
      )
    }
    return this.write(this.rowOf(selector), body, 'put', source)
  }

  /** Moves the customer out of default listings; tokens for it are refused until restored. */
  archive(selector: string, source: ChangeSource = 'api'): CustomerDto {
    const row = this.rowOf(selector)
    if (row.is_test) throw accessDenied('The test customer cannot be archived; change its id, name or fields instead.')
    if (row.archived_at) return this.dto(row)
    const customer = this.dto(
      this.repo.update(row.id, { archived_at: this.ctx.nowIso(), updated_at: this.ctx.nowIso() })
    )
    this.ctx.events.emit('customer.archived', { customer, source })
    return customer
  }

  /** Brings an archived customer back. */
  restore(selector: string, source: ChangeSource = 'api'): CustomerDto {
    const row = this.rowOf(selector)
    if (!row.archived_at) return this.dto(row)
    const customer = this.dto(this.repo.update(row.id, { archived_at: null, updated_at: this.ctx.nowIso() }))
    this.ctx.events.emit('customer.restored', { customer, source })
    return customer
  }

  /** The test customer, created on first use. */
  testCustomer(): CustomerDto {
    return this.dto(this.ensureTestCustomerRow())
  }

  /** Sets the test customer's internal id, name or fields. */
  updateTestCustomer(input: unknown, source: ChangeSource = 'api'): CustomerDto {
    const body = parseTestUpdate(input)
    return this.write(this.ensureTestCustomerRow(), body, 'patch', source)
  }

  /** Which stored customers a proposed field schema would make invalid (all of them are checked). */
  checkAgainstSchema(
    schema: FieldSchema | null | undefined,
    max = 200
  ): { invalidCount: number; problems: CustomerSchemaProblem[] } {
    if (!schema) return { invalidCount: 0, problems: [] }
    const schemaErrors = this.validator.checkSchema(schema)
    if (schemaErrors.length)
      throw invalidData(`Invalid field schema: ${schemaErrors.map((e) => e.message).join('; ')}`, schemaErrors)
    const problems: CustomerSchemaProblem[] = []
    let invalidCount = 0
    for (const row of this.repo.iterateAll()) {
      const errors = this.validator.checkFields(schema, fromJsonColumn(row.fields))
      if (!errors.length) continue
      invalidCount++
      if (problems.length < max)
        problems.push({ customer: { id: row.id, internalId: row.internal_id, name: row.name }, errors })
    }
    return { invalidCount, problems }
  }

  /**
   * Finds or creates the customer a verified token names, applying its `name` and `fields`
   * claims. Invalid `fields` are refused (400) and nothing is written. Returns the row.
   */
  upsertFromToken(claims: TokenCustomerClaims): CustomerRow {
    const nowMs = this.ctx.clock.now()
    const existing = this.repo.byInternalId(claims.internalId)
    if (existing) {
      if (existing.archived_at) {
        throw accessDenied(
          `Customer "${claims.internalId}" is archived; restore it (POST /customers/${existing.id}/restore) before using its tokens.`
        )
      }
      const changes: Partial<CustomerRow> = {}
      if (claims.fields !== undefined) {
        const text = toJsonColumn(claims.fields)
        if (text !== existing.fields) {
          this.assertFields(claims.fields, 'token claim fields')
          changes.fields = text
        }
      }
      if (claims.name !== undefined && claims.name !== existing.name) changes.name = claims.name
      const lastActive = existing.last_active_at ? Date.parse(existing.last_active_at) : 0
      if (nowMs - lastActive >= LAST_ACTIVE_RESOLUTION_MS) changes.last_active_at = new Date(nowMs).toISOString()
      if (!Object.keys(changes).length) return existing
      const contentChanged = changes.fields !== undefined || changes.name !== undefined
      if (contentChanged) changes.updated_at = new Date(nowMs).toISOString()
      const row = this.repo.update(existing.id, changes)
      if (contentChanged) this.ctx.events.emit('customer.updated', { customer: this.dto(row), source: 'token' })
      return row
    }
    const fields = claims.fields ?? {}
    this.assertFields(fields, 'token claim fields')
    const row = this.repo.insert({
      ...this.newRow({ internalId: claims.internalId, name: claims.name ?? claims.internalId, fields }),
      last_active_at: new Date(nowMs).toISOString()
    })
    this.ctx.events.emit('customer.created', { customer: this.dto(row), source: 'token' })
    return row
  }

  /**
   * {@link upsertFromToken} as the request's actor sees it. The row read for the token is kept
   * with the reference (for this request only: an actor is made per request), so `GET /self`
   * answers from it instead of reading the same row a second time.
   */
  refFromToken(claims: TokenCustomerClaims): CustomerRef {
    const row = this.upsertFromToken(claims)
    const ref: CustomerRef = { id: row.id, internalId: row.internal_id }
    this.tokenRows.set(ref, row)
    return ref
  }

  /** The customer an actor names: from the row its token's check read, else read now. */
  getByRef(ref: CustomerRef): CustomerDto {
    const row = this.tokenRows.get(ref)
    return row ? this.dto(row) : this.get(ref.id)
  }

  /** Maps a row for callers that already hold one (auth, other services). */
  dto(row: CustomerRow, includeSecrets = false): CustomerDto {
    return toCustomerDto(row, this.ctx.clock.now(), includeSecrets ? this.ctx.secrets : undefined)
  }

  /** The customer rows as the snapshot's customers section reads and writes them (`snapshots/sections/`); for nothing else. */
  snapshotStore(): Pick<
    CustomerRepository,
    'byId' | 'byInternalId' | 'testCustomer' | 'insert' | 'update' | 'deleteAll'
  > {
    return this.repo
  }

  /** The customer with this engine id as runs, actions and app events see it; undefined when there is none. */
  findRunCustomer(id: string): RunCustomer | undefined {
    const row = this.repo.byId(id)
    return row ? toRunCustomer(row) : undefined
  }

  /** {@link findRunCustomer}, for a customer that must exist. */
  runCustomer(id: string): RunCustomer {
    const customer = this.findRunCustomer(id)
    if (!customer) throw notFound(`Customer ${id} does not exist.`)
    return customer
  }

  /** The customer's two ids (what an actor carries); undefined when there is none with this id. */
  findRef(id: string): CustomerRef | undefined {
    const row = this.repo.byId(id)
    return row ? { id: row.id, internalId: row.internal_id } : undefined
  }

  /** {@link findRef} by the internal id your app gives the customer. */
  findByInternalId(internalId: string): CustomerRef | undefined {
    const row = this.repo.byInternalId(internalId)
    return row ? { id: row.id, internalId: row.internal_id } : undefined
  }

  /** The customer's internal id, for messages; the engine id itself when the customer is gone. */
  internalIdOf(id: string): string {
    return this.repo.byId(id)?.internal_id ?? id
  }

  /** How console lists name a customer; undefined when there is none with this id. */
  findBrief(id: string): CustomerBrief | undefined {
    const row = this.repo.byId(id)
    return row ? { id: row.id, internalId: row.internal_id, name: row.name, isTest: row.is_test === 1 } : undefined
  }

  /** The row a selector names: engine id first, then internal id. */
  rowOf(selector: string): CustomerRow {
    const row = this.repo.byId(selector) ?? this.repo.byInternalId(selector)
    if (!row) throw notFound(`No customer with id or internalId "${selector}".`)
    return row
  }

  private write(row: CustomerRow, body: CustomerUpdate, mode: 'patch' | 'put', source: ChangeSource): CustomerDto {
    const changes: Partial<CustomerRow> = {}
    if (body.name !== undefined) changes.name = body.name
    if (body.fields !== undefined || mode === 'put') {
      const fields = body.fields ?? {}
      this.assertFields(fields)
      changes.fields = toJsonColumn(fields)
    }
    if (body.meta !== undefined || mode === 'put') changes.meta = body.meta ? toJsonColumn(body.meta) : null
    if (body.credentials !== undefined || mode === 'put') changes.credentials_sealed = this.seal(body.credentials)
    return this.ctx.db.transaction(() => {
      if (body.internalId !== undefined && body.internalId !== row.internal_id) {
        this.assertInternalIdFree(body.internalId)
        changes.internal_id = body.internalId
      }
      changes.updated_at = this.ctx.nowIso()
      const customer = this.dto(this.repo.update(row.id, changes))
      this.ctx.events.emit('customer.updated', { customer, source })
      return customer
    })
  }

  private ensureTestCustomerRow(): CustomerRow {
    const existing = this.repo.testCustomer()
    if (existing) return existing
    return this.ctx.db.transaction(() => {
      const now = this.ctx.nowIso()
      const taken = this.repo.byInternalId(DEFAULT_TEST_CUSTOMER_ID)
      if (taken) return this.repo.update(taken.id, { is_test: 1, archived_at: null, updated_at: now })
      const row = this.repo.insert({
        ...this.newRow({ internalId: DEFAULT_TEST_CUSTOMER_ID, name: 'Test Customer', fields: {} }),
        is_test: 1
      })
      this.ctx.events.emit('customer.created', { customer: this.dto(row), source: 'engine' })
      return row
    })
  }

  /** A new row with defaults: not a test customer, never active, no credentials or meta. */
  private newRow(values: {
    internalId: string
    name: string
    fields: Record<string, unknown>
  }): Insertable<CustomerTable> {
    const now = this.ctx.nowIso()
    return {
      id: newId(this.ctx.clock.now()),
      internal_id: values.internalId,
      name: values.name,
      fields: toJsonColumn(values.fields),
      credentials_sealed: null,
      meta: null,
      is_test: 0,
      last_active_at: null,
      created_at: now,
      updated_at: now,
      archived_at: null
    }
  }

  private assertInternalIdFree(internalId: string): void {
    const taken = this.repo.byInternalId(internalId)
    if (taken)
      throw alreadyExists(`A customer with internalId "${internalId}" already exists (id ${taken.id}).`, {
        customerId: taken.id
      })
  }

  private assertFields(fields: Record<string, unknown>, what = 'fields'): void {
    const errors = this.validator.checkFields(this.workspace.fieldSchema(), fields)
    if (errors.length) {
      throw invalidData(
        `${what === 'fields' ? 'Customer fields do not' : 'The token claim "fields" does not'} match the tenant field schema: ${errors.map((e) => e.message).join('; ')}. Nothing was changed.`,
        errors
      )
    }
  }

  private seal(credentials: unknown): SealedJson<unknown> | null {
    return credentials === undefined || credentials === null ? null : this.ctx.secrets.sealJson(credentials)
  }
}
