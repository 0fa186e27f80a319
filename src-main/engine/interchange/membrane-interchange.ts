import { fflateModule, yamlModule } from '../common/lazy-modules'
import type {
  ImportedElement,
  ImportTypeResult,
  MembraneExportResult,
  MembraneImportOptions,
  MembraneImportResult
} from '../../contract/interchange'
import type { Actor } from '../auth/actor'
import { EngineError, invalidData } from '../common/engine-error'
import type { ConnectorRegistry } from '../connectors/connector-registry'
import type { IntegrationService } from '../integrations/integration.service'
import type { BackgroundJobs } from './background-jobs'
import type { DownloadLinks } from './download-links'
import type { Connector } from '../apps/connector'
import type { CheckPlace, ElementKind, ElementRecord } from './element-kinds'
import {
  connectorPath,
  connectorSourcePath,
  derivedUuid,
  elementPath,
  integrationPath,
  placeOf,
  stableJson
} from './workspace-zip-layout'
import { readZip, type ZipLimits } from './zip-reader'

/** Limits on an imported workspace zip. */
export const WORKSPACE_ZIP_LIMITS: ZipLimits = {
  maxEntries: 5000,
  maxEntryBytes: 5 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024
}

const ADMIN: Actor = { kind: 'admin' }
/** Parameters that are per-Workbench (OAuth clients registered with the sandbox apps) or secret never travel. */
const LOCAL_PARAMETERS = /^(clientId|clientSecret)$/

type Spec = Record<string, unknown>

interface IncomingConnector {
  entry: string
  key: string
  uuid: string
  name: string
  logoUri?: string
  source?: Uint8Array
}

interface IncomingIntegration {
  entry: string
  key: string
  name: string
  connectorId: string
  logoUri?: string
  parameters?: Record<string, unknown>
}

interface IncomingElement {
  entry: string
  kind: ElementKind
  key: string
  integrationKey?: string
  uuid?: string
  parentUuid?: string
  body: Spec
}

/** A checked import: what the zip holds and what applying it changes. */
export interface PreparedImport {
  options: Required<MembraneImportOptions>
  connectors: IncomingConnector[]
  integrations: IncomingIntegration[]
  elements: IncomingElement[]
  result: MembraneImportResult
  /** Targets of the planned writes, by `type|integrationKey|key`. */
  existing: Map<string, ElementRecord>
  deletions: Array<{ type: string; record: ElementRecord }>
  integrationDeletions: string[]
}

function emptyType(): ImportTypeResult {
  return { created: [], updated: [], deleted: [], unchanged: [] }
}

function slot(type: string, integrationKey: string | undefined, key: string): string {
  return `${type}|${integrationKey ?? ''}|${key}`
}

function entryError(entry: string, error: unknown): EngineError {
  if (error instanceof EngineError) {
    const details = (error.data?.errors as Array<{ path: string; message: string }> | undefined) ?? []
    return invalidData(
      `Zip entry "${entry}": ${error.message}`,
      details.length
        ? details.map((d) => ({ path: `${entry}:${d.path}`, message: d.message }))
        : [{ path: entry, message: error.message }]
    )
  }
  return invalidData(`Zip entry "${entry}": ${(error as Error).message}`, [
    { path: entry, message: (error as Error).message }
  ])
}

function parseSpec(entry: string, data: Uint8Array): Spec {
  let value: unknown
  try {
    value = yamlModule().parse(fflateModule().strFromU8(data), { maxAliasCount: 100 })
  } catch (error) {
    throw invalidData(`Zip entry "${entry}" is not valid YAML: ${(error as Error).message}`, [
      { path: entry, message: 'not valid YAML' }
    ])
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalidData(`Zip entry "${entry}" must hold a YAML mapping (key: value lines).`, [
      { path: entry, message: 'not a mapping' }
    ])
  return value as Spec
}

function changedFields(a: Spec, b: Spec): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => stableJson(a[k]) !== stableJson(b[k])).sort()
}

function label(key: string, integrationKey?: string, fields?: string[]): ImportedElement {
  const item: ImportedElement = { key }
  if (integrationKey) item.integrationKey = integrationKey
  if (fields) item.changedFields = fields
  return item
}

