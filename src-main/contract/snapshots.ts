/** The `format` marker of every snapshot file. */
export const SNAPSHOT_FORMAT = 'integration-workbench-snapshot'
/** The snapshot file version this engine writes and reads. */
export const SNAPSHOT_VERSION = 1

/** What a snapshot holds: the whole workspace, or one customer's setup. */
export type SnapshotScope = { kind: 'workspace' } | { kind: 'customer'; customerRef: string }

/** A secret sealed with the export passphrase: base64 of iv | tag | ciphertext. */
export interface SnapshotSecret {
  sealed: string
}

/** How the file's secrets were handled when it was written. */
export type SnapshotSecrets =
  | { mode: 'omitted' }
  | {
      mode: 'passphrase'
      kdf: 'scrypt'
      /** base64 salt of the key derivation. */
      salt: string
      cost: number
      /** A known text sealed with the key, to tell a wrong passphrase from a damaged file. */
      check: string
    }

/** The workspace settings a snapshot carries (workspace scope only). */
export interface SnapshotWorkspace {
  key: string
  name: string
  userFieldsSchema?: Record<string, unknown>
  webhookUri?: string
  /** Base URL of your app's API (api-request-to-your-app nodes). */
  apiBaseUri?: string
  defaultTokenTtlSeconds: number
  /** The signing secret, only in passphrase snapshots. */
  secret?: SnapshotSecret
}

/** One customer in a snapshot; `ref` is its id in the exporting workspace, used by references. */
export interface SnapshotCustomer {
  ref: string
  internalId: string
  name: string
  fields: Record<string, unknown>
  isTest: boolean
  meta?: Record<string, unknown>
  archived?: boolean
  credentials?: SnapshotSecret
}

/** A snapshot file (version 1). Sections other nouns add sit beside `customers`. */
export interface SnapshotFile {
  $schema?: string
  format: typeof SNAPSHOT_FORMAT
  version: number
  exportedAt: string
  engineVersion: string
  /** Free text: what this snapshot is for (scenarios show it). */
  description?: string
  scope: SnapshotScope
  secrets: SnapshotSecrets
  workspace?: SnapshotWorkspace
  /** Customer snapshots: the exporting workspace's field schema, so the customer's fields make sense elsewhere. */
  fieldSchema?: Record<string, unknown>
  customers: SnapshotCustomer[]
  [section: string]: unknown
}

/** What to do with a customer snapshot's field schema when it differs from the workspace's. */
export type FieldSchemaChoice = 'keep' | 'replace' | 'merge'

/** What to export. */
export interface ExportOptions {
  /** One customer's setup (engine id or internal id); the whole workspace when absent. */
  customer?: string
  /** Include secrets, sealed with this passphrase (at least 8 characters). Absent: secrets are left out. */
  passphrase?: string
  /** Include flow runs (can be large). */
  includeRuns?: boolean
  /** Free text stored in the file. */
  description?: string
}

/** What to do when an imported customer's internal id already exists. */
export const CONFLICT_POLICIES = ['skip', 'replace', 'rename'] as const
/** One of {@link CONFLICT_POLICIES}. */
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number]

/** How to import. */
export interface ImportOptions {
  /** Required when the file carries secrets. */
  passphrase?: string
  /** Required when a conflict occurs; the import refuses to guess. */
  onConflict?: ConflictPolicy
  /** Validate and compute the report, then roll everything back. */
  dryRun?: boolean
  /** Whole-workspace files: wipe the workspace first instead of merging (scenarios do this). */
  replaceWorkspace?: boolean
  /** Whole-workspace passphrase files: also take the file's workspace key and secret. */
  applyWorkspaceCredentials?: boolean
  /** Customer files whose field schema differs: keep this workspace's (default), replace it, or merge both. */
  fieldSchema?: FieldSchemaChoice
}

/** One line of an import report. */
export interface ImportReportItem {
  section: string
  ref: string
  label: string
  action: 'added' | 'changed' | 'skipped' | 'renamed' | 'removed'
  detail?: string
}

/** What an import did (or, in a dry run, would do). */
export interface ImportReport {
  dryRun: boolean
  scope: SnapshotScope
  counts: Record<string, { added: number; changed: number; skipped: number; renamed: number; removed: number }>
  items: ImportReportItem[]
  warnings: string[]
}

/** Progress of long snapshot work, for CLIs and the console. */
export interface SnapshotProgress {
  phase: string
  done: number
  total: number
}

/** A named snapshot kept in the data folder, for demos. */
export interface ScenarioDto {
  name: string
  description?: string
  savedAt: string
  customers: number
  /** Whether this is the scenario last switched to (what "reset" goes back to). */
  current: boolean
  sizeBytes: number
}
