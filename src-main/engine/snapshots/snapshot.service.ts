import Ajv, { type ValidateFunction } from 'ajv'
import { assertJsonTextDepth, assertValueDepth } from '../common/json-depth'
import type { ErrorDetail } from '../../contract/errors'
import type { FieldSchema } from '../../contract/workspace'
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type ExportOptions,
  type ImportOptions,
  type ImportReport,
  type ImportReportItem,
  type SnapshotFile,
  type SnapshotProgress,
  type SnapshotScope
} from '../../contract/snapshots'
import { formatAjvErrors } from '../common/ajv-errors'
import { jsonErrorOffset } from '../common/json-syntax'
import type { EngineContext } from '../common/engine-context'
import { invalidData } from '../common/engine-error'
import type { CustomerService } from '../customers/customer.service'
import type { FieldSchemaValidator } from '../field-schema/field-schema.validator'
import type { WorkspaceService } from '../workspace/workspace.service'
import { chooseFieldSchema, describeDifference, diffFieldSchemas } from './field-schema-choice'
import { SecretBox } from './secret-box'
import { refOf, SEALED_SECRET_SCHEMA, type ApplyContext, type SnapshotSection } from './sections/snapshot-section'

const MAX_REPORTED = 200

class DryRunRollback extends Error {}

/** Export and import of whole workspaces or one customer's setup as one versioned JSON file. */
export class SnapshotService {
  private validateFile: ValidateFunction | undefined
  /** Setups that `snapshot.imported` listeners started and that have not finished yet. */
  private readonly setups = new Set<Promise<void>>()

  constructor(
    private readonly ctx: EngineContext,
    private readonly workspace: WorkspaceService,
    private readonly customers: CustomerService,
    private readonly validator: FieldSchemaValidator,
    private readonly sections: readonly SnapshotSection[],
    private readonly engineVersion: string,
    /** Loads what the synchronous checks of an import need (JSONata, a JavaScript parser). */
    private readonly loadChecks: () => Promise<void> = async () => undefined
  ) {}

  /**
   * Loads what {@link importSnapshot} needs to check flows and actions (JSONata, the engine
   * thread's JavaScript parser). Not done at engine start: a cold start never imports, and the
   * parser alone is a WebAssembly instance of several MB. {@link importAndSetUp} calls it; callers
   * of the synchronous {@link importSnapshot} await it once first.
   */
  prepare(): Promise<void> {
    return this.loadChecks()
  }

  /** The JSON Schema of a snapshot file (published as docs/snapshot.schema.json). */
  schema(): Record<string, unknown> {
    const properties: Record<string, unknown> = {
      $schema: { type: 'string' },
      format: { const: SNAPSHOT_FORMAT },
      version: { type: 'integer' },
      exportedAt: { type: 'string' },
      engineVersion: { type: 'string' },
      description: { type: 'string' },
      scope: {
        oneOf: [
          {
            type: 'object',
            required: ['kind'],
            additionalProperties: false,
            properties: { kind: { const: 'workspace' } }
          },
          {
            type: 'object',
            required: ['kind', 'customerRef'],
            additionalProperties: false,
            properties: { kind: { const: 'customer' }, customerRef: { type: 'string' } }
          }
        ]
      },
      secrets: {
        oneOf: [
          {
            type: 'object',
            required: ['mode'],
            additionalProperties: false,
            properties: { mode: { const: 'omitted' } }
          },
          {
            type: 'object',
            required: ['mode', 'kdf', 'salt', 'cost', 'check'],
            additionalProperties: false,
            properties: {
              mode: { const: 'passphrase' },
              kdf: { const: 'scrypt' },
              salt: { type: 'string' },
              cost: { type: 'integer' },
              check: { type: 'string' }
            }
          }
        ]
      },
      workspace: {
        type: 'object',
        required: ['key', 'name', 'defaultTokenTtlSeconds'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
          userFieldsSchema: { type: 'object' },
          webhookUri: { type: 'string' },
          apiBaseUri: { type: 'string' },
          defaultTokenTtlSeconds: { type: 'integer', minimum: 60 },
          secret: SEALED_SECRET_SCHEMA
        }
      }
    }
    properties.fieldSchema = { type: 'object' }
    for (const section of this.sections) properties[section.key] = { type: 'array', items: section.itemSchema }
    return {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Integration Workbench snapshot',
      description: `A whole workspace or one customer's setup, version ${SNAPSHOT_VERSION}. Secrets are omitted, or sealed with a passphrase (scrypt + AES-256-GCM).`,
      type: 'object',
      required: [
        'format',
        'version',
        'exportedAt',
        'engineVersion',
        'scope',
        'secrets',
        ...this.sections.map((s) => s.key)
      ],
      additionalProperties: false,
      properties
    }
  }