/**
 * Membrane's workspace export and import (`GET /export`, `POST /import`): the zip layout of
 * Membrane's workspace (integrations, element folders, integration-level elements with their
 * universal parent's uuid, custom connectors), built from the table of element kinds. An
 * import is checked whole before anything is written: every entry name, every YAML file and
 * every element against its REST API's rules; a problem answers 400 naming the entry.
 */
export class MembraneInterchange {
  constructor(
    private readonly kinds: ElementKind[],
    private readonly integrations: IntegrationService,
    private readonly connectors: ConnectorRegistry,
    private readonly jobs: BackgroundJobs,
    private readonly downloads: DownloadLinks,
    private readonly apiUrl: () => string
  ) {}

  /** The element types export and import handle, in writing order. */
  types(): string[] {
    return ['connectors', 'integrations', ...this.kinds.map((k) => k.type)]
  }

  /** The workspace as Membrane's zip, and how many elements of each type it holds. */
  buildZip(progress: (percent: number) => void = () => {}): { bytes: Uint8Array; counts: Record<string, number> } {
    const files: Record<string, Uint8Array> = {}
    const counts: Record<string, number> = {}
    const put = (type: string, path: string, content: Spec) => {
      files[path] = fflateModule().strToU8(yamlModule().stringify(content, { aliasDuplicateObjects: false }))
      counts[type] = (counts[type] ?? 0) + 1
    }
    for (const connector of this.connectors.custom()) {
      const dto = this.connectors.get(connector.id)
      put('connectors', connectorPath(connector.key), {
        id: connector.id,
        uuid: connector.uuid,
        key: connector.key,
        name: connector.name,
        ...(dto.logoUri ? { logoUri: dto.logoUri } : {})
      })
      if (connector.source) files[connectorSourcePath(connector.key)] = new Uint8Array(connector.source)
    }
    const live = new Set<string>()
    for (const row of this.integrations.liveRefs()) {
      live.add(row.key)
      const config = this.integrations.config(row.id)
      const connector = this.connectors.get(config.connector.key)
      const parameters = Object.fromEntries(
        Object.entries(config.parameters).filter(
          ([name]) => !config.connector.secretParameters.includes(name) && !LOCAL_PARAMETERS.test(name)
        )
      )
      put('integrations', integrationPath(row.key), {
        uuid: derivedUuid('integrations', row.id),
        key: row.key,
        name: row.name,
        connectorUuid: connector.uuid,
        connectorKey: connector.key,
        ...(row.logoUri ? { logoUri: row.logoUri } : {}),
        ...(Object.keys(parameters).length ? { parameters } : {})
      })
    }
    progress(20)
    this.kinds.forEach((kind, index) => {
      for (const rec of kind.list()) {
        if (rec.integrationKey && !live.has(rec.integrationKey)) continue
        const { key, name, ...rest } = rec.spec
        put(kind.type, elementPath(kind.type, rec.key, rec.integrationKey), {
          uuid: derivedUuid(kind.type, rec.id),
          key,
          name,
          ...rest,
          ...(rec.parentId ? { parentUuid: derivedUuid(kind.type, rec.parentId) } : {})
        })
      }
      progress(20 + (70 * (index + 1)) / this.kinds.length)
    })
    const bytes = fflateModule().zipSync(files, { level: 6 })
    progress(100)
    return { bytes, counts }
  }

  /** `GET /export`: a job whose result is a download URL that works without a token for 15 minutes. */
  startExport(): { jobId: string; accessKey: string } {
    return this.jobs.start('export', async (progress) => {
      const { bytes, counts } = this.buildZip(progress)
      const link = this.downloads.put(bytes, 'membrane-workspace.zip')
      const result: MembraneExportResult = {
        downloadUrl: `${this.apiUrl()}/downloads/${link.token}`,
        expiresAt: new Date(link.expiresAt).toISOString(),
        sizeBytes: bytes.byteLength,
        counts
      }
      return result as unknown as Record<string, unknown>
    })
  }

