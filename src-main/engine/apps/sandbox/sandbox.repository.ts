import { likePattern } from '../../common/listing'
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Database } from '../../db/database'
import type {
  SandboxAccountTable,
  SandboxApiKeyTable,
  SandboxOAuthClientTable,
  SandboxOAuthCodeTable,
  SandboxOAuthTokenTable,
  SandboxRecordTable,
  SandboxSettingsTable,
  SandboxWebhookTable
} from './sandbox.tables'

/** Row types of the sandbox tables. */
export type SandboxAccountRow = Selectable<SandboxAccountTable>
export type SandboxRecordRow = Selectable<SandboxRecordTable>
export type SandboxOAuthClientRow = Selectable<SandboxOAuthClientTable>
export type SandboxOAuthCodeRow = Selectable<SandboxOAuthCodeTable>
export type SandboxOAuthTokenRow = Selectable<SandboxOAuthTokenTable>
export type SandboxApiKeyRow = Selectable<SandboxApiKeyTable>
export type SandboxWebhookRow = Selectable<SandboxWebhookTable>
export type SandboxSettingsRow = Selectable<SandboxSettingsTable>

/** Filter of a record listing. */
export interface RecordFilter {
  accountId: string
  collection: string
  afterSeq: number
  limit: number
  /** Top-level field equality (values compared as JSON). */
  equals?: Record<string, string | number | boolean>
  /** Case-insensitive text matched against any field value. */
  text?: string
  updatedSince?: string
}

/** Queries of the sandbox apps' own state. */
export class SandboxRepository {
  // Hot paths of every API request (authentication, record writes, webhook lookups) as cached statements.
  private readonly statements

  constructor(private readonly db: Database) {
    this.statements = {
      accountById: db.sqlite.prepare('SELECT * FROM sandbox_accounts WHERE id = ?'),
      apiKeyByHash: db.sqlite.prepare('SELECT * FROM sandbox_api_keys WHERE key_hash = ?'),
      webhooksFor: db.sqlite.prepare('SELECT * FROM sandbox_webhooks WHERE account_id = ? AND collection = ?'),
      insertRecord: db.sqlite.prepare(
        'INSERT INTO sandbox_records (app, account_id, collection, id, data, created_at, updated_at) VALUES (@app, @account_id, @collection, @id, @data, @created_at, @updated_at) RETURNING *'
      )
    }
  }

  // accounts

  accountById(id: string): SandboxAccountRow | undefined {
    return this.statements.accountById.get(id) as SandboxAccountRow | undefined
  }

  accountByName(app: string, name: string): SandboxAccountRow | undefined {
    return this.db.first(
      this.db.q
        .selectFrom('sandbox_accounts')
        .selectAll()
        .where('app', '=', app)
        .where(sql<boolean>`name = ${name} COLLATE NOCASE`)
    )
  }

  accounts(app: string): SandboxAccountRow[] {
    return this.db.all(
      this.db.q.selectFrom('sandbox_accounts').selectAll().where('app', '=', app).orderBy('created_at').orderBy('name')
    )
  }

  insertAccount(row: Insertable<SandboxAccountTable>): void {
    this.db.run(this.db.q.insertInto('sandbox_accounts').values(row))
  }

  setCustomFields(id: string, customFields: SandboxAccountRow['custom_fields']): void {
    this.db.run(this.db.q.updateTable('sandbox_accounts').set({ custom_fields: customFields }).where('id', '=', id))
  }

  recordCounts(accountId: string): Record<string, number> {
    const rows = this.db.all(
      this.db.q
        .selectFrom('sandbox_records')
        .select(['collection', (eb) => eb.fn.countAll<number>().as('n')])
        .where('account_id', '=', accountId)
        .groupBy('collection')
    )
    return Object.fromEntries(rows.map((r) => [r.collection, r.n]))
  }

  // records

  record(accountId: string, collection: string, id: string): SandboxRecordRow | undefined {
    return this.db.first(
      this.db.q
        .selectFrom('sandbox_records')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('collection', '=', collection)
        .where('id', '=', id)
    )
  }

