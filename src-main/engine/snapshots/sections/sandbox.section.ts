import type { Insertable, Selectable } from 'kysely'
import type { ErrorDetail } from '../../../contract/errors'
import type { SandboxAppKey, SnapshotSandboxAccount } from '../../../contract/sandbox'
import { SANDBOX_APPS } from '../../apps/sandbox/sandbox-app.definitions'
import { fromJsonColumn, toJsonColumn } from '../../common/json-column'
import type { DB } from '../../db/schema'
import { SEALED_SECRET_SCHEMA, sealedSecretProblems, type SnapshotSection } from './snapshot-section'

type Row<T extends keyof DB> = Selectable<DB[T]>

/** The sandbox rows this section reads and writes (`SandboxService.snapshotStore()`). */
export interface SandboxSnapshotStore {
  allAccounts(): Row<'sandbox_accounts'>[]
  accountById(id: string): Row<'sandbox_accounts'> | undefined
  accountByName(app: string, name: string): Row<'sandbox_accounts'> | undefined
  accountRecords(accountId: string): Row<'sandbox_records'>[]
  accountApiKeys(accountId: string): Row<'sandbox_api_keys'>[]
  accountTokens(accountId: string): Row<'sandbox_oauth_tokens'>[]
  webhooks(accountId: string): Row<'sandbox_webhooks'>[]
  insertAccount(row: Insertable<DB['sandbox_accounts']>): void
  insertRecord(row: Insertable<DB['sandbox_records']>): unknown
  /** The inserts below skip what is already there (importing the same snapshot twice). */
  insertApiKeyIfNew(row: Insertable<DB['sandbox_api_keys']>): void
  insertTokenIfNew(row: Insertable<DB['sandbox_oauth_tokens']>): void
  insertWebhookIfNew(row: Insertable<DB['sandbox_webhooks']>): void
  /** Removes every account and what hangs off it (whole-workspace replace). */
  clearAccounts(): void
}

const STRING = { type: 'string' }

/**
 * Sandbox accounts with their records, custom fields, API keys and OAuth tokens (as hashes) and
 * webhook subscriptions, so connections to sandbox apps keep working where a snapshot is
 * imported. A customer's snapshot carries the accounts its connections point at.
 */
