import type {
  SandboxAppKey,
  SandboxBrowserApp,
  SandboxRecordPage,
  SandboxRecordQuery,
  SandboxRecordRef,
  SandboxRecordView
} from '../../../contract/sandbox'
import { badRequest, invalidData, notFound } from '../../common/engine-error'
import { SANDBOX_APPS, type SandboxCollection } from './sandbox-app.definitions'
import { SandboxApiError } from './sandbox-api.error'
import type { SandboxRecord, SandboxRecordStore } from './sandbox-records.store'
import type { SandboxAccountRow, SandboxRepository } from './sandbox.repository'

/** The connections that reach a sandbox account (the engine's connections know, the sandbox does not). */
export type AccountConnections = () => Map<string, SandboxBrowserApp['accounts'][number]['connections']>

/**
 * The console's data browser over the sandbox apps' records: the same store the sandbox REST API
 * writes through, so a record created, changed or deleted here sends the same signed record
 * webhooks (and starts the same data-record flows) as one written by an app through the API.
 * The apps' own error shape becomes the engine's, with field paths under `fields.`.
 */
export class SandboxDataBrowser {
  constructor(
    private readonly repo: SandboxRepository,
    private readonly records: SandboxRecordStore,
    private readonly connectionsOf: AccountConnections
  ) {}

  /** Both apps with their collections and accounts (record counts and the connections using each). */
  apps(): SandboxBrowserApp[] {
    const byAccount = this.connectionsOf()
    return (Object.keys(SANDBOX_APPS) as SandboxAppKey[]).map((key) => {
      const app = SANDBOX_APPS[key]
      return {
        key,
        name: app.name,
        collections: app.collections.map((c) => ({ key: c.key, name: c.name })),
        accounts: this.repo.accounts(key).map((row) => ({
          id: row.id,
          app: key,
          name: row.name,
          createdAt: row.created_at,
          recordCounts: this.repo.recordCounts(row.id),
          connections: byAccount.get(row.id) ?? [],
          schemas: Object.fromEntries(
            app.collections.map((c) => [c.key, this.records.schema(row, c.key) as Record<string, unknown>])
          )
        }))
      }
    })
  }

  /** A page of records, oldest first, searched across every field value. */
  list(query: SandboxRecordQuery): SandboxRecordPage {
    const account = this.account(query.app, query.accountId)
    return translated(() => {
      const page = this.records.list(account, query.collection, {
        limit: query.limit,
        cursor: query.cursor,
        text: query.search?.trim() || undefined
      })
      const collection = this.records.collection(query.app, query.collection)
      return {
        items: page.data.map((r) => view(r, collection)),
        ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
        schema: this.records.schema(account, query.collection) as Record<string, unknown>,
        total: this.repo.recordCounts(account.id)[query.collection] ?? 0
      }
    })
  }

  /** One record. */
  get(ref: SandboxRecordRef): SandboxRecordView {
    const account = this.account(ref.app, ref.accountId)
    return translated(() =>
      view(this.records.get(account, ref.collection, ref.id), this.records.collection(ref.app, ref.collection))
    )
  }

  /** Creates a record; webhooks for `<collection>.created` go out as for an API write. */
  create(input: Omit<SandboxRecordRef, 'id'> & { fields: Record<string, unknown> }): SandboxRecordView {
    const account = this.account(input.app, input.accountId)
    return translated(() =>
      view(
        this.records.create(account, input.collection, input.fields),
        this.records.collection(input.app, input.collection)
      )
    )
  }

  /** Changes the fields named (`null` clears a nullable one); webhooks for `<collection>.updated`. */
  update(input: SandboxRecordRef & { fields: Record<string, unknown> }): SandboxRecordView {
    const account = this.account(input.app, input.accountId)
    return translated(() =>
      view(
        this.records.update(account, input.collection, input.id, input.fields),
        this.records.collection(input.app, input.collection)
      )
    )
  }

  /** Deletes a record; webhooks for `<collection>.deleted`. */
  delete(ref: SandboxRecordRef): { id: string } {
    const account = this.account(ref.app, ref.accountId)
    translated(() => this.records.delete(account, ref.collection, ref.id))
    return { id: ref.id }
  }

  private account(app: SandboxAppKey, id: string): SandboxAccountRow {
    const row = this.repo.accountById(id)
    if (!row || row.app !== app)
      throw notFound(`${SANDBOX_APPS[app].name} has no account "${id}".`, {
        errors: [{ path: 'accountId', message: `no ${app} account "${id}"` }]
      })
    return row
  }
}

function view(record: SandboxRecord, collection: SandboxCollection): SandboxRecordView {
  const { id, createdAt, updatedAt, ...fields } = record
  const name = collection.nameOf(fields)
  return { id, ...(name ? { name } : {}), fields, createdAt, updatedAt }
}

/** Runs a store call, turning the app's `{error, message, details}` into the engine's error shape. */
function translated<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (!(error instanceof SandboxApiError)) throw error
    const details = (error.details ?? []).map((d) => ({ path: `fields.${d.field}`, message: d.message }))
    if (error.status === 404) throw notFound(error.message)
    if (error.status === 400 || error.status === 422) throw invalidData(error.message, details)
    throw badRequest(error.message)
  }
}
