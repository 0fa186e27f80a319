/** State of a background job (Membrane's export and import jobs). */
export type BackgroundJobStatus = 'pending' | 'active' | 'completed' | 'failed' | 'cancelled'

/** `GET /background-jobs/{id}`. */
export interface BackgroundJobDto {
  id: string
  type: 'export' | 'import'
  status: BackgroundJobStatus
  /** 0..100. */
  progress?: number
  result?: Record<string, unknown>
  error?: { type: string; key?: string; message: string; data?: unknown }
  createdAt: string
  finishedAt?: string
}

/** `GET /export` and `POST /import`: the job that does the work and a key that reads it. */
export interface JobTrigger {
  jobId: string
  accessKey: string
}

/** One element an import creates, updates, deletes or leaves alone. */
export interface ImportedElement {
  key: string
  integrationKey?: string
  /** `diff=true`: the top-level fields that differ. */
  changedFields?: string[]
}

/** What an import did (or, with `dryRun`, would do) to one element type. */
export interface ImportTypeResult {
  created: ImportedElement[]
  updated: ImportedElement[]
  deleted: ImportedElement[]
  unchanged: ImportedElement[]
}

/** Result of an import job. */
export interface MembraneImportResult {
  dryRun: boolean
  partial: boolean
  force: boolean
  /** By element type (`integrations`, `connectors`, `flows`, …). */
  types: Record<string, ImportTypeResult>
  counts: { created: number; updated: number; deleted: number; unchanged: number }
}

/** Options of `POST /import`. */
export interface MembraneImportOptions {
  /** Report only; change nothing. */
  dryRun?: boolean
  /** Only create and update: elements the zip does not have stay. Without it the workspace ends up as the zip describes it. */
  partial?: boolean
  /** Also delete elements that live instances were built from (refused otherwise). */
  force?: boolean
  /** List the changed fields of updated elements. */
  diff?: boolean
}

/** Result of an export job. */
export interface MembraneExportResult {
  /** Absolute URL that downloads the zip without a token until `expiresAt`. */
  downloadUrl: string
  expiresAt: string
  sizeBytes: number
  counts: Record<string, number>
}

/** Console `membrane.export`: the workspace zip for the browser to save. */
export interface MembraneZipExport {
  fileName: string
  /** The zip, base64-encoded (the console transport is JSON). */
  base64: string
  sizeBytes: number
  counts: Record<string, number>
}

/** Console `membrane.import`: a zip (base64) and the import options. */
export interface MembraneZipImportRequest {
  base64: string
  dryRun: boolean
  partial?: boolean
  force?: boolean
}
