import { readFileSync, writeFileSync } from 'node:fs'
import type { ConflictPolicy, ImportReport } from '../contract/snapshots'
import type { Engine } from '../engine'
import { assertKnownFlags, flagValue, type ParsedArgs } from '../host/cli-args'
import { resolveDataDir } from '../host/data-dir'
import { createNodeEngine } from '../host/node-engine'
import { runningServer } from '../host/server-lock'
import { createProgressPrinter } from './progress-printer'
import { membraneExport, membraneImport } from './membrane.command'

/** Help text of `npm run workbench`. */
export const WORKBENCH_USAGE = `Usage: npm run workbench -- <command> [options]   (all take --data-dir <dir>)
  export [--customer <id>] [--out <file>] [--include-runs] [--passphrase-env <VAR>]
      Writes the whole workspace, or one customer's setup, to a snapshot file (stdout without --out).
      Secrets are left out unless a passphrase is given (read from the environment variable VAR).
  import <file> [--on-conflict skip|replace|rename] [--dry-run] [--replace-workspace] [--passphrase-env <VAR>]
      Checks the whole file, then applies it in one transaction, and prints what was added, changed or skipped.
  scenario list | save <name> [--description <text>] | switch <name> | reset | delete <name>
      Named snapshots in the data folder, for demos. "demo" is built in.
  membrane-export --out <ws.zip>
      Writes integrations, flows, actions and the other elements as Membrane's workspace zip (no secrets).
  membrane-import <ws.zip> [--dry-run] [--partial] [--force]
      Checks the whole zip, prints what is created, updated, deleted and unchanged, then applies it.
      --partial keeps elements the zip lacks; --force deletes them even when live instances use them.`

const KNOWN = [
  'customer',
  'out',
  'include-runs',
  'passphrase-env',
  'on-conflict',
  'dry-run',
  'replace-workspace',
  'description',
  'data-dir',
  'partial',
  'force',
  'help'
]

/** Runs `export`, `import` or `scenario` against a data folder. */
export async function runWorkbenchCommand(args: ParsedArgs): Promise<number> {
  assertKnownFlags(args, KNOWN)
  const [command, ...rest] = args.positionals
  if (!command || args.flags.has('help')) {
    console.log(WORKBENCH_USAGE)
    return command ? 0 : 2
  }
  const dataDir = resolveDataDir(flagValue(args, 'data-dir'))
  const writes =
    command === 'import' ||
    command === 'membrane-import' ||
    (command === 'scenario' && ['switch', 'reset'].includes(rest[0]))
  const server = writes ? runningServer(dataDir) : undefined
  if (server) {
    console.error(
      `A Workbench server is running on ${dataDir} (pid ${server.pid}, ${server.url}). Stop it first, or use its console's Snapshots page (or POST ${server.url}/snapshots/import).`
    )
    return 1
  }
  const passphrase = readPassphrase(args)
  const engine = await createNodeEngine({ dataDir, checkpointIntervalMs: 0 })
  const progress = createProgressPrinter()
  try {
    switch (command) {
      case 'export': {
        const started = performance.now()
        const file = engine.snapshots.exportSnapshot(
          { customer: flagValue(args, 'customer'), passphrase, includeRuns: args.flags.has('include-runs') },
          progress.update
        )
        progress.done()
        const text = JSON.stringify(file, null, 2) + '\n'
        const out = flagValue(args, 'out')
        if (out) {
          writeFileSync(out, text)
          const seconds = ((performance.now() - started) / 1000).toFixed(2)
          console.error(
            `Wrote ${out} (${(text.length / 1024).toFixed(0)} KB, ${file.customers.length} customer${file.customers.length === 1 ? '' : 's'}, secrets ${file.secrets.mode}) in ${seconds} s`
          )
        } else {
          process.stdout.write(text)
        }
        return 0
      }
      case 'import': {
        const path = rest[0]
        if (!path) throw new Error('import needs a file: npm run workbench -- import <file>')
        const started = performance.now()
        const policy = flagValue(args, 'on-conflict')
        if (policy !== undefined && !['skip', 'replace', 'rename'].includes(policy))
          throw new Error(`--on-conflict must be skip, replace or rename, got "${policy}"`)
        const report = await engine.snapshots.importAndSetUp(
          readFileSync(path, 'utf8'),
          {
            passphrase,
            onConflict: policy as ConflictPolicy | undefined,
            dryRun: args.flags.has('dry-run'),
            replaceWorkspace: args.flags.has('replace-workspace')
          },
          progress.update
        )
        progress.done()
        printReport(report)
        console.log(`${report.dryRun ? 'Checked' : 'Done'} in ${((performance.now() - started) / 1000).toFixed(2)} s.`)
        return 0
      }
      case 'scenario':
        return await scenario(engine, rest, flagValue(args, 'description'))
      case 'membrane-export':
        return membraneExport(engine, args, (p) => progress.update(p))
      case 'membrane-import':
        return await membraneImport(engine, args, rest[0], (p) => progress.update(p))
      default:
        console.error(`Unknown command "${command}".\n\n${WORKBENCH_USAGE}`)
        return 2
    }
  } finally {
    progress.done()
    await engine.close()
  }
}

