import { randomUUID } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { ConnectorDto } from '../../contract/connectors'
import type { AppCatalog } from '../apps/app.catalog'
import type { Connector } from '../apps/connector'
import { keyFromName } from '../common/element-keys'
import { fflateModule, yamlModule } from '../common/lazy-modules'
import type { EngineContext } from '../common/engine-context'
import { alreadyExists, invalidData, notFound } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { fromJsonColumn, toJsonColumn } from '../common/json-column'
import { readZip, type ZipLimits } from '../interchange/zip-reader'
import { CustomConnectorRepository, type CustomConnectorRow } from './custom-connector.repository'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

// A pulled connector file carries more (id, workspaceId, baseUri, …): ignored, the engine owns those.
const CREATE = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' })),
  uuid: Type.Optional(Type.String({ pattern: UUID })),
  logoUri: Type.Optional(Type.String({ maxLength: 100_000 }))
})
const parseCreate = inputParser(CREATE, '', 'connector')

/** Limits on an uploaded connector source zip. */
export const CONNECTOR_SOURCE_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxEntryBytes: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024
}

/**
 * `GET /connectors`: the built-in connectors (the sandbox apps and the HTTP connector, which
 * run in the engine) and the workspace's own connectors as the Membrane CLI pushes them
 * (a record plus an uploaded source zip). Custom connectors are stored and given back on
 * pull; the engine does not run them.
 */
/** A workspace's own connector as the interchange exports and matches it: who it is, and its source zip. */
export interface CustomConnector {
  id: string
  uuid: string
  key: string
  name: string
  /** The uploaded source zip, or null before the CLI pushed one. */
  source: Buffer | null
}

export class ConnectorRegistry {
  private readonly repo: CustomConnectorRepository

  constructor(
    private readonly ctx: EngineContext,
    private readonly catalog: AppCatalog,
    private readonly workspaceId: () => string
  ) {
    this.repo = new CustomConnectorRepository(ctx.db)
  }

  /** Every connector; `workspaceId` narrows to that workspace's own ones. */
  list(query: { workspaceId?: string } = {}): ConnectorDto[] {
    const custom = this.repo.all().map((row) => this.customDto(row))
    if (query.workspaceId !== undefined) return query.workspaceId === this.workspaceId() ? custom : []
    return [...this.catalog.all().map((c) => builtInDto(c)), ...custom]
  }

  /** A connector by id, key or uuid. */
  get(selector: string): ConnectorDto {
    const builtIn = this.builtIn(selector)
    if (builtIn) return builtInDto(builtIn)
    return this.customDto(this.customRow(selector))
  }

  /** The built-in connector a selector names, if any. */
  builtIn(selector: string): Connector | undefined {
    return this.catalog.find(selector) ?? this.catalog.all().find((c) => c.app.uuid === selector)
  }

  /** Creates one of the workspace's own connectors (the CLI's `POST /connectors`); a given uuid is kept. */
  create(input: unknown): ConnectorDto {
    const body = parseCreate(input)
    const key = body.key ?? keyFromName(body.name)
    const row = this.ctx.db.transaction(() => {
      const builtIn = this.builtIn(key) ?? (body.uuid ? this.builtIn(body.uuid) : undefined)
      if (builtIn)
        throw alreadyExists(
          `Connector "${builtIn.key}" is built into the Workbench and cannot be added as a custom connector (pull without --all-connectors to leave built-in connectors out).`,
          { connectorId: builtIn.key }
        )
      if (this.repo.byKey(key))
        throw alreadyExists(`A connector with key "${key}" already exists; pick another key.`, { key })
      if (body.uuid && (this.repo.byUuid(body.uuid) || this.builtIn(body.uuid)))
        throw alreadyExists(`A connector with uuid "${body.uuid}" already exists; leave uuid out to get a new one.`, {
          uuid: body.uuid
        })
      const now = this.ctx.nowIso()
      return this.repo.insert({
        id: newId(this.ctx.clock.now()),
        uuid: body.uuid ?? randomUUID(),
        key,
        name: body.name,
        spec: toJsonColumn(body.logoUri ? { logoUri: body.logoUri } : {}),
        source_zip: null,
        source_size: 0,
        uploaded_at: null,
        created_at: now,
        updated_at: now
      })
    })
    return this.customDto(row)
  }

