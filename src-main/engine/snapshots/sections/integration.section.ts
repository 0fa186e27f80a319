import type { Insertable, Selectable } from 'kysely'
import type { ErrorDetail } from '../../../contract/errors'
import type { SnapshotIntegration } from '../../../contract/integrations'
import type { AppCatalog } from '../../apps/app.catalog'
import type { SandboxService } from '../../apps/sandbox/sandbox.service'
import { EngineError } from '../../common/engine-error'
import { newId } from '../../common/ids'
import type { DB } from '../../db/schema'
import { SEALED_SECRET_SCHEMA, sealedSecretProblems, type SnapshotSection } from './snapshot-section'

type IntegrationRow = Selectable<DB['integrations']>

/** The integration rows this section reads and writes (`IntegrationService.snapshotStore()`). */
export interface IntegrationSnapshotStore {
  /** Every integration, archived ones too, oldest first. */
  all(): IntegrationRow[]
  byKey(key: string): IntegrationRow | undefined
  insert(row: Insertable<DB['integrations']>): IntegrationRow
  clear(): void
}

/** What the integrations section reads and writes. */
export interface IntegrationsSectionDeps {
  store: IntegrationSnapshotStore
  catalog: AppCatalog
  /** The sandbox apps' OAuth clients the integrations registered. */
  sandbox: Pick<SandboxService, 'snapshotClient' | 'restoreClient' | 'clearClients'>
  /** Ids of the integrations these customers' connections use. */
  integrationsOf: (customerIds: ReadonlySet<string>) => Set<string>
}

/**
 * Integrations with their parameters (secret ones sealed, or left out) and the OAuth client
 * they hold with a sandbox app. A customer's snapshot carries the integrations its connections
 * use. On import an integration whose key exists here is reused, not changed.
 */
export function createIntegrationsSection(deps: IntegrationsSectionDeps): SnapshotSection {
  const { store, catalog, sandbox } = deps
  return {
    key: 'integrations',
    itemSchema: {
      type: 'object',
      required: ['ref', 'key', 'name', 'connectorId', 'parameters'],
      additionalProperties: false,
      properties: {
        ref: { type: 'string', minLength: 1 },
        key: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        connectorId: { type: 'string', minLength: 1 },
        logoUri: { type: 'string' },
        parameters: { type: 'object' },
        secretParameters: SEALED_SECRET_SCHEMA,
        sandboxClient: {
          type: 'object',
          required: ['id', 'app', 'name', 'secretHash', 'redirectUris'],
          additionalProperties: false,
          properties: {
            id: { type: 'string' },
            app: { type: 'string' },
            name: { type: 'string' },
            secretHash: { type: 'string' },
            redirectUris: { type: 'array', items: { type: 'string' } }
          }
        },
        archived: { type: 'boolean' }
      }
    },

    exportItems({ ctx, scope, customerIds, box }) {
      const wanted = scope.kind === 'workspace' ? undefined : deps.integrationsOf(customerIds)
      return store
        .all()
        .filter((row) => !wanted || wanted.has(row.id))
        .map((row): SnapshotIntegration => {
          const connector = catalog.connector(row.connector_id)
          const all = ctx.secrets.openJson(row.parameters_sealed, `integration ${row.key} parameters`)
          const parameters = Object.fromEntries(
            Object.entries(all).filter(([k]) => !connector.secretParameters.includes(k))
          )
          const secrets = Object.fromEntries(
            Object.entries(all).filter(([k]) => connector.secretParameters.includes(k))
          )
          const item: SnapshotIntegration = {
            ref: row.id,
            key: row.key,
            name: row.name,
            connectorId: row.connector_id,
            parameters
          }
          if (row.logo_uri) item.logoUri = row.logo_uri
          if (box && Object.keys(secrets).length) item.secretParameters = box.seal(JSON.stringify(secrets))
          const client = typeof all.clientId === 'string' ? sandbox.snapshotClient(all.clientId) : undefined
          if (client) item.sandboxClient = client
          if (row.archived_at) item.archived = true
          return item
        })
    },

    validate(items, { box }) {
      const problems: ErrorDetail[] = []
      const keys = new Map<string, number>()
      ;(items as SnapshotIntegration[]).forEach((item, i) => {
        const at = `integrations[${i}]`
        const previous = keys.get(item.key)
        if (previous !== undefined)
          problems.push({
            path: `${at}.key`,
            message: `${at}.key "${item.key}" is also used by integrations[${previous}]`
          })
        keys.set(item.key, i)
        const connector = catalog.find(item.connectorId)
        if (!connector) {
          problems.push({
            path: `${at}.connectorId`,
            message: `${at}.connectorId "${item.connectorId}" is not a connector of this engine (${catalog
              .all()
              .map((c) => c.key)
              .join(', ')})`
          })
          return
        }
        problems.push(...sealedSecretProblems(item.secretParameters, `${at}.secretParameters`, box))
        // The generic connector's parameters are checked without side effects; sandbox ones may register a client, so only at apply.
        if (connector.key === 'http') {
          try {
            connector.prepareParameters(item.parameters, { key: item.key, name: item.name })
          } catch (error) {
            if (!(error instanceof EngineError)) throw error
            problems.push({ path: `${at}.parameters`, message: `${at}: ${error.message}` })
          }
        }
      })
      return problems
    },

    apply(items, a) {
      const { ctx, box } = a
      const ids = new Map<string, string>()
      a.ids.set('integrations', ids)
      const list = items as SnapshotIntegration[]
      list.forEach((item, index) => {
        a.progress(index, list.length)
        const existing = store.byKey(item.key)
        if (existing) {
          ids.set(item.ref, existing.id)
          a.report({
            section: 'integrations',
            ref: item.ref,
            label: item.key,
            action: 'skipped',
            detail: "an integration with this key is here; the file's connections use it"
          })
          return
        }
        const connector = catalog.connector(item.connectorId)
        if (item.sandboxClient) sandbox.restoreClient(item.sandboxClient)
        const secrets =
          item.secretParameters && box ? (JSON.parse(box.open(item.secretParameters)!) as Record<string, unknown>) : {}
        let parameters: Record<string, unknown>
        const missing = connector.secretParameters.filter(
          (k) => secrets[k] === undefined && item.parameters[k] === undefined
        )
        if (missing.length && connector.key === 'sandbox-crm') {
          // Without the client secret the old client cannot be used: register a new one.
          parameters = connector.prepareParameters(undefined, { key: item.key, name: item.name })
          a.warn(
            `Integration "${item.key}" got a new OAuth client (the file has no secrets); its connections must be reconnected.`
          )
        } else {
          parameters = connector.prepareParameters(
            { ...item.parameters, ...secrets },
            { key: item.key, name: item.name }
          )
        }
        const now = ctx.nowIso()
        const row = store.insert({
          id: newId(ctx.clock.now()),
          key: item.key,
          name: item.name,
          connector_id: connector.key,
          logo_uri: item.logoUri ?? null,
          parameters_sealed: ctx.secrets.sealJson(parameters),
          created_at: now,
          updated_at: now,
          archived_at: item.archived ? now : null
        })
        ids.set(item.ref, row.id)
        a.report({ section: 'integrations', ref: item.ref, label: item.key, action: 'added' })
      })
    },

    clear() {
      store.clear()
      sandbox.clearClients()
    }
  }
}