  /** Writes the whole workspace, or one customer's setup, as a snapshot. */
  exportSnapshot(options: ExportOptions = {}, onProgress?: (p: SnapshotProgress) => void): SnapshotFile {
    const box = options.passphrase !== undefined ? SecretBox.create(options.passphrase) : undefined
    let scope: SnapshotScope
    let customerIds: Set<string>
    if (options.customer !== undefined) {
      const row = this.customers.rowOf(options.customer)
      scope = { kind: 'customer', customerRef: row.id }
      customerIds = new Set([row.id])
    } else {
      scope = { kind: 'workspace' }
      customerIds = new Set(this.ctx.db.all(this.ctx.db.q.selectFrom('customers').select('id')).map((r) => r.id))
    }
    const file: SnapshotFile = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      exportedAt: this.ctx.nowIso(),
      engineVersion: this.engineVersion,
      scope,
      secrets: box ? box.header : { mode: 'omitted' },
      customers: []
    }
    if (options.description) file.description = options.description
    if (scope.kind === 'workspace') {
      const ws = this.workspace.get()
      file.workspace = { key: ws.key, name: ws.name, defaultTokenTtlSeconds: ws.defaultTokenTtlSeconds }
      if (ws.userFieldsSchema) file.workspace.userFieldsSchema = ws.userFieldsSchema
      if (ws.webhookUri) file.workspace.webhookUri = ws.webhookUri
      if (ws.apiBaseUri) file.workspace.apiBaseUri = ws.apiBaseUri
      if (box) file.workspace.secret = box.seal(this.workspace.credentials().secret)
    } else {
      // the customer's fields mean little without the schema that defines them
      const schema = this.workspace.fieldSchema()
      if (schema) file.fieldSchema = schema as Record<string, unknown>
    }
    this.sections.forEach((section, i) => {
      onProgress?.({ phase: `exporting ${section.key}`, done: i, total: this.sections.length })
      file[section.key] = section.exportItems({
        ctx: this.ctx,
        scope,
        customerIds,
        box,
        includeRuns: options.includeRuns ?? false
      })
    })
    onProgress?.({ phase: 'exported', done: this.sections.length, total: this.sections.length })
    return file
  }

  /**
   * A `snapshot.imported` listener hands its setup work here (setting imported instances up
   * again: new webhooks, old ones removed) so that `settled()` can wait for it. Its failure is
   * the listener's to log; here it only ends the wait.
   */
  track(work: Promise<unknown>): void {
    const done = () => {
      this.setups.delete(entry)
    }
    const entry: Promise<void> = work.then(done, done)
    this.setups.add(entry)
  }

  /** Resolves once every setup started by imports (and resets) so far has finished. */
  async settled(): Promise<void> {
    while (this.setups.size) await Promise.all([...this.setups])
  }

  /**
   * `importSnapshot`, answering only once the imported instances are set up here again. Callers
   * that answer a person (HTTP, console, CLI, scenario switch) use this: until the setup is done
   * the app's webhooks are still the snapshot's, which this engine is replacing, so a record
   * created "straight after" the answer would reach a subscription on its way out and start no
   * run (issue 15). Waiting here, rather than making the ingress wait or keeping old webhooks
   * until replaced, closes the gap for every trigger kind at once and leaves no moment where
   * two webhooks of one trigger both deliver.
   */
  async importAndSetUp(
    input: unknown,
    options: ImportOptions = {},
    onProgress?: (p: SnapshotProgress) => void
  ): Promise<ImportReport> {
    await this.prepare()
    const report = this.importSnapshot(input, options, onProgress)
    await this.settled()
    return report
  }

  /**
   * Checks the whole file first (JSON, format, version, schema, references, field values,
   * conflicts), then applies it in one transaction: all or nothing. A dry run reports and rolls back.
   * Synchronous: {@link prepare} must have been awaited once before a file with flows or actions.
   */
  importSnapshot(
    input: string | unknown,
    options: ImportOptions = {},
    onProgress?: (p: SnapshotProgress) => void
  ): ImportReport {
    onProgress?.({ phase: 'checking', done: 0, total: 1 })
    const file = this.parse(input)
    const box = file.secrets.mode === 'passphrase' ? SecretBox.open(file.secrets, options.passphrase) : undefined
    const replaceWorkspace = options.replaceWorkspace ?? false
    if (replaceWorkspace && file.scope.kind !== 'workspace') {
      throw invalidData(
        "replaceWorkspace applies to whole-workspace snapshots; this file holds one customer's setup.",
        [{ path: 'replaceWorkspace', message: 'not for customer snapshots' }]
      )
    }
    if (options.applyWorkspaceCredentials && !file.workspace?.secret) {
      throw invalidData(
        'applyWorkspaceCredentials needs a whole-workspace snapshot exported with a passphrase (it carries the workspace secret).',
        [{ path: 'applyWorkspaceCredentials', message: 'the file has no workspace secret' }]
      )
    }
    const problems = this.check(file, box, replaceWorkspace, options)
    if (problems.length) {
      const shown = problems
        .slice(0, 5)
        .map((p) => p.message)
        .join('; ')
      throw invalidData(
        `The snapshot cannot be imported (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${shown}${more(problems.length)}. Nothing was changed.`,
        problems.slice(0, MAX_REPORTED)
      )
    }

    const report: ImportReport = {
      dryRun: options.dryRun ?? false,
      scope: file.scope,
      counts: {},
      items: [],
      warnings: []
    }
    const record = (item: ImportReportItem) => {
      const counts = (report.counts[item.section] ??= { added: 0, changed: 0, skipped: 0, renamed: 0, removed: 0 })
      counts[item.action]++
      if (report.items.length < 5000) report.items.push(item)
    }
    const apply: ApplyContext = {
      ctx: this.ctx,
      file,
      box,
      onConflict: options.onConflict,
      replaceWorkspace,
      ids: new Map(),
      skipped: new Map(),
      replacedCustomers: new Set(),
      report: record,
      warn: (message) => report.warnings.push(message),
      progress: () => undefined
    }
    let credentialsChanged = false
    try {
      this.ctx.db.transaction(() => {
        if (replaceWorkspace) {
          for (const section of [...this.sections].reverse()) section.clear(this.ctx)
        }
        if (file.scope.kind === 'workspace' && file.workspace) {
          const creds =
            options.applyWorkspaceCredentials && file.workspace.secret
              ? { key: file.workspace.key, secret: box!.open(file.workspace.secret)! }
              : undefined
          credentialsChanged = !!creds
          this.workspace.writeFromSnapshot(file.workspace, creds)
          record({
            section: 'workspace',
            ref: file.workspace.key,
            label: file.workspace.name,
            action: 'changed',
            detail: creds ? 'settings, key and secret' : 'settings'
          })
        }
        if (file.scope.kind === 'customer' && file.fieldSchema)
          this.applyFieldSchema(file.fieldSchema, options, record, apply.warn)
        for (const section of this.sections) {
          const items = (file[section.key] as unknown[]) ?? []
          apply.progress = (done, total) => onProgress?.({ phase: `importing ${section.key}`, done, total })
          onProgress?.({ phase: `importing ${section.key}`, done: 0, total: items.length })
          section.apply(items, apply)
        }
        if (report.dryRun) throw new DryRunRollback()
      })
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error
    } finally {
      this.workspace.reload()
    }
    if (!report.dryRun) {
      this.customers.testCustomer()
      if (credentialsChanged) this.ctx.events.emit('workspace.secretRotated', { at: this.ctx.nowIso() })
      this.ctx.events.emit('workspace.updated', { workspace: this.workspace.get() })
      this.ctx.events.emit('snapshot.imported', { scope: file.scope, counts: report.counts })
    }
    onProgress?.({ phase: report.dryRun ? 'checked (dry run)' : 'imported', done: 1, total: 1 })
    return report
  }

  /**
   * Empties the workspace: every section's rows go (customers, sandbox accounts, integrations,
   * connections, flows, runs …); the workspace key, secret and settings stay, and a fresh test
   * customer is made. Builders of demo scenarios start from here.
   */
  resetWorkspace(): void {
    this.ctx.db.transaction(() => {
      for (const section of [...this.sections].reverse()) section.clear(this.ctx)
    })
    this.customers.testCustomer()
    this.ctx.events.emit('snapshot.imported', { scope: { kind: 'workspace' }, counts: {} })
  }

  /** A customer file's field schema against this workspace's: reported, and kept, replaced or merged as chosen. */
  private applyFieldSchema(
    fileSchema: Record<string, unknown>,
    options: ImportOptions,
    record: (item: ImportReportItem) => void,
    warn: (message: string) => void
  ): void {
    const here = this.workspace.fieldSchema()
    const difference = diffFieldSchemas(fileSchema as FieldSchema, here)
    if (!difference) return
    const choice = options.fieldSchema ?? 'keep'
    const detail = describeDifference(difference)
    if (choice === 'keep') {
      record({ section: 'fieldSchema', ref: 'userFieldsSchema', label: 'Field schema', action: 'skipped', detail })
      warn(
        `The file's field schema differs from this workspace's: ${detail}. This workspace's schema is kept; choose fieldSchema "replace" or "merge" to take the file's.`
      )
      return
    }
    const next = chooseFieldSchema(choice, fileSchema as FieldSchema, here)
    const ws = this.workspace.get()
    this.workspace.writeFromSnapshot({
      name: ws.name,
      userFieldsSchema: next,
      webhookUri: ws.webhookUri,
      apiBaseUri: ws.apiBaseUri,
      defaultTokenTtlSeconds: ws.defaultTokenTtlSeconds
    })
    this.workspace.reload()
    record({
      section: 'fieldSchema',
      ref: 'userFieldsSchema',
      label: 'Field schema',
      action: 'changed',
      detail: `${choice === 'replace' ? 'replaced by the file’s' : 'merged with the file’s'}: ${detail}`
    })
  }

  private parse(input: string | unknown): SnapshotFile {
    let value: unknown = input
    if (typeof input === 'string') {
      assertJsonTextDepth(input, 'The snapshot file')
      try {
        value = JSON.parse(input)
      } catch (error) {
        throw invalidData(describeJsonError(input, error as Error), [{ path: '(file)', message: 'not valid JSON' }])
      }
    } else assertValueDepth(value, 'The snapshot file')
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalidData('The snapshot must be a JSON object.', [{ path: '(file)', message: 'not an object' }])
    }
    const v = value as Record<string, unknown>
    if (v.format !== SNAPSHOT_FORMAT) {
      throw invalidData(
        `This is not an Integration Workbench snapshot: "format" is ${JSON.stringify(v.format)}, expected "${SNAPSHOT_FORMAT}".`,
        [{ path: 'format', message: 'unknown format' }]
      )
    }
    if (v.version !== SNAPSHOT_VERSION) {
      const newer = typeof v.version === 'number' && v.version > SNAPSHOT_VERSION
      throw invalidData(
        newer
          ? `This snapshot is version ${v.version}, written by a newer Workbench; this one reads version ${SNAPSHOT_VERSION}. Update Workbench to import it.`
          : `Snapshot version ${JSON.stringify(v.version)} is not supported; this Workbench reads version ${SNAPSHOT_VERSION}.`,
        [{ path: 'version', message: `expected ${SNAPSHOT_VERSION}` }]
      )
    }
    this.validateFile ??= new Ajv({ allErrors: true, strict: false }).compile(this.schema())
    if (!this.validateFile(v)) {
      const details = formatAjvErrors(this.validateFile.errors, '', v).slice(0, MAX_REPORTED)
      throw invalidData(
        `The snapshot does not match its schema: ${details
          .slice(0, 5)
          .map((d) => d.message)
          .join('; ')}${more(details.length)}. Nothing was changed.`,
        details
      )
    }
    return v as SnapshotFile
  }

  private check(
    file: SnapshotFile,
    box: SecretBox | undefined,
    replaceWorkspace: boolean,
    options: ImportOptions
  ): ErrorDetail[] {
    const problems: ErrorDetail[] = []
    const refs = new Map<string, Set<string>>()
    for (const section of this.sections) {
      const set = new Set<string>()
      ;((file[section.key] as unknown[]) ?? []).forEach((item, i) => {
        const ref = refOf(item)
        if (set.has(ref))
          problems.push({
            path: `${section.key}[${i}].ref`,
            message: `${section.key}[${i}].ref "${ref}" appears twice in ${section.key}`
          })
        set.add(ref)
      })
      refs.set(section.key, set)
    }
    if (file.scope.kind === 'customer' && !refs.get('customers')!.has(file.scope.customerRef)) {
      problems.push({
        path: 'scope.customerRef',
        message: `scope.customerRef "${file.scope.customerRef}" names no customer in the file`
      })
    }
    if (file.scope.kind === 'workspace' && !file.workspace) {
      problems.push({ path: 'workspace', message: 'a whole-workspace snapshot needs its "workspace" settings' })
    }
    if (file.fieldSchema) {
      for (const e of this.validator.checkSchema(file.fieldSchema))
        problems.push({ path: `fieldSchema.${e.path}`, message: `fieldSchema.${e.message}` })
    }
    if (file.workspace?.userFieldsSchema) {
      for (const e of this.validator.checkSchema(file.workspace.userFieldsSchema))
        problems.push({ path: `workspace.${e.path}`, message: `workspace.${e.message}` })
    }
    if (file.workspace?.secret && box && box.open(file.workspace.secret) === undefined) {
      problems.push({
        path: 'workspace.secret',
        message: 'workspace.secret cannot be opened with this passphrase (damaged?)'
      })
    }
    for (const section of this.sections) {
      problems.push(
        ...section.validate((file[section.key] as unknown[]) ?? [], {
          ctx: this.ctx,
          file,
          box,
          refs,
          replaceWorkspace
        })
      )
    }
    if (!replaceWorkspace && !options.onConflict && !problems.length) {
      const taken = file.customers.filter((c) => this.customers.findByInternalId(c.internalId)).map((c) => c.internalId)
      if (taken.length) {
        const names = taken
          .slice(0, 10)
          .map((t) => `"${t}"`)
          .join(', ')
        problems.push({
          path: 'customers',
          message: `${taken.length} customer${taken.length > 1 ? 's' : ''} of the file already exist here (${names}${taken.length > 10 ? ', …' : ''}); choose what to do: onConflict skip, replace or rename`
        })
      }
    }
    return problems
  }
}

/** "; and 7 more" when more problems than the five shown. */
function more(count: number): string {
  return count > 5 ? `; and ${count - 5} more` : ''
}

/** A JSON.parse failure in words: where it broke, and whether the file looks truncated. */
function describeJsonError(text: string, error: Error): string {
  const offset = jsonErrorOffset(text)
  if (offset < 0 || offset >= text.trimEnd().length) {
    return `The snapshot is not complete JSON: it ends after ${text.length} bytes in the middle of a value (truncated?). Nothing was changed.`
  }
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  const near = text.slice(Math.max(0, offset - 20), offset + 20).replace(/\s+/g, ' ')
  return `The snapshot is not valid JSON at line ${line}, column ${column} (near "${near}"): ${error.message.split(',')[0]}. Nothing was changed.`
}
