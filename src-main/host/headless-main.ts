import type { Server } from 'node:http'
import { DEFAULT_PORT, PortInUseError } from '../http/server'
import { assertKnownFlags, flagValue, parseArgs } from './cli-args'
import { resolveDataDir } from './data-dir'
import { startHeadless } from './headless-host'
import { startIdleMemoryTrim } from './idle-memory-trim'
import { describeImport } from './snapshot-lifecycle'

const USAGE = `Usage: npm run serve -- [options]
  --port <n>                  API port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir <dir>            data folder (default: the user data folder)
  --workspace-key <key>       use this workspace key
  --workspace-secret <secret> use this workspace secret (at least 16 characters)
  --seed <file>               start from a snapshot: a whole-workspace file replaces the workspace, a customer file is merged
  --export-on-exit <file>     write a whole-workspace snapshot on clean shutdown
  --passphrase-env <VAR>      passphrase for sealed secrets in --seed / --export-on-exit, read from the environment
Environment: WORKBENCH_PORT, WORKBENCH_DATA_DIR, WORKBENCH_WORKSPACE_KEY, WORKBENCH_WORKSPACE_SECRET, WORKBENCH_SEED,
  WORKBENCH_EXPORT_ON_EXIT, WORKBENCH_SNAPSHOT_PASSPHRASE, WORKBENCH_LOG_LEVEL, WORKBENCH_CODE_CACHE (off, or a folder)`

/**
 * Headless mode: the engine, the API and the console page, on plain Node (`src-main/headless.ts`
 * loads this once the heap is set up). `rendererDir` is the built console; `onSettled` runs once
 * the start is behind it (see {@link whenSettled}).
 */
async function main(argv: string[], rendererDir: string, onSettled: () => void): Promise<void> {
  const args = parseArgs(argv, ['help'])
  if (args.flags.has('help')) {
    console.log(USAGE)
    return
  }
  assertKnownFlags(args, [
    'port',
    'data-dir',
    'workspace-key',
    'workspace-secret',
    'seed',
    'export-on-exit',
    'passphrase-env',
    'help'
  ])
  const portText = flagValue(args, 'port') ?? process.env.WORKBENCH_PORT
  const port = portText === undefined ? DEFAULT_PORT : Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number (0-65535), got "${portText}"`)
  const dataDir = resolveDataDir(flagValue(args, 'data-dir'))
  const passphraseVar = flagValue(args, 'passphrase-env')
  const passphrase =
    passphraseVar === undefined ? process.env.WORKBENCH_SNAPSHOT_PASSPHRASE || undefined : process.env[passphraseVar]
  if (passphraseVar !== undefined && !passphrase)
    throw new Error(`--passphrase-env ${passphraseVar}: the environment variable ${passphraseVar} is not set`)
  const seed = flagValue(args, 'seed') ?? process.env.WORKBENCH_SEED
  const exportOnExit = flagValue(args, 'export-on-exit') ?? process.env.WORKBENCH_EXPORT_ON_EXIT
  // Signal handlers before anything can print the ready banner: a supervisor (or a test) that
  // sends SIGTERM right after the banner must get a clean stop, never Node's default exit.
  // A signal during start stops the server as soon as it is up.
  const launch: { started?: ReturnType<typeof startHeadless> } = {}
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    if (!launch.started) process.exit(0)
    launch.started
      .then((running) => running.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error)
          process.exit(1)
        }
      )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  launch.started = startHeadless({
    dataDir,
    port,
    rendererDir,
    workspaceKey: flagValue(args, 'workspace-key') ?? process.env.WORKBENCH_WORKSPACE_KEY,
    workspaceSecret: flagValue(args, 'workspace-secret') ?? process.env.WORKBENCH_WORKSPACE_SECRET,
    seed: seed ? { file: seed, passphrase } : undefined,
    exportOnExit: exportOnExit ? { file: exportOnExit, passphrase } : undefined
  })
  const host = await launch.started
  if (stopping) return
  const { engine } = host
  const testCustomer = engine.customers.testCustomer()
  const token = await engine.tokens.mint({ customerId: testCustomer.internalId, name: testCustomer.name })
  console.log(
    [
      `Integration Workbench ${engine.info.version} (headless) ready in ${Math.round(process.uptime() * 1000)} ms`,
      `  Console        ${host.consoleUrl}`,
      `                 open it in a browser; the link carries this launch's console secret, keep it private`,
      `  API            ${host.url}   (apiUri for the SDK)`,
      `  Data folder    ${dataDir}`,
      `  Workspace key  ${engine.workspace.key()}`,
      ...(host.seedReport ? [`  Seeded from    ${seed} (${describeImport(host.seedReport)})`] : []),
      ...(exportOnExit ? [`  On exit        a snapshot goes to ${exportOnExit}`] : []),
      `  Test customer  ${testCustomer.internalId} — token valid until ${token.expiresAt}:`,
      `  ${token.token}`,
      `Press Ctrl-C to stop.`
    ].join('\n')
  )
  whenSettled(host.server.app.server, onSettled)
  startIdleMemoryTrim()
}

/** How long a start without requests waits before it counts as settled (its work is done by then). */
const SETTLE_MS = 500

/**
 * Calls `settled` once: when the first response has gone out, or after {@link SETTLE_MS} without
 * a request. The entry keeps V8's code cache then, so the next start also finds what answering
 * its first request compiled, instead of compiling it again on every start.
 */
function whenSettled(server: Server, settled: () => void): void {
  let done = false
  const once = () => {
    if (done) return
    done = true
    clearTimeout(timer)
    settled()
  }
  const timer = setTimeout(once, SETTLE_MS)
  timer.unref()
  // 'close' comes after the response is sent, and also when its client went away first
  server.once('request', (_request, response) => response.once('close', once))
}

/** Runs headless mode with the process's arguments; exits 1 with the reason if it cannot start. */
export function runHeadless(rendererDir: string, onSettled: () => void = () => {}): void {
  main(process.argv.slice(2), rendererDir, onSettled).catch((error: unknown) => {
    console.error(
      error instanceof PortInUseError || error instanceof Error ? `Could not start: ${error.message}` : error
    )
    process.exit(1)
  })
}