  records(filter: RecordFilter): SandboxRecordRow[] {
    let query = this.db.q
      .selectFrom('sandbox_records')
      .selectAll()
      .where('account_id', '=', filter.accountId)
      .where('collection', '=', filter.collection)
      .where('seq', '>', filter.afterSeq)
    for (const [field, value] of Object.entries(filter.equals ?? {})) {
      const path = `$."${field.replace(/"/g, '')}"`
      query = query.where(
        sql<boolean>`json_extract(data, ${path}) = ${typeof value === 'boolean' ? (value ? 1 : 0) : value}`
      )
    }
    if (filter.text) {
      const like = likePattern(filter.text)
      query = query.where(
        sql<boolean>`EXISTS (SELECT 1 FROM json_tree(sandbox_records.data) WHERE json_tree.atom IS NOT NULL AND CAST(json_tree.atom AS TEXT) LIKE ${like} ESCAPE '\\')`
      )
    }
    if (filter.updatedSince) query = query.where('updated_at', '>=', filter.updatedSince)
    return this.db.all(query.orderBy('seq').limit(filter.limit))
  }

  insertRecord(row: Insertable<SandboxRecordTable>): SandboxRecordRow {
    const { app, account_id, collection, id, data, created_at, updated_at } = row
    return this.statements.insertRecord.get({
      app,
      account_id,
      collection,
      id,
      data,
      created_at,
      updated_at
    }) as SandboxRecordRow
  }

  updateRecord(seq: number, data: SandboxRecordRow['data'], updatedAt: string): SandboxRecordRow {
    return this.db.first(
      this.db.q
        .updateTable('sandbox_records')
        .set({ data, updated_at: updatedAt })
        .where('seq', '=', seq)
        .returningAll()
    )!
  }

  deleteRecord(seq: number): void {
    this.db.run(this.db.q.deleteFrom('sandbox_records').where('seq', '=', seq))
  }

  // OAuth

  client(id: string): SandboxOAuthClientRow | undefined {
    return this.db.first(this.db.q.selectFrom('sandbox_oauth_clients').selectAll().where('id', '=', id))
  }

  insertClient(row: Insertable<SandboxOAuthClientTable>): void {
    this.db.run(this.db.q.insertInto('sandbox_oauth_clients').values(row))
  }

  code(hash: string): SandboxOAuthCodeRow | undefined {
    return this.db.first(this.db.q.selectFrom('sandbox_oauth_codes').selectAll().where('code_hash', '=', hash))
  }

  insertCode(row: Insertable<SandboxOAuthCodeTable>): void {
    this.db.run(this.db.q.insertInto('sandbox_oauth_codes').values(row))
  }

  /** Marks a code used; false when it already was (so two exchanges cannot both win). */
  useCode(hash: string, at: string): boolean {
    return (
      this.db.run(
        this.db.q
          .updateTable('sandbox_oauth_codes')
          .set({ used_at: at })
          .where('code_hash', '=', hash)
          .where('used_at', 'is', null)
      ).changes === 1
    )
  }

  token(hash: string): SandboxOAuthTokenRow | undefined {
    return this.db.first(this.db.q.selectFrom('sandbox_oauth_tokens').selectAll().where('token_hash', '=', hash))
  }

  insertToken(row: Insertable<SandboxOAuthTokenTable>): void {
    this.db.run(this.db.q.insertInto('sandbox_oauth_tokens').values(row))
  }

  /** Revokes one token; false when it was already revoked. */
  revokeToken(hash: string, at: string, reason: string): boolean {
    return (
      this.db.run(
        this.db.q
          .updateTable('sandbox_oauth_tokens')
          .set({ revoked_at: at, revoked_reason: reason })
          .where('token_hash', '=', hash)
          .where('revoked_at', 'is', null)
      ).changes === 1
    )
  }

  revokeFamily(familyId: string, at: string, reason: string): void {
    this.db.run(
      this.db.q
        .updateTable('sandbox_oauth_tokens')
        .set({ revoked_at: at, revoked_reason: reason })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
    )
  }

  expireToken(hash: string, at: string): boolean {
    return (
      this.db.run(this.db.q.updateTable('sandbox_oauth_tokens').set({ expires_at: at }).where('token_hash', '=', hash))
        .changes === 1
    )
  }

  // API keys

  apiKeyByHash(hash: string): SandboxApiKeyRow | undefined {
    return this.statements.apiKeyByHash.get(hash) as SandboxApiKeyRow | undefined
  }