  /** `POST /import`: checks the whole zip now (400 naming the entry), then applies it in a job unless `dryRun`. */
  async startImport(bytes: Uint8Array, options: MembraneImportOptions): Promise<{ jobId: string; accessKey: string }> {
    const prepared = await this.prepareImport(bytes, options)
    return this.jobs.start('import', async (progress) => {
      if (!prepared.options.dryRun) await this.apply(prepared, progress)
      return prepared.result as unknown as Record<string, unknown>
    })
  }

  /** Reads and checks a zip and plans the import; nothing is written. */
  async prepareImport(bytes: Uint8Array, options: MembraneImportOptions): Promise<PreparedImport> {
    const opts: Required<MembraneImportOptions> = {
      dryRun: options.dryRun ?? false,
      partial: options.partial ?? false,
      force: options.force ?? false,
      diff: options.diff ?? false
    }
    const entries = readZip(bytes, WORKSPACE_ZIP_LIMITS, 'file')
    const kindByType = new Map(this.kinds.map((k) => [k.type, k]))
    const connectors = new Map<string, IncomingConnector>()
    const sources = new Map<string, { entry: string; data: Uint8Array }>()
    const integrations: IncomingIntegration[] = []
    const elements: IncomingElement[] = []
    const rawIntegrations: Array<{ entry: string; key: string; spec: Spec }> = []

    for (const { name: entry, data } of entries) {
      const place = placeOf(entry)
      if (!place)
        throw invalidData(
          `Zip entry "${entry}" is not part of Membrane's workspace layout (<type>/<key>/spec.yaml, integrations/<key>/spec.yaml, integrations/<key>/<type>/<key>/spec.yaml, connectors/<key>/<key>.yml).`,
          [{ path: entry, message: 'unexpected entry' }]
        )
      if (place.kind === 'connector-source') {
        sources.set(place.key, { entry, data })
        continue
      }
      const spec = parseSpec(entry, data)
      if (spec.key !== undefined && spec.key !== place.key)
        throw invalidData(
          `Zip entry "${entry}" has key ${JSON.stringify(spec.key)} but sits in folder "${place.key}".`,
          [{ path: `${entry}:key`, message: 'key does not match its folder' }]
        )
      if (place.kind === 'connector') {
        if (typeof spec.uuid !== 'string' || typeof spec.name !== 'string')
          throw invalidData(`Zip entry "${entry}" needs a connector uuid and name.`, [
            { path: entry, message: 'uuid and name are required' }
          ])
        connectors.set(place.key, {
          entry,
          key: place.key,
          uuid: spec.uuid,
          name: spec.name,
          ...(typeof spec.logoUri === 'string' ? { logoUri: spec.logoUri } : {})
        })
      } else if (place.kind === 'integration') {
        rawIntegrations.push({ entry, key: place.key, spec })
      } else {
        const kind = kindByType.get(place.type)
        if (!kind)
          throw invalidData(
            `Zip entry "${entry}" is of element type "${place.type}", which this Workbench does not have; it handles ${this.kinds.map((k) => k.type).join(', ')}.`,
            [{ path: entry, message: 'unknown element type' }]
          )
        if (place.integrationKey && !kind.integrationLevel)
          throw invalidData(`Zip entry "${entry}": ${place.type} have no integration-level elements.`, [
            { path: entry, message: 'not an integration-level type' }
          ])
        const { uuid, parentUuid, id: _id, integrationKey: _i, integrationId: _j, parentId: _p, ...body } = spec
        elements.push({
          entry,
          kind,
          key: place.key,
          ...(place.integrationKey ? { integrationKey: place.integrationKey } : {}),
          ...(typeof uuid === 'string' ? { uuid } : {}),
          ...(typeof parentUuid === 'string' ? { parentUuid } : {}),
          body: { ...body, key: place.key }
        })
      }
    }
    for (const [key, source] of sources) {
      const connector = connectors.get(key)
      if (!connector)
        throw invalidData(`Zip entry "${source.entry}" has no connector record ${connectorPath(key)} beside it.`, [
          { path: source.entry, message: 'orphan connector source' }
        ])
      connector.source = source.data
    }
    for (const { entry, key, spec } of rawIntegrations)
      integrations.push(this.checkIntegration(entry, key, spec, connectors))

    const integrationKeys = new Set([
      ...integrations.map((i) => i.key),
      ...this.integrations.liveRefs().map((r) => r.key)
    ])
    const connectorOf = new Map<string, Connector | undefined>()
    for (const i of integrations) connectorOf.set(i.key, this.connectors.builtIn(i.connectorId))
    const inZip = new Set(elements.map((el) => slot(el.kind.type, el.integrationKey, el.key)))
    const universalByUuid = new Map<string, IncomingElement>()
    for (const el of elements) if (!el.integrationKey && el.uuid) universalByUuid.set(`${el.kind.type}|${el.uuid}`, el)
    for (const el of elements) {
      if (el.integrationKey && !integrationKeys.has(el.integrationKey))
        throw invalidData(
          `Zip entry "${el.entry}" belongs to integration "${el.integrationKey}", which neither the zip nor this workspace has.`,
          [{ path: el.entry, message: 'unknown integration' }]
        )
      if (el.parentUuid && !universalByUuid.has(`${el.kind.type}|${el.parentUuid}`))
        throw invalidData(
          `Zip entry "${el.entry}" derives from ${el.kind.type} uuid ${el.parentUuid}, which the zip does not hold as a universal element.`,
          [{ path: `${el.entry}:parentUuid`, message: 'unknown parent' }]
        )
      const place: CheckPlace = {
        integrationKey: el.integrationKey,
        connector: el.integrationKey ? connectorOf.get(el.integrationKey) : undefined,
        inZip: (type, key) =>
          inZip.has(slot(type, undefined, key)) ||
          (el.integrationKey !== undefined && inZip.has(slot(type, el.integrationKey, key)))
      }
      try {
        await el.kind.check(el.body, place)
      } catch (error) {
        throw entryError(el.entry, error)
      }
    }
    return this.plan(opts, [...connectors.values()], integrations, elements)
  }

