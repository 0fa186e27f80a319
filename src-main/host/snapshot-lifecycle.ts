import { readFileSync, writeFileSync } from 'node:fs'
import type { ImportReport } from '../contract/snapshots'
import type { Engine } from '../engine'

/** A snapshot file and the passphrase for its sealed secrets, if any. */
export interface SnapshotFileOption {
  file: string
  passphrase?: string
}

/**
 * Resets the workspace to a seed snapshot at start: a whole-workspace file replaces everything,
 * a customer's setup is merged (replacing conflicts). Throws with the file's problem, changing nothing.
 */
export async function seedFromSnapshot(
  engine: Engine,
  { file, passphrase }: SnapshotFileOption
): Promise<ImportReport> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`Cannot read the seed file ${file}: ${(error as Error).message}`)
  }
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // the import explains where the JSON breaks
  }
  const isWorkspace = (parsed as { scope?: { kind?: string } } | undefined)?.scope?.kind === 'workspace'
  await engine.snapshots.prepare()
  return engine.snapshots.importSnapshot(
    parsed,
    isWorkspace ? { passphrase, replaceWorkspace: true } : { passphrase, onConflict: 'replace' }
  )
}

/** Writes the whole workspace (runs included) to `file` on the way out. */
export function exportOnExit(engine: Engine, { file, passphrase }: SnapshotFileOption): void {
  const snapshot = engine.snapshots.exportSnapshot({ passphrase, includeRuns: true })
  writeFileSync(file, JSON.stringify(snapshot, null, 2) + '\n')
}

/** "3 customers, 2 connections" from an import report. */
export function describeImport(report: ImportReport): string {
  return Object.entries(report.counts)
    .filter(([section]) => section !== 'workspace')
    .map(([section, c]) => {
      const n = c.added + c.changed + c.renamed
      return `${n} ${n === 1 ? section.replace(/s$/, '') : section}`
    })
    .join(', ')
}

/** Seed and export-on-exit from the environment (`WORKBENCH_SEED`, `WORKBENCH_EXPORT_ON_EXIT`, `WORKBENCH_SNAPSHOT_PASSPHRASE`). */
export function snapshotOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  seed?: SnapshotFileOption
  exportOnExit?: SnapshotFileOption
} {
  const passphrase = env.WORKBENCH_SNAPSHOT_PASSPHRASE || undefined
  return {
    seed: env.WORKBENCH_SEED ? { file: env.WORKBENCH_SEED, passphrase } : undefined,
    exportOnExit: env.WORKBENCH_EXPORT_ON_EXIT ? { file: env.WORKBENCH_EXPORT_ON_EXIT, passphrase } : undefined
  }
}
