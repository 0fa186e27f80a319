import { readFileSync, writeFileSync } from 'node:fs'
import type { MembraneImportResult } from '../contract/interchange'
import type { SnapshotProgress } from '../contract/snapshots'
import type { Engine } from '../engine'
import { flagValue, type ParsedArgs } from '../host/cli-args'

type Progress = (p: SnapshotProgress) => void

/** `workbench membrane-export --out ws.zip`: the workspace as Membrane's workspace zip. */
export function membraneExport(engine: Engine, args: ParsedArgs, progress: Progress): number {
  const out = flagValue(args, 'out')
  if (!out)
    throw new Error('membrane-export needs --out <file.zip> (the zip is binary, so it is not written to stdout).')
  const started = performance.now()
  const { bytes, counts } = engine.interchange.buildZip((pct) =>
    progress({ phase: 'Exporting Membrane workspace', done: Math.round(pct), total: 100 })
  )
  writeFileSync(out, bytes)
  const summary = Object.entries(counts)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ')
  console.error(
    `Wrote ${out} (${(bytes.byteLength / 1024).toFixed(0)} KB: ${summary || 'no elements'}) in ${((performance.now() - started) / 1000).toFixed(2)} s`
  )
  return 0
}

/** `workbench membrane-import ws.zip [--dry-run] [--partial] [--force]`: checks the whole zip, prints the plan, applies it. */
export async function membraneImport(
  engine: Engine,
  args: ParsedArgs,
  file: string | undefined,
  progress: Progress
): Promise<number> {
  if (!file) throw new Error('membrane-import needs a file: npm run workbench -- membrane-import <ws.zip> [--dry-run]')
  const started = performance.now()
  const dryRun = args.flags.has('dry-run')
  progress({ phase: 'Checking zip', done: 0, total: 1 })
  const prepared = await engine.interchange.prepareImport(new Uint8Array(readFileSync(file)), {
    dryRun,
    partial: args.flags.has('partial'),
    force: args.flags.has('force'),
    diff: true
  })
  if (!dryRun)
    await engine.interchange.apply(prepared, (pct) =>
      progress({ phase: 'Importing Membrane workspace', done: Math.round(pct), total: 100 })
    )
  printImport(prepared.result)
  console.log(
    `${dryRun ? 'Checked (dry run, nothing changed)' : 'Done'} in ${((performance.now() - started) / 1000).toFixed(2)} s.`
  )
  return 0
}

function printImport(result: MembraneImportResult): void {
  for (const [type, r] of Object.entries(result.types)) {
    const lines = [
      ...r.created.map((e) => `  + ${name(e)}`),
      ...r.updated.map((e) => `  ~ ${name(e)}${e.changedFields ? ` (${e.changedFields.join(', ')})` : ''}`),
      ...r.deleted.map((e) => `  - ${name(e)}`)
    ]
    if (!lines.length && !r.unchanged.length) continue
    console.log(
      `${type}: ${r.created.length} created, ${r.updated.length} updated, ${r.deleted.length} deleted, ${r.unchanged.length} unchanged`
    )
    for (const line of lines) console.log(line)
  }
}

function name(e: { key: string; integrationKey?: string }): string {
  return e.integrationKey ? `${e.integrationKey}/${e.key}` : e.key
}
