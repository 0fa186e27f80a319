import { randomBytes, randomUUID } from 'node:crypto'
import type { ErrorDetail } from '../../contract/errors'
import {
  WorkspacePatch,
  type FieldSchema,
  type WorkspaceCredentials,
  type WorkspaceDto
} from '../../contract/workspace'
import type { EngineContext } from '../common/engine-context'
import { invalidData } from '../common/engine-error'
import { newId } from '../common/ids'
import { inputParser } from '../common/input-parser'
import { toJsonColumnOrNull } from '../common/json-column'
import type { SealedJson } from '../common/secret-box'
import type { FieldSchemaValidator } from '../field-schema/field-schema.validator'
import { toWorkspaceDto } from './workspace.mapper'
import { WorkspaceRepository, type WorkspaceRow } from './workspace.repository'
import type { PreviousSecret } from './workspace.table'

/** Workspace credentials given at start (flags or environment) instead of the stored ones. */
export interface WorkspaceOverrides {
  key?: string
  secret?: string
}

const MIN_SECRET_LENGTH = 16

/** How many replaced secrets are remembered for rotation messages. */
const KEPT_SECRETS = 5

const parsePatch = inputParser(WorkspacePatch, '', 'workspace update')

/** The workspace: its key, its signing secret (sealed at rest), the field schema and settings. */
export class WorkspaceService {
  private readonly repo: WorkspaceRepository
  private row!: WorkspaceRow
  /** The DTO of `row`, built once per change: webhooks, schema checks and nodes read it per call. */
  private dto: WorkspaceDto | undefined
  private secret!: string
  private previous: PreviousSecret[] | undefined

  constructor(
    private readonly ctx: EngineContext,
    private readonly validator: FieldSchemaValidator
  ) {
    this.repo = new WorkspaceRepository(ctx.db)
  }

