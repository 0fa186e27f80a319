import type { Insertable, Selectable, Updateable } from 'kysely'
import type { ErrorDetail } from '../../../contract/errors'
import type { SnapshotCustomer } from '../../../contract/snapshots'
import { fromBool, fromJsonColumn, toBool, toJsonColumn } from '../../common/json-column'
import { newId } from '../../common/ids'
import type { DB } from '../../db/schema'
import type { FieldSchemaValidator } from '../../field-schema/field-schema.validator'
import { SEALED_SECRET_SCHEMA, sealedSecretProblems, type SnapshotSection } from './snapshot-section'

type CustomerRow = Selectable<DB['customers']>

/** The customer rows this section reads and writes (`CustomerService.snapshotStore()`). */
export interface CustomerSnapshotStore {
  byId(id: string): CustomerRow | undefined
  byInternalId(internalId: string): CustomerRow | undefined
  testCustomer(): CustomerRow | undefined
  insert(row: Insertable<DB['customers']>): CustomerRow
  update(id: string, changes: Updateable<DB['customers']>): CustomerRow
  deleteAll(): void
}

/** Customers: fields, test flag, meta, archived state and (sealed) credentials; conflicts by internal id. */
export function createCustomersSection(deps: {
  store: CustomerSnapshotStore
  validator: FieldSchemaValidator
  /** The workspace's customer field schema (the file's own one when it replaces the workspace). */
  fieldSchema: () => Record<string, unknown> | undefined
}): SnapshotSection {
  const { store, validator } = deps
  return {
    key: 'customers',
    itemSchema: {
      type: 'object',
      required: ['ref', 'internalId', 'name', 'fields', 'isTest'],
      additionalProperties: false,
      properties: {
        ref: { type: 'string', minLength: 1 },
        internalId: { type: 'string', minLength: 1, maxLength: 256 },
        name: { type: 'string', minLength: 1, maxLength: 500 },
        fields: { type: 'object' },
        isTest: { type: 'boolean' },
        meta: { type: 'object' },
        archived: { type: 'boolean' },
        credentials: SEALED_SECRET_SCHEMA
      }
    },

    exportItems({ ctx, customerIds, box }) {
      const rows: CustomerRow[] = []
      for (const id of customerIds) {
        const row = store.byId(id)
        if (row) rows.push(row)
      }
      rows.sort((a, b) => a.seq - b.seq)
      return rows.map((row): SnapshotCustomer => {
        const item: SnapshotCustomer = {
          ref: row.id,
          internalId: row.internal_id,
          name: row.name,
          fields: fromJsonColumn(row.fields, {}),
          isTest: toBool(row.is_test)
        }
        if (row.meta) item.meta = fromJsonColumn(row.meta)
        if (row.archived_at) item.archived = true
        if (box && row.credentials_sealed) item.credentials = box.seal(ctx.secrets.decrypt(row.credentials_sealed))
        return item
      })
    },

    validate(items, { file, box }) {
      const problems: ErrorDetail[] = []
      const schema =
        file.scope.kind === 'workspace' && file.workspace ? file.workspace.userFieldsSchema : deps.fieldSchema()
      const seen = new Map<string, number>()
      let tests = 0
      ;(items as SnapshotCustomer[]).forEach((c, i) => {
        const at = `customers[${i}]`
        const previous = seen.get(c.internalId)
        if (previous !== undefined)
          problems.push({
            path: `${at}.internalId`,
            message: `${at}.internalId "${c.internalId}" is also used by customers[${previous}]`
          })
        seen.set(c.internalId, i)
        if (c.isTest) tests++
        for (const e of validator.checkFields(schema, c.fields, `${at}.fields`)) {
          problems.push({ path: e.path, message: `${e.message} (customer "${c.internalId}")` })
        }
        problems.push(...sealedSecretProblems(c.credentials, `${at}.credentials`, box))
      })
      if (tests > 1)
        problems.push({
          path: 'customers',
          message: `${tests} customers are marked isTest; a workspace has one test customer`
        })
      return problems
    },

    apply(items, a) {
      const { ctx, box } = a
      const ids = new Map<string, string>()
      const skipped = new Set<string>()
      a.ids.set('customers', ids)
      a.skipped.set('customers', skipped)
      const now = ctx.nowIso()
      const list = items as SnapshotCustomer[]
      list.forEach((c, index) => {
        a.progress(index, list.length)
        const credentials = c.credentials && box ? ctx.secrets.sealJsonText(box.open(c.credentials)!) : null
        const values = {
          name: c.name,
          fields: toJsonColumn(c.fields),
          meta: c.meta ? toJsonColumn(c.meta) : null,
          credentials_sealed: credentials,
          archived_at: c.archived ? now : null,
          updated_at: now
        }
        const existing = store.byInternalId(c.internalId)
        let internalId = c.internalId
        if (existing) {
          if (a.onConflict === 'skip') {
            ids.set(c.ref, existing.id)
            skipped.add(c.ref)
            a.report({
              section: 'customers',
              ref: c.ref,
              label: c.internalId,
              action: 'skipped',
              detail: 'a customer with this internalId exists'
            })
            return
          }
          if (a.onConflict === 'replace') {
            store.update(existing.id, values)
            ids.set(c.ref, existing.id)
            a.replacedCustomers.add(existing.id)
            a.report({
              section: 'customers',
              ref: c.ref,
              label: c.internalId,
              action: 'changed',
              detail: 'replaced the existing customer'
            })
            return
          }
          for (let n = 1; ; n++) {
            internalId = n === 1 ? `${c.internalId}-imported` : `${c.internalId}-imported-${n}`
            if (!store.byInternalId(internalId)) break
          }
        }
        const testTaken = c.isTest && store.testCustomer() !== undefined
        if (testTaken)
          a.warn(
            `Customer "${c.internalId}" was the test customer where it came from; this workspace keeps its own test customer, so it is imported as a regular customer.`
          )
        const row = store.insert({
          id: newId(ctx.clock.now()),
          internal_id: internalId,
          is_test: fromBool(!!c.isTest && !testTaken),
          last_active_at: null,
          created_at: now,
          ...values
        })
        ids.set(c.ref, row.id)
        if (internalId !== c.internalId) {
          a.report({
            section: 'customers',
            ref: c.ref,
            label: internalId,
            action: 'renamed',
            detail: `internalId "${c.internalId}" exists here`
          })
        } else {
          a.report({ section: 'customers', ref: c.ref, label: c.internalId, action: 'added' })
        }
      })
    },

    clear() {
      store.deleteAll()
    }
  }
}