  apiKeys(app: string): SandboxApiKeyRow[] {
    return this.db.all(
      this.db.q.selectFrom('sandbox_api_keys').selectAll().where('app', '=', app).orderBy('created_at')
    )
  }

  insertApiKey(row: Insertable<SandboxApiKeyTable>): void {
    this.db.run(this.db.q.insertInto('sandbox_api_keys').values(row))
  }

  revokeApiKey(id: string, at: string): boolean {
    return (
      this.db.run(
        this.db.q
          .updateTable('sandbox_api_keys')
          .set({ revoked_at: at })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
      ).changes === 1
    )
  }

  // webhooks

  webhooks(accountId: string): SandboxWebhookRow[] {
    return this.db.all(
      this.db.q.selectFrom('sandbox_webhooks').selectAll().where('account_id', '=', accountId).orderBy('created_at')
    )
  }

  webhooksFor(accountId: string, collection: string): SandboxWebhookRow[] {
    return this.statements.webhooksFor.all(accountId, collection) as SandboxWebhookRow[]
  }

  insertWebhook(row: Insertable<SandboxWebhookTable>): void {
    this.db.run(this.db.q.insertInto('sandbox_webhooks').values(row))
  }

  deleteWebhook(accountId: string, id: string): boolean {
    return (
      this.db.run(this.db.q.deleteFrom('sandbox_webhooks').where('account_id', '=', accountId).where('id', '=', id))
        .changes === 1
    )
  }

  // snapshots

  allAccounts(): SandboxAccountRow[] {
    return this.db.all(this.db.q.selectFrom('sandbox_accounts').selectAll().orderBy('created_at').orderBy('id'))
  }

  accountRecords(accountId: string): SandboxRecordRow[] {
    return this.db.all(
      this.db.q.selectFrom('sandbox_records').selectAll().where('account_id', '=', accountId).orderBy('seq')
    )
  }

  accountApiKeys(accountId: string): SandboxApiKeyRow[] {
    return this.db.all(
      this.db.q.selectFrom('sandbox_api_keys').selectAll().where('account_id', '=', accountId).orderBy('created_at')
    )
  }

  accountTokens(accountId: string): SandboxOAuthTokenRow[] {
    return this.db.all(
      this.db.q.selectFrom('sandbox_oauth_tokens').selectAll().where('account_id', '=', accountId).orderBy('created_at')
    )
  }

  /** Inserts a token unless its hash is known (importing the same snapshot twice). */
  insertTokenIfNew(row: Insertable<SandboxOAuthTokenTable>): void {
    this.db.run(
      this.db.q
        .insertInto('sandbox_oauth_tokens')
        .values(row)
        .onConflict((oc) => oc.column('token_hash').doNothing())
    )
  }

  insertApiKeyIfNew(row: Insertable<SandboxApiKeyTable>): void {
    this.db.run(
      this.db.q
        .insertInto('sandbox_api_keys')
        .values(row)
        .onConflict((oc) => oc.doNothing())
    )
  }

  insertWebhookIfNew(row: Insertable<SandboxWebhookTable>): void {
    this.db.run(
      this.db.q
        .insertInto('sandbox_webhooks')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
    )
  }

  insertClientIfNew(row: Insertable<SandboxOAuthClientTable>): void {
    this.db.run(
      this.db.q
        .insertInto('sandbox_oauth_clients')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
    )
  }

  /** Removes every account and what hangs off it (whole-workspace replace). */
  clearAccounts(): void {
    for (const table of [
      'sandbox_records',
      'sandbox_api_keys',
      'sandbox_webhooks',
      'sandbox_oauth_tokens',
      'sandbox_oauth_codes',
      'sandbox_accounts'
    ] as const) {
      this.db.run(this.db.q.deleteFrom(table))
    }
  }

  clearClients(): void {
    this.db.run(this.db.q.deleteFrom('sandbox_oauth_clients'))
  }

  // settings

  settings(app: string): SandboxSettingsRow['settings'] | undefined {
    return this.db.first(this.db.q.selectFrom('sandbox_settings').select('settings').where('app', '=', app))?.settings
  }

  saveSettings(app: string, settings: SandboxSettingsRow['settings'], at: string): void {
    this.db.run(
      this.db.q
        .insertInto('sandbox_settings')
        .values({ app, settings, updated_at: at })
        .onConflict((oc) => oc.column('app').doUpdateSet({ settings, updated_at: at }))
    )
  }
}