  /** Loads the workspace, creating it on first start; applies key/secret overrides. */
  init(overrides: WorkspaceOverrides = {}): void {
    if (overrides.secret !== undefined && overrides.secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`The workspace secret given at start is too short: use at least ${MIN_SECRET_LENGTH} characters.`)
    }
    if (overrides.key !== undefined && !/^[\w.:-]{1,200}$/.test(overrides.key)) {
      throw new Error('The workspace key given at start may contain only letters, digits, ".", ":", "_" and "-".')
    }
    const now = this.ctx.nowIso()
    let row = this.repo.find()
    if (!row) {
      const secret = overrides.secret ?? randomBytes(32).toString('hex')
      row = {
        id: newId(this.ctx.clock.now()),
        key: overrides.key ?? randomUUID(),
        name: 'Local workspace',
        secret_sealed: this.ctx.secrets.encrypt(secret),
        secret_rotated_at: now,
        previous_secrets_sealed: null,
        user_fields_schema: null,
        webhook_uri: null,
        api_base_uri: null,
        default_token_ttl: 7200,
        run_retention_days: 30,
        run_retention_per_instance: 10_000,
        created_at: now,
        updated_at: now
      }
      this.repo.insert(row)
    } else {
      const changes: Partial<WorkspaceRow> = {}
      if (overrides.key !== undefined && overrides.key !== row.key) changes.key = overrides.key
      if (overrides.secret !== undefined && overrides.secret !== this.ctx.secrets.decrypt(row.secret_sealed)) {
        changes.secret_sealed = this.ctx.secrets.encrypt(overrides.secret)
        changes.secret_rotated_at = now
        changes.previous_secrets_sealed = this.retired(row, now)
      }
      if (Object.keys(changes).length) {
        this.repo.update(row.id, { ...changes, updated_at: now })
        row = this.repo.find()!
      }
    }
    this.setRow(row)
    this.secret = this.ctx.secrets.decrypt(row.secret_sealed)
  }

  /** The workspace as the API shows it. */
  get(): WorkspaceDto {
    this.dto ??= toWorkspaceDto(this.row)
    return this.dto
  }

  /** The workspace key (the `iss` / `workspaceKey` every token must carry). */
  key(): string {
    return this.row.key
  }

  /** The key and the signing secret in clear: for the console, the CLI and token signing. */
  credentials(): WorkspaceCredentials {
    return { key: this.row.key, secret: this.secret }
  }

  /** How long runs are kept (days) and how many per instance; null = no limit. */
  runRetention(): { days: number | null; perInstance: number | null } {
    return { days: this.row.run_retention_days, perInstance: this.row.run_retention_per_instance }
  }

  /** The tenant field schema, if one is set. */
  fieldSchema(): FieldSchema | undefined {
    return this.get().userFieldsSchema
  }

  /** Changes name, field schema, webhook URI, your app's API base URL or token lifetime; the schema is validated first. */
  patch(input: unknown): WorkspaceDto {
    const patch = parsePatch(input)
    const problems: ErrorDetail[] = []
    if (patch.userFieldsSchema) problems.push(...this.validator.checkSchema(patch.userFieldsSchema))
    if (patch.webhookUri) {
      try {
        const url = new URL(patch.webhookUri)
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error()
      } catch {
        problems.push({ path: 'webhookUri', message: `webhookUri must be an http(s) URL, got "${patch.webhookUri}"` })
      }
    }
    if (patch.apiBaseUri) {
      try {
        const url = new URL(patch.apiBaseUri)
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error()
      } catch {
        problems.push({
          path: 'apiBaseUri',
          message: `apiBaseUri must be the http(s) URL of your app's API, such as "http://127.0.0.1:3000/api", got "${patch.apiBaseUri}"`
        })
      }
    }
    if (problems.length)
      throw invalidData(`Invalid workspace update: ${problems.map((p) => p.message).join('; ')}`, problems)
    const changes: Partial<WorkspaceRow> = { updated_at: this.ctx.nowIso() }
    if (patch.name !== undefined) changes.name = patch.name
    if (patch.userFieldsSchema !== undefined) changes.user_fields_schema = toJsonColumnOrNull(patch.userFieldsSchema)
    if (patch.webhookUri !== undefined) changes.webhook_uri = patch.webhookUri || null
    if (patch.apiBaseUri !== undefined) changes.api_base_uri = patch.apiBaseUri || null
    if (patch.defaultTokenTtlSeconds !== undefined) changes.default_token_ttl = patch.defaultTokenTtlSeconds
    if (patch.runRetentionDays !== undefined) changes.run_retention_days = patch.runRetentionDays
    if (patch.runRetentionPerInstance !== undefined) changes.run_retention_per_instance = patch.runRetentionPerInstance
    this.repo.update(this.row.id, changes)
    this.setRow(this.repo.find()!)
    const workspace = this.get()
    this.ctx.events.emit('workspace.updated', { workspace })
    return workspace
  }

  private setRow(row: WorkspaceRow): void {
    this.row = row
    this.dto = undefined
    this.previous = undefined
  }

  /** Re-reads the stored workspace (after an import wrote it, or rolled back). */
  reload(): void {
    this.setRow(this.repo.find()!)
    this.secret = this.ctx.secrets.decrypt(this.row.secret_sealed)
  }

  /**
   * Writes settings (and optionally key and secret) from a snapshot, without events: the import
   * runs it inside its transaction and announces the result after commit.
   */
  writeFromSnapshot(
    settings: {
      name: string
      userFieldsSchema?: FieldSchema
      webhookUri?: string
      apiBaseUri?: string
      defaultTokenTtlSeconds: number
    },
    credentials?: { key: string; secret: string }
  ): void {
    const now = this.ctx.nowIso()
    const changes: Partial<WorkspaceRow> = {
      name: settings.name,
      user_fields_schema: toJsonColumnOrNull(settings.userFieldsSchema),
      webhook_uri: settings.webhookUri ?? null,
      api_base_uri: settings.apiBaseUri ?? null,
      default_token_ttl: settings.defaultTokenTtlSeconds,
      updated_at: now
    }
    if (credentials) {
      changes.key = credentials.key
      changes.secret_sealed = this.ctx.secrets.encrypt(credentials.secret)
      changes.secret_rotated_at = now
      changes.previous_secrets_sealed = this.retired(this.row, now)
    }
    this.repo.update(this.row.id, changes)
  }

  /**
   * The secrets replaced before the current one, newest first (at most {@link KEPT_SECRETS}). Only
   * for telling a caller that its token was signed with one of them; they never verify a token.
   */
  previousSecrets(): PreviousSecret[] {
    this.previous ??= this.previousOf(this.row)
    return this.previous
  }

  /** The sealed list of previous secrets once `row`'s current secret is replaced at `now`. */
  private retired(row: WorkspaceRow, now: string): SealedJson<PreviousSecret[]> {
    const list = [{ secret: this.ctx.secrets.decrypt(row.secret_sealed), replacedAt: now }, ...this.previousOf(row)]
    return this.ctx.secrets.sealJson(list.slice(0, KEPT_SECRETS))
  }

  private previousOf(row: WorkspaceRow): PreviousSecret[] {
    return row.previous_secrets_sealed
      ? this.ctx.secrets.openJson(row.previous_secrets_sealed, 'workspace previous_secrets_sealed')
      : []
  }

  /** Replaces the signing secret; every token signed with the old one stops working. */
  rotateSecret(): WorkspaceCredentials {
    const secret = randomBytes(32).toString('hex')
    const now = this.ctx.nowIso()
    this.repo.update(this.row.id, {
      secret_sealed: this.ctx.secrets.encrypt(secret),
      secret_rotated_at: now,
      previous_secrets_sealed: this.retired(this.row, now),
      updated_at: now
    })
    this.setRow(this.repo.find()!)
    this.secret = secret
    this.ctx.events.emit('workspace.secretRotated', { at: now })
    return this.credentials()
  }
}