  /** Stores the source zip of a custom connector (checked as a zip first: entries, sizes, names). */
  upload(selector: string, zip: Uint8Array): ConnectorDto {
    if (this.builtIn(selector))
      throw invalidData(`Connector "${selector}" is built in; only the workspace's own connectors take uploads.`, [
        { path: 'connectorId', message: 'built-in connector' }
      ])
    const row = this.customRow(selector)
    readZip(zip, CONNECTOR_SOURCE_LIMITS, 'file')
    const now = this.ctx.nowIso()
    return this.customDto(
      this.repo.update(row.id, {
        source_zip: Buffer.from(zip),
        source_size: zip.byteLength,
        uploaded_at: now,
        updated_at: now
      })
    )
  }

  /** The source zip: what was uploaded for a custom connector, a description of a built-in one. */
  download(selector: string): Uint8Array {
    const builtIn = this.builtIn(selector)
    if (builtIn) {
      const spec = this.catalog.spec(builtIn, {})
      const { strToU8, zipSync } = fflateModule()
      return zipSync({
        'spec.yml': strToU8(yamlModule().stringify({ ...spec, uuid: builtIn.app.uuid, builtIn: true })),
        'README.md': strToU8(
          `# ${builtIn.app.name}\n\nBuilt into Integration Workbench: this file describes it, the engine runs it.\n`
        )
      })
    }
    const row = this.customRow(selector)
    if (!row.source_zip)
      throw notFound(
        `Connector "${row.key}" has no uploaded source yet: POST /connectors/${row.id}/upload a zip first.`
      )
    return new Uint8Array(row.source_zip)
  }

  /** The workspace's own connectors, in creation order. */
  custom(): CustomConnector[] {
    return this.repo.all().map(toCustomConnector)
  }

  /** The workspace's own connector with this uuid. */
  customByUuid(uuid: string): CustomConnector | undefined {
    const row = this.repo.byUuid(uuid)
    return row && toCustomConnector(row)
  }

  /** The workspace's own connector with this key. */
  customByKey(key: string): CustomConnector | undefined {
    const row = this.repo.byKey(key)
    return row && toCustomConnector(row)
  }

  private customRow(selector: string): CustomConnectorRow {
    const row = this.repo.byId(selector) ?? this.repo.byUuid(selector) ?? this.repo.byKey(selector)
    if (!row)
      throw notFound(
        `No connector with id, key or uuid "${selector}"; built-in ones are ${this.catalog
          .all()
          .map((c) => c.key)
          .join(', ')}. List them with GET /connectors.`
      )
    return row
  }

  private customDto(row: CustomConnectorRow): ConnectorDto {
    const spec = fromJsonColumn(row.spec)
    const dto: ConnectorDto = {
      id: row.id,
      uuid: row.uuid,
      key: row.key,
      name: row.name,
      workspaceId: this.workspaceId(),
      isBuiltIn: false,
      hasSource: row.source_zip !== null,
      sourceSize: row.source_size,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
    if (spec.logoUri) dto.logoUri = spec.logoUri
    if (row.uploaded_at) dto.uploadedAt = row.uploaded_at
    return dto
  }
}

function toCustomConnector(row: CustomConnectorRow): CustomConnector {
  return { id: row.id, uuid: row.uuid, key: row.key, name: row.name, source: row.source_zip }
}

function builtInDto(connector: Connector): ConnectorDto {
  return {
    id: connector.key,
    uuid: connector.app.uuid,
    key: connector.key,
    name: connector.app.name,
    logoUri: connector.app.logoUri,
    appUuid: connector.app.uuid,
    isBuiltIn: true
  }
}