  private checkIntegration(
    entry: string,
    key: string,
    spec: Spec,
    connectors: Map<string, IncomingConnector>
  ): IncomingIntegration {
    if (typeof spec.name !== 'string' || !spec.name)
      throw invalidData(`Zip entry "${entry}" needs the integration's name.`, [
        { path: `${entry}:name`, message: 'required' }
      ])
    const wanted = [spec.connectorKey, spec.connectorUuid, spec.connectorId].filter(
      (v): v is string => typeof v === 'string' && v !== ''
    )
    const builtIn = wanted.map((w) => this.connectors.builtIn(w)).find(Boolean)
    if (!builtIn) {
      const custom = [...connectors.values()].find((c) => wanted.includes(c.uuid) || wanted.includes(c.key))
      throw invalidData(
        custom
          ? `Zip entry "${entry}": integration "${key}" uses the custom connector "${custom.name}"; the Workbench stores custom connectors but runs only its built-in ones (sandbox-crm, sandbox-helpdesk, http). Leave the integration out or point it at a built-in connector.`
          : `Zip entry "${entry}": integration "${key}" names connector ${wanted.join(' / ') || '(none)'}, which this Workbench does not have; set connectorUuid or connectorKey to one of ${this.connectors
              .list()
              .filter((c) => c.isBuiltIn)
              .map((c) => `${c.key} (${c.uuid})`)
              .join(', ')}.`,
        [{ path: `${entry}:connectorUuid`, message: 'unknown connector' }]
      )
    }
    const parameters =
      spec.parameters && typeof spec.parameters === 'object' && !Array.isArray(spec.parameters)
        ? (spec.parameters as Record<string, unknown>)
        : undefined
    return {
      entry,
      key,
      name: spec.name,
      connectorId: builtIn.key,
      ...(typeof spec.logoUri === 'string' ? { logoUri: spec.logoUri } : {}),
      ...(parameters ? { parameters } : {})
    }
  }