export function createSandboxSection(deps: {
  store: SandboxSnapshotStore
  accountsOf: (customerIds: ReadonlySet<string>) => Set<string>
}): SnapshotSection {
  const { store } = deps
  return {
    key: 'sandboxAccounts',
    itemSchema: {
      type: 'object',
      required: ['ref', 'app', 'name', 'customFields', 'records', 'apiKeys', 'tokens', 'webhooks'],
      additionalProperties: false,
      properties: {
        ref: { type: 'string', minLength: 1 },
        app: { enum: Object.keys(SANDBOX_APPS) },
        name: { type: 'string', minLength: 1, maxLength: 100 },
        customFields: { type: 'object' },
        records: {
          type: 'array',
          items: {
            type: 'object',
            required: ['collection', 'id', 'fields', 'createdAt', 'updatedAt'],
            additionalProperties: false,
            properties: {
              collection: STRING,
              id: STRING,
              fields: { type: 'object' },
              createdAt: STRING,
              updatedAt: STRING
            }
          }
        },
        apiKeys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'keyHash', 'prefix', 'createdAt'],
            additionalProperties: false,
            properties: {
              id: STRING,
              name: STRING,
              keyHash: STRING,
              prefix: STRING,
              createdAt: STRING,
              revokedAt: STRING
            }
          }
        },
        tokens: {
          type: 'array',
          items: {
            type: 'object',
            required: ['hash', 'kind', 'clientId', 'scope', 'familyId', 'expiresAt', 'createdAt'],
            additionalProperties: false,
            properties: {
              hash: STRING,
              kind: { enum: ['access', 'refresh'] },
              clientId: STRING,
              scope: STRING,
              familyId: STRING,
              expiresAt: STRING,
              createdAt: STRING,
              revokedAt: STRING,
              revokedReason: STRING
            }
          }
        },
        webhooks: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'collection', 'events', 'url', 'createdAt'],
            additionalProperties: false,
            properties: {
              id: STRING,
              collection: STRING,
              events: { type: 'array', items: STRING },
              url: STRING,
              createdAt: STRING,
              secret: SEALED_SECRET_SCHEMA
            }
          }
        }
      }
    },

    exportItems({ ctx, scope, customerIds, box }) {
      const wanted = scope.kind === 'workspace' ? undefined : deps.accountsOf(customerIds)
      return store
        .allAccounts()
        .filter((a) => !wanted || wanted.has(a.id))
        .map((a): SnapshotSandboxAccount => ({
          ref: a.id,
          app: a.app as SandboxAppKey,
          name: a.name,
          customFields: fromJsonColumn(a.custom_fields),
          records: store.accountRecords(a.id).map((r) => ({
            collection: r.collection,
            id: r.id,
            fields: fromJsonColumn(r.data),
            createdAt: r.created_at,
            updatedAt: r.updated_at
          })),
          apiKeys: store.accountApiKeys(a.id).map((k) => ({
            id: k.id,
            name: k.name,
            keyHash: k.key_hash,
            prefix: k.prefix,
            createdAt: k.created_at,
            ...(k.revoked_at ? { revokedAt: k.revoked_at } : {})
          })),
          tokens: store.accountTokens(a.id).map((t) => ({
            hash: t.token_hash,
            kind: t.kind,
            clientId: t.client_id,
            scope: t.scope,
            familyId: t.family_id,
            expiresAt: t.expires_at,
            createdAt: t.created_at,
            ...(t.revoked_at ? { revokedAt: t.revoked_at, revokedReason: t.revoked_reason ?? 'revoked' } : {})
          })),
          webhooks: store.webhooks(a.id).map((w) => ({
            id: w.id,
            collection: w.collection,
            events: fromJsonColumn(w.events),
            url: w.url,
            createdAt: w.created_at,
            ...(box ? { secret: box.seal(ctx.secrets.decrypt(w.secret_sealed)) } : {})
          }))
        }))
    },

    validate(items, { box }) {
      const problems: ErrorDetail[] = []
      ;(items as SnapshotSandboxAccount[]).forEach((account, i) => {
        const at = `sandboxAccounts[${i}]`
        const collections = new Set(SANDBOX_APPS[account.app].collections.map((c) => c.key))
        const seen = new Set<string>()
        account.records.forEach((r, j) => {
          if (!collections.has(r.collection))
            problems.push({
              path: `${at}.records[${j}].collection`,
              message: `${at}.records[${j}].collection "${r.collection}" is not a collection of the ${account.app} sandbox`
            })
          const id = `${r.collection}/${r.id}`
          if (seen.has(id))
            problems.push({
              path: `${at}.records[${j}].id`,
              message: `${at}.records[${j}] repeats ${r.collection} record "${r.id}"`
            })
          seen.add(id)
        })
        account.webhooks.forEach((w, j) => {
          problems.push(...sealedSecretProblems(w.secret, `${at}.webhooks[${j}].secret`, box))
        })
      })
      return problems
    },

    apply(items, a) {
      const { ctx, box } = a
      const ids = new Map<string, string>()
      a.ids.set('sandboxAccounts', ids)
      const list = items as SnapshotSandboxAccount[]
      list.forEach((account, index) => {
        a.progress(index, list.length)
        if (store.accountById(account.ref)) {
          ids.set(account.ref, account.ref)
          a.report({
            section: 'sandboxAccounts',
            ref: account.ref,
            label: account.name,
            action: 'skipped',
            detail: 'this sandbox account is already here'
          })
          return
        }
        let name = account.name
        for (let n = 1; store.accountByName(account.app, name); n++)
          name = n === 1 ? `${account.name} (imported)` : `${account.name} (imported ${n})`
        store.insertAccount({
          id: account.ref,
          app: account.app,
          name,
          custom_fields: toJsonColumn(account.customFields),
          created_at: ctx.nowIso()
        })
        for (const r of account.records) {
          store.insertRecord({
            app: account.app,
            account_id: account.ref,
            collection: r.collection,
            id: r.id,
            data: toJsonColumn(r.fields),
            created_at: r.createdAt,
            updated_at: r.updatedAt
          })
        }
        for (const k of account.apiKeys) {
          store.insertApiKeyIfNew({
            id: k.id,
            app: account.app,
            account_id: account.ref,
            name: k.name,
            key_hash: k.keyHash,
            prefix: k.prefix,
            created_at: k.createdAt,
            revoked_at: k.revokedAt ?? null
          })
        }
        for (const t of account.tokens) {
          store.insertTokenIfNew({
            token_hash: t.hash,
            app: account.app,
            kind: t.kind,
            client_id: t.clientId,
            account_id: account.ref,
            scope: t.scope,
            family_id: t.familyId,
            expires_at: t.expiresAt,
            revoked_at: t.revokedAt ?? null,
            revoked_reason: t.revokedReason ?? null,
            created_at: t.createdAt
          })
        }
        let droppedHooks = 0
        for (const w of account.webhooks) {
          const secret = w.secret && box ? box.open(w.secret) : undefined
          if (secret === undefined) {
            droppedHooks++
            continue
          }
          store.insertWebhookIfNew({
            id: w.id,
            app: account.app,
            account_id: account.ref,
            collection: w.collection,
            events: toJsonColumn(w.events),
            url: w.url,
            secret_sealed: ctx.secrets.encrypt(secret),
            created_at: w.createdAt
          })
        }
        if (droppedHooks)
          a.warn(
            `${droppedHooks} webhook subscription(s) of sandbox account "${name}" were left out: the file has no secrets to sign their deliveries with.`
          )
        ids.set(account.ref, account.ref)
        a.report({
          section: 'sandboxAccounts',
          ref: account.ref,
          label: name,
          action: name === account.name ? 'added' : 'renamed',
          ...(name !== account.name ? { detail: `an account "${account.name}" exists here` } : {})
        })
      })
    },

    clear() {
      store.clearAccounts()
    }
  }
}
