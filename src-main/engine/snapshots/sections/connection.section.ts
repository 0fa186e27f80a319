import type { Insertable, Selectable } from 'kysely'
import type { ConnectionStatus, SnapshotConnection } from '../../../contract/connections'
import type { ErrorBody, ErrorDetail } from '../../../contract/errors'
import { newId } from '../../common/ids'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import type { DB } from '../../db/schema'
import { SEALED_SECRET_SCHEMA, sealedSecretProblems, type SnapshotSection } from './snapshot-section'

type ConnectionRow = Selectable<DB['connections']>

/** The connection rows this section reads and writes (`ConnectionService.snapshotStore()`). */
export interface ConnectionSnapshotStore {
  /** The customers' connections (every connection when undefined), archived ones too, in creation order. */
  ofCustomers(customerIds?: ReadonlySet<string>): ConnectionRow[]
  deleteOfCustomers(customerIds: ReadonlySet<string>): void
  insert(row: Insertable<DB['connections']>): void
  /** Deletes every connection (and pending connect request): whole-workspace replace. */
  clear(): void
}

/** The error a connection carries when its snapshot had no secrets. */
const IMPORTED_WITHOUT_SECRETS: ErrorBody = {
  type: 'connection',
  key: 'connection_is_defunct',
  message: 'Imported from a snapshot without secrets: reconnect this connection to give it credentials.'
}

/**
 * Connections of the exported customers: status, account and, in passphrase snapshots, their
 * input and credentials. Without secrets a connection comes in disconnected, asking to reconnect.
 */
export function createConnectionsSection(deps: { store: ConnectionSnapshotStore }): SnapshotSection {
  const { store } = deps
  return {
    key: 'connections',
    itemSchema: {
      type: 'object',
      required: ['ref', 'customerRef', 'integrationRef', 'name', 'authOptionKey', 'status'],
      additionalProperties: false,
      properties: {
        ref: { type: 'string', minLength: 1 },
        customerRef: { type: 'string', minLength: 1 },
        integrationRef: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        key: { type: 'string' },
        authOptionKey: { type: 'string', minLength: 1 },
        status: { enum: ['connected', 'disconnected', 'error'] },
        error: { type: 'object' },
        externalAccount: {
          type: 'object',
          required: ['id', 'name'],
          properties: { id: { type: 'string' }, name: { type: 'string' } }
        },
        meta: { type: 'object' },
        accessTokenExpiresAt: { type: 'string' },
        archived: { type: 'boolean' },
        input: SEALED_SECRET_SCHEMA,
        credentials: SEALED_SECRET_SCHEMA
      }
    },

    exportItems({ ctx, scope, customerIds, box }) {
      return store.ofCustomers(scope.kind === 'workspace' ? undefined : customerIds).map((row): SnapshotConnection => {
        const item: SnapshotConnection = {
          ref: row.id,
          customerRef: row.customer_id,
          integrationRef: row.integration_id,
          name: row.name,
          authOptionKey: row.auth_option_key,
          status: row.status as ConnectionStatus
        }
        if (row.key) item.key = row.key
        if (row.error) item.error = fromJsonColumn(row.error)
        if (row.external_account) item.externalAccount = fromJsonColumn(row.external_account)
        if (row.meta) item.meta = fromJsonColumn(row.meta, {})
        if (row.access_expires_at) item.accessTokenExpiresAt = row.access_expires_at
        if (row.archived_at) item.archived = true
        if (box && row.input_sealed) item.input = box.seal(ctx.secrets.decrypt(row.input_sealed))
        if (box && row.credentials_sealed) item.credentials = box.seal(ctx.secrets.decrypt(row.credentials_sealed))
        return item
      })
    },

    validate(items, { refs, box }) {
      const problems: ErrorDetail[] = []
      const customers = refs.get('customers') ?? new Set()
      const integrations = refs.get('integrations') ?? new Set()
      ;(items as SnapshotConnection[]).forEach((c, i) => {
        const at = `connections[${i}]`
        if (!customers.has(c.customerRef))
          problems.push({
            path: `${at}.customerRef`,
            message: `${at}.customerRef "${c.customerRef}" names no customer in the file`
          })
        if (!integrations.has(c.integrationRef))
          problems.push({
            path: `${at}.integrationRef`,
            message: `${at}.integrationRef "${c.integrationRef}" names no integration in the file`
          })
        for (const field of ['input', 'credentials'] as const)
          problems.push(...sealedSecretProblems(c[field], `${at}.${field}`, box))
      })
      return problems
    },

    apply(items, a) {
      const { ctx, box } = a
      const ids = new Map<string, string>()
      a.ids.set('connections', ids)
      store.deleteOfCustomers(a.replacedCustomers)
      const customerIds = a.ids.get('customers') ?? new Map<string, string>()
      const skippedCustomers = a.skipped.get('customers') ?? new Set<string>()
      const integrationIds = a.ids.get('integrations') ?? new Map<string, string>()
      const list = items as SnapshotConnection[]
      list.forEach((c, index) => {
        a.progress(index, list.length)
        const customerId = customerIds.get(c.customerRef)
        const integrationId = integrationIds.get(c.integrationRef)
        if (!customerId || !integrationId || skippedCustomers.has(c.customerRef)) {
          a.report({
            section: 'connections',
            ref: c.ref,
            label: c.name,
            action: 'skipped',
            detail: 'its customer was skipped'
          })
          return
        }
        const credentials = c.credentials && box ? box.open(c.credentials) : undefined
        const input = c.input && box ? box.open(c.input) : undefined
        const withoutSecrets = credentials === undefined
        const now = ctx.nowIso()
        const id = newId(ctx.clock.now())
        store.insert({
          id,
          customer_id: customerId,
          integration_id: integrationId,
          name: c.name,
          key: c.key ?? null,
          auth_option_key: c.authOptionKey,
          status: withoutSecrets ? 'disconnected' : c.status,
          error: withoutSecrets ? toJsonColumn(IMPORTED_WITHOUT_SECRETS) : c.error ? toJsonColumn(c.error) : null,
          input_sealed: input === undefined ? null : ctx.secrets.sealJsonText(input),
          credentials_sealed: credentials === undefined ? null : ctx.secrets.sealJsonText(credentials),
          access_expires_at: withoutSecrets ? null : (c.accessTokenExpiresAt ?? null),
          external_account: c.externalAccount ? toJsonColumn(c.externalAccount) : null,
          meta: c.meta ? toJsonColumn(c.meta) : null,
          fault_fail_count: 0,
          fault_fail_status: null,
          fault_latency_ms: 0,
          credentials_refreshed_at: null,
          last_active_at: null,
          disconnected_at: withoutSecrets ? now : null,
          created_at: now,
          updated_at: now,
          archived_at: c.archived ? now : null
        })
        ids.set(c.ref, id)
        a.report({
          section: 'connections',
          ref: c.ref,
          label: c.name,
          action: 'added',
          ...(withoutSecrets ? { detail: 'without credentials: reconnect it' } : {})
        })
      })
    },

    clear() {
      store.clear()
    }
  }
}