  private plan(
    options: Required<MembraneImportOptions>,
    connectors: IncomingConnector[],
    integrations: IncomingIntegration[],
    elements: IncomingElement[]
  ): PreparedImport {
    const types: Record<string, ImportTypeResult> = {}
    for (const type of this.types()) types[type] = emptyType()
    const existing = new Map<string, ElementRecord>()
    const deletions: PreparedImport['deletions'] = []
    const integrationDeletions: string[] = []

    for (const c of connectors) {
      const found = this.connectors.customByUuid(c.uuid)
      if (!found) {
        const sameKey = this.connectors.customByKey(c.key)
        if (sameKey || this.connectors.builtIn(c.key))
          throw invalidData(`Zip entry "${c.entry}": a different connector already has key "${c.key}".`, [
            { path: c.entry, message: 'connector key taken' }
          ])
        types.connectors.created.push(label(c.key))
      } else if (
        found.name !== c.name ||
        (c.source && !found.source) ||
        (c.source && Buffer.compare(found.source!, Buffer.from(c.source)) !== 0)
      )
        types.connectors.updated.push(label(c.key))
      else types.connectors.unchanged.push(label(c.key))
    }

    const liveIntegrations = this.integrations.liveRefs()
    for (const i of integrations) {
      const row = liveIntegrations.find((r) => r.key === i.key)
      if (!row) {
        if (this.integrations.hasKey(i.key))
          throw invalidData(
            `Zip entry "${i.entry}": integration "${i.key}" exists here archived; restore it (POST /integrations/${i.key}/restore) or delete the entry.`,
            [{ path: i.entry, message: 'archived integration' }]
          )
        types.integrations.created.push(label(i.key))
        continue
      }
      if (row.connectorId !== i.connectorId)
        throw invalidData(
          `Zip entry "${i.entry}": integration "${i.key}" uses connector ${i.connectorId} in the zip but ${row.connectorId} here; an integration cannot change its connector.`,
          [{ path: `${i.entry}:connectorUuid`, message: 'connector differs' }]
        )
      const fields = [
        row.name !== i.name ? 'name' : '',
        (row.logoUri ?? undefined) !== i.logoUri ? 'logoUri' : ''
      ].filter(Boolean)
      if (fields.length) types.integrations.updated.push(label(i.key, undefined, options.diff ? fields : undefined))
      else types.integrations.unchanged.push(label(i.key))
    }
    const incomingIntegrationKeys = new Set(integrations.map((i) => i.key))
    if (!options.partial)
      for (const row of liveIntegrations)
        if (!incomingIntegrationKeys.has(row.key)) {
          integrationDeletions.push(row.id)
          types.integrations.deleted.push(label(row.key))
        }

    const incoming = new Set(elements.map((el) => slot(el.kind.type, el.integrationKey, el.key)))
    const inUse: string[] = []
    for (const kind of this.kinds) {
      const records = kind.list()
      for (const rec of records) existing.set(slot(kind.type, rec.integrationKey, rec.key), rec)
      if (options.partial) continue
      for (const rec of records) {
        if (incoming.has(slot(kind.type, rec.integrationKey, rec.key))) continue
        const uses = kind.usage(rec.id)
        if (uses > 0 && !options.force)
          inUse.push(
            `${kind.type} ${rec.integrationKey ? `${rec.integrationKey}.` : ''}${rec.key} (${uses} live instance${uses === 1 ? '' : 's'})`
          )
        deletions.push({ type: kind.type, record: rec })
        types[kind.type].deleted.push(label(rec.key, rec.integrationKey))
      }
    }
    if (inUse.length)
      throw invalidData(
        `The zip leaves out elements that live instances were built from: ${inUse.join(', ')}. Import with partial=true to keep them, or force=true to delete them anyway.`,
        inUse.map((what) => ({ path: what, message: 'in use' }))
      )

    const keyByUuid = new Map<string, string>()
    for (const el of elements) if (!el.integrationKey && el.uuid) keyByUuid.set(`${el.kind.type}|${el.uuid}`, el.key)
    for (const el of elements) {
      const current = existing.get(slot(el.kind.type, el.integrationKey, el.key))
      if (!current) {
        types[el.kind.type].created.push(label(el.key, el.integrationKey))
        continue
      }
      const parentKey = el.parentUuid ? keyByUuid.get(`${el.kind.type}|${el.parentUuid}`) : undefined
      const currentParent = current.parentId
        ? [...existing.values()].find((r) => r.id === current.parentId && !r.integrationKey)?.key
        : undefined
      const fields = changedFields(current.spec, el.body)
      if (parentKey !== currentParent) fields.push('parentUuid')
      if (fields.length)
        types[el.kind.type].updated.push(label(el.key, el.integrationKey, options.diff ? fields : undefined))
      else types[el.kind.type].unchanged.push(label(el.key, el.integrationKey))
    }

    const counts = { created: 0, updated: 0, deleted: 0, unchanged: 0 }
    for (const t of Object.values(types)) {
      counts.created += t.created.length
      counts.updated += t.updated.length
      counts.deleted += t.deleted.length
      counts.unchanged += t.unchanged.length
    }
    return {
      options,
      connectors,
      integrations,
      elements,
      existing,
      deletions,
      integrationDeletions,
      result: { dryRun: options.dryRun, partial: options.partial, force: options.force, types, counts }
    }
  }