async function scenario(engine: Engine, [action, name]: string[], description: string | undefined): Promise<number> {
  switch (action) {
    case 'list': {
      const list = engine.scenarios.list()
      if (!list.length) console.log('No scenarios yet: save one with `npm run workbench -- scenario save <name>`.')
      for (const s of list) {
        console.log(
          `${s.current ? '*' : ' '} ${s.name.padEnd(24)} ${s.savedAt ? `saved ${s.savedAt}, ${s.customers} customers` : 'built in, not built yet'}${s.description ? ` — ${s.description}` : ''}`
        )
      }
      return 0
    }
    case 'save': {
      if (!name) throw new Error('scenario save needs a name')
      const saved = engine.scenarios.save(name, description)
      console.log(`Saved scenario "${saved.name}" (${saved.customers} customers).`)
      return 0
    }
    case 'switch': {
      if (!name) throw new Error('scenario switch needs a name')
      printReport(await engine.scenarios.switchTo(name))
      console.log(`Switched to scenario "${name}".`)
      return 0
    }
    case 'reset':
      printReport(await engine.scenarios.reset())
      console.log('Reset to the start of the current scenario.')
      return 0
    case 'delete': {
      if (!name) throw new Error('scenario delete needs a name')
      engine.scenarios.remove(name)
      console.log(`Deleted scenario "${name}".`)
      return 0
    }
    default:
      console.error(`scenario needs list, save <name>, switch <name>, reset or delete <name>.\n\n${WORKBENCH_USAGE}`)
      return 2
  }
}

function readPassphrase(args: ParsedArgs): string | undefined {
  const variable = flagValue(args, 'passphrase-env')
  if (variable === undefined) return undefined
  const value = process.env[variable]
  if (!value) throw new Error(`--passphrase-env ${variable}: the environment variable ${variable} is not set`)
  return value
}

function printReport(report: ImportReport): void {
  console.log(report.dryRun ? 'Dry run: nothing was changed. The import would do:' : 'Imported:')
  for (const [section, c] of Object.entries(report.counts)) {
    const parts = Object.entries(c)
      .filter(([, n]) => n > 0)
      .map(([action, n]) => `${n} ${action}`)
    console.log(`  ${section.padEnd(16)} ${parts.join(', ') || 'nothing'}`)
  }
  for (const item of report.items.filter((i) => i.action === 'renamed' || i.action === 'skipped').slice(0, 20)) {
    console.log(`  ${item.action} ${item.section} "${item.label}"${item.detail ? `: ${item.detail}` : ''}`)
  }
  for (const warning of report.warnings) console.log(`  note: ${warning}`)
}
