import type { ErrorDetail } from '../../../contract/errors'
import type { ConflictPolicy, ImportReportItem, SnapshotFile, SnapshotScope } from '../../../contract/snapshots'
import type { EngineContext } from '../../common/engine-context'
import type { SecretBox } from '../secret-box'

/** What a section sees while exporting. */
export interface ExportContext {
  ctx: EngineContext
  scope: SnapshotScope
  /** Engine ids of the customers being exported. */
  customerIds: ReadonlySet<string>
  /** Seals secrets; undefined when secrets are left out. */
  box?: SecretBox
  includeRuns: boolean
}

/** What a section sees while validating a file, before anything is written. */
export interface ValidateContext {
  ctx: EngineContext
  file: SnapshotFile
  box?: SecretBox
  /** Refs of every entry in the file, per section (for reference checks). */
  refs: ReadonlyMap<string, ReadonlySet<string>>
  replaceWorkspace: boolean
}

/** What a section sees while applying a file, inside the import transaction. */
export interface ApplyContext {
  ctx: EngineContext
  file: SnapshotFile
  box?: SecretBox
  onConflict?: ConflictPolicy
  replaceWorkspace: boolean
  /** File ref → engine id of what it became here, per section; earlier sections fill it for later ones. */
  ids: Map<string, Map<string, string>>
  /** Refs skipped by the conflict policy, per section: entries that hang off them are skipped too. */
  skipped: Map<string, Set<string>>
  /** Engine ids of existing customers whose setup the file replaces: dependent sections clear theirs first. */
  replacedCustomers: Set<string>
  report(item: ImportReportItem): void
  warn(message: string): void
  progress(done: number, total: number): void
}

/**
 * One noun's part of a snapshot file: how its entries are exported, checked and applied.
 * Sections run in list order, so a section may rely on the ids of the sections before it.
 */
export interface SnapshotSection {
  /** The file's property for this section's array. */
  readonly key: string
  /** JSON Schema of one entry (goes into the published snapshot schema). */
  readonly itemSchema: Record<string, unknown>
  exportItems(x: ExportContext): unknown[]
  /** Every problem with this section's entries; empty when they can be applied. */
  validate(items: unknown[], v: ValidateContext): ErrorDetail[]
  apply(items: unknown[], a: ApplyContext): void
  /** Deletes everything this section owns (whole-workspace replace). Runs in reverse list order. */
  clear(ctx: EngineContext): void
}

/** The ref of a file entry (every entry has one). */
export function refOf(item: unknown): string {
  return String((item as { ref: unknown }).ref)
}

/** JSON Schema of a secret sealed with the file's passphrase (`SecretBox.seal`). */
export const SEALED_SECRET_SCHEMA: Record<string, unknown> = {
  type: 'object',
  required: ['sealed'],
  additionalProperties: false,
  properties: { sealed: { type: 'string' } }
}

/** What is wrong with a sealed secret at `at`: sealed in a file without secrets, or not opened by this passphrase. */
export function sealedSecretProblems(
  secret: { sealed: string } | undefined,
  at: string,
  box: SecretBox | undefined
): ErrorDetail[] {
  if (!secret) return []
  if (!box) return [{ path: at, message: `${at} is sealed, but the file says its secrets were omitted` }]
  if (box.open(secret) === undefined)
    return [{ path: at, message: `${at} cannot be opened with this passphrase (damaged?)` }]
  return []
}