  /** Writes a prepared import: connectors, integrations, universal elements, integration-level ones, then deletions. */
  async apply(prepared: PreparedImport, progress: (percent: number) => void = () => {}): Promise<void> {
    const { result } = prepared
    const is = (type: string, bucket: keyof ImportTypeResult, key: string, integrationKey?: string) =>
      result.types[type][bucket].some((e) => e.key === key && e.integrationKey === integrationKey)
    for (const c of prepared.connectors) {
      const found = this.connectors.customByUuid(c.uuid)
      const id = found
        ? found.id
        : this.connectors.create({
            name: c.name,
            key: c.key,
            uuid: c.uuid,
            ...(c.logoUri ? { logoUri: c.logoUri } : {})
          }).id
      if (c.source && is('connectors', found ? 'updated' : 'created', c.key)) this.connectors.upload(id, c.source)
    }
    for (const i of prepared.integrations) {
      if (is('integrations', 'created', i.key))
        this.integrations.create(ADMIN, {
          key: i.key,
          name: i.name,
          connectorId: i.connectorId,
          ...(i.logoUri ? { logoUri: i.logoUri } : {}),
          ...(i.parameters ? { parameters: i.parameters } : {})
        })
      else if (is('integrations', 'updated', i.key))
        this.integrations.patch(ADMIN, i.key, { name: i.name, logoUri: i.logoUri ?? '' })
    }
    progress(20)
    const idByUuid = new Map<string, string>()
    const ordered = [
      ...prepared.elements.filter((e) => !e.integrationKey),
      ...prepared.elements.filter((e) => e.integrationKey)
    ]
    let done = 0
    for (const el of ordered) {
      const type = el.kind.type
      const current = prepared.existing.get(slot(type, el.integrationKey, el.key))
      try {
        let id: string
        if (!current) {
          const parentId = el.parentUuid ? idByUuid.get(`${type}|${el.parentUuid}`) : undefined
          id = await el.kind.create({
            ...el.body,
            ...(el.integrationKey ? { integrationKey: el.integrationKey } : {}),
            ...(parentId ? { parentId } : {})
          })
        } else {
          id = current.id
          if (is(type, 'updated', el.key, el.integrationKey)) await el.kind.replace(id, el.body)
        }
        if (el.uuid) idByUuid.set(`${type}|${el.uuid}`, id)
      } catch (error) {
        throw entryError(el.entry, error)
      }
      progress(20 + (70 * ++done) / Math.max(1, ordered.length))
    }
    const deletions = [...prepared.deletions].sort(
      (a, b) => Number(!a.record.integrationKey) - Number(!b.record.integrationKey)
    )
    const kindByType = new Map(this.kinds.map((k) => [k.type, k]))
    for (const { type, record } of deletions) kindByType.get(type)!.archive(record.id)
    for (const id of prepared.integrationDeletions) this.integrations.archive(ADMIN, id)
    progress(100)
  }
}
