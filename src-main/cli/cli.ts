import { parseArgs } from '../host/cli-args'
import { runTokenCommand } from './token.command'
import { runWorkbenchCommand } from './workbench.command'

const COMMANDS: Record<string, { booleans: string[]; run: (args: ReturnType<typeof parseArgs>) => Promise<number> }> = {
  token: { booleans: ['admin', 'help'], run: runTokenCommand },
  workbench: {
    booleans: ['include-runs', 'dry-run', 'replace-workspace', 'partial', 'force', 'help'],
    run: runWorkbenchCommand
  }
}

/** CLI entry: `node out/main/cli.js <command> [options]` (npm scripts wrap it). */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = name ? COMMANDS[name] : undefined
  if (!command) {
    console.error(`Unknown command "${name ?? ''}". Commands: ${Object.keys(COMMANDS).join(', ')}`)
    return 2
  }
  return command.run(parseArgs(rest, command.booleans))
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    console.error(message)
    process.exit(1)
  }
)
