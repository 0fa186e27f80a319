import { join } from 'node:path'
import { assertKnownFlags, flagValue, parseArgs } from './host/cli-args'
import { resolveDataDir } from './host/data-dir'
import { startHeadless } from './host/headless-host'
import { DEFAULT_PORT, PortInUseError } from './http/server'

const USAGE = `Usage: npm run serve -- [--port <n>] [--data-dir <dir>] [--workspace-key <key>] [--workspace-secret <secret>]
Environment: WORKBENCH_PORT, WORKBENCH_DATA_DIR, WORKBENCH_WORKSPACE_KEY, WORKBENCH_WORKSPACE_SECRET, WORKBENCH_LOG_LEVEL`

/** Headless entry: the engine, the API and the console page, on plain Node. */
async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, ['help'])
  if (args.flags.has('help')) {
    console.log(USAGE)
    return
  }
  assertKnownFlags(args, ['port', 'data-dir', 'workspace-key', 'workspace-secret', 'help'])
  const portText = flagValue(args, 'port') ?? process.env.WORKBENCH_PORT
  const port = portText === undefined ? DEFAULT_PORT : Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (0-65535), got "${portText}"`)
  const dataDir = resolveDataDir(flagValue(args, 'data-dir'))
  const started = Date.now()
  const host = await startHeadless({
    dataDir,
    port,
    // this entry is out/main/headless.js; the console is built next to it
    rendererDir: join(__dirname, '..', 'renderer'),
    workspaceKey: flagValue(args, 'workspace-key') ?? process.env.WORKBENCH_WORKSPACE_KEY,
    workspaceSecret: flagValue(args, 'workspace-secret') ?? process.env.WORKBENCH_WORKSPACE_SECRET
  })
  const { engine } = host
  const testCustomer = engine.customers.testCustomer()
  const token = await engine.tokens.mint({ customerId: testCustomer.internalId, name: testCustomer.name })
  console.log(
    [
      `Integration Workbench ${engine.info.version} (headless) ready in ${Date.now() - started} ms`,
      `  Console        ${host.consoleUrl}`,
      `                 open it in a browser; the link carries this launch's console secret, keep it private`,
      `  API            ${host.url}   (apiUri for the SDK)`,
      `  Data folder    ${dataDir}`,
      `  Workspace key  ${engine.workspace.key()}`,
      `  Test customer  ${testCustomer.internalId} — token valid until ${token.expiresAt}:`,
      `  ${token.token}`,
      `Press Ctrl-C to stop.`
    ].join('\n')
  )
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof PortInUseError || error instanceof Error ? `Could not start: ${error.message}` : error)
  process.exit(1)
})
