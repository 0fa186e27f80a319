// Shared pieces of the benchmarks: spawning servers on 127.0.0.1, stopping them, RSS, medians,
// writing a result file. Every benchmark measures its yardstick in the same run.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const headless = join(root, 'out', 'main', 'headless.js')
export const WORKSPACE_KEY = 'bench-workspace'
export const WORKSPACE_SECRET = 'bench-secret-0123456789abcdef0123456789'

const dirs = []
const children = new Set()

/** A temporary folder removed when the process exits. */
export function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'wb-bench-'))
  dirs.push(d)
  return d
}

/** Spawns `node args…` and resolves once its output matches `pattern` (group 1 = port). */
export function start(args, pattern, env = {}) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WORKBENCH_LOG_LEVEL: 'error', ...env }
  })
  children.add(child)
  let out = ''
  return new Promise((resolveStart, reject) => {
    const onData = (d) => {
      out += d
      const m = out.match(pattern)
      if (m) resolveStart({ child, port: Number(m[1]), url: `http://127.0.0.1:${m[1]}`, output: () => out })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
  })
}

/** Starts the built headless engine on a free port with a fresh data folder. */
export function startEngine(extraArgs = [], env = {}) {
  const dataDir = tempDir()
  return start(
    [
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
      headless,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--workspace-key',
      WORKSPACE_KEY,
      '--workspace-secret',
      WORKSPACE_SECRET,
      ...extraArgs
    ],
    /API\s+http:\/\/127\.0\.0\.1:(\d+)/,
    env
  ).then((s) => ({ ...s, dataDir }))
}

/**
 * A cold start of the headless server `script` on `dataDir`: spawned, then /health asked until it
 * answers 200. Resolves with the child (still running) and the ms from spawn to that answer.
 */
export async function startUntilHealthy(script, dataDir, env = {}) {
  const t0 = performance.now()
  const child = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, ...env }
  })
  children.add(child)
  let out = ''
  const port = await new Promise((resolvePort, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/API\s+http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) resolvePort(m[1])
    })
    child.on('exit', (code) => reject(new Error(`${script} exited ${code} before it listened`)))
  })
  const healthy = () =>
    fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false
    )
  while (!(await healthy())) await sleep(1)
  return { child, ms: performance.now() - t0 }
}

/** The cold-start yardstick: ms from spawning `node -e ''` to its exit. */
export async function bareNodeMs() {
  const t0 = performance.now()
  await new Promise((r) => spawn(process.execPath, ['-e', '']).on('exit', r))
  return performance.now() - t0
}

/** Starts bench/baseline-server.mjs (the hand-written yardstick). */
export function startBaseline() {
  return start(
    [join(root, 'bench', 'baseline-server.mjs'), join(tempDir(), 'baseline.sqlite'), WORKSPACE_SECRET, WORKSPACE_KEY],
    /LISTENING (\d+)/
  )
}

export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
  children.delete(child)
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024
}

/** CPU time (user + system) of a process so far, in ms. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks are 100 Hz on Linux
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export function percentile(sorted, p) {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** `--name value` from argv, or the fallback. */
export function flag(name, fallback) {
  const args = process.argv.slice(2)
  const i = args.indexOf(`--${name}`)
  if (i < 0) return fallback
  const v = args[i + 1]
  return typeof fallback === 'number' ? Number(v) : v
}

/** Writes the result JSON when `--json <file>` was given (npm run bench collects these). */
export function writeJson(result) {
  const file = flag('json', undefined)
  if (!file) return
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(result, null, 2))
}

/** Kills whatever is left and removes temporary folders. */
export function cleanup() {
  for (const child of children) child.kill('SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
}

/** Runs `main` and always cleans up. */
export function run(main) {
  main()
    .catch((error) => {
      console.error(error)
      process.exitCode = 1
    })
    .finally(cleanup)
}
