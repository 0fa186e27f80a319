// `npm run serve -- [flags]`: build if stale, then run the headless server (engine + API + console).
import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuilt } from './ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Runs out/main/headless.js with the given arguments, forwarding signals; resolves with its exit code. */
export function runHeadless(args) {
  ensureBuilt()
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  return new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0))))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runHeadless(process.argv.slice(2)).then((code) => process.exit(code))
}
