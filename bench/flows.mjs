// Benchmark: API-triggered flow runs per second over HTTP, every node run persisted.
//
//   npm run bench:flows -- [--duration 10] [--connections 20] [--warmup 2]
//
// Starts the built headless server (out/main/headless.js) on a free port with a fresh data
// folder, creates a three-node flow (api-trigger → transform-data → transform-data) and one
// customer instance of it, then posts runs with autocannon (POST /flow-runs, the SDK's
// startRun) for a bounded time. Afterwards it reads the SQLite file and checks that every
// accepted run completed and wrote exactly three node runs. Loopback only; bounded.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { SignJWT } from 'jose'
import { ensureBuilt } from '../scripts/ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const duration = Math.min(flag('duration', 10), 60)
const connections = Math.min(flag('connections', 20), 200)
const warmup = Math.min(flag('warmup', 2), 10)

const WORKSPACE_KEY = 'bench-workspace'
const WORKSPACE_SECRET = 'bench-secret-0123456789abcdef0123456789'

async function token(claims) {
  const key = new TextEncoder().encode(WORKSPACE_SECRET)
  return new SignJWT({ ...claims, iss: WORKSPACE_KEY })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key)
}

function startServer(dataDir) {
  const child = spawn(process.execPath, [join(root, 'out/main/headless.js'), '--port', '0', '--data-dir', dataDir, '--workspace-key', WORKSPACE_KEY, '--workspace-secret', WORKSPACE_SECRET], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WORKBENCH_LOG_LEVEL: 'warn' }
  })
  return new Promise((resolveUrl, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match) resolveUrl({ child, url: match[1] })
    })
    child.stderr.on('data', (chunk) => process.stderr.write(chunk))
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before it was ready:\n${out}`)))
  })
}

async function call(url, method, path, bearer, body) {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const json = await response.json()
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`)
  return json
}

function cannon(options) {
  return new Promise((resolveResult, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolveResult(result)))
  })
}

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'workbench-bench-'))
const { child, url } = await startServer(dataDir)
try {
  const admin = await token({ isAdmin: true })
  const customer = await token({ id: 'bench-customer', name: 'Bench Customer' })
  await call(url, 'POST', '/flows', admin, {
    key: 'bench-flow',
    name: 'Bench flow',
    nodes: {
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
      shape: {
        type: 'transform-data',
        config: { output: { email: { $var: 'input.trigger.email' }, amount: { $jsonata: 'input.trigger.amount * 1.2' } } },
        links: [{ key: 'record' }]
      },
      record: { type: 'transform-data', config: { output: { contact: { $var: 'input.shape.email' }, total: { $var: 'input.shape.amount' }, source: 'bench' } } }
    }
  })
  const instance = await call(url, 'GET', '/flow-instance?flowKey=bench-flow&autoCreate=true', customer)
  const request = {
    url: `${url}/flow-runs`,
    method: 'POST',
    connections,
    headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ flowInstanceId: instance.id, input: { email: 'ada@example.com', amount: 100 } })
  }
  if (warmup > 0) await cannon({ ...request, duration: warmup })
  const result = await cannon({ ...request, duration })
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))

  const db = new Database(join(dataDir, 'workbench.sqlite'), { readonly: true })
  const states = Object.fromEntries(db.prepare('SELECT state, count(*) AS n FROM flow_runs GROUP BY state').all().map((r) => [r.state, r.n]))
  const runs = db.prepare('SELECT count(*) AS n FROM flow_runs').get().n
  const nodeRuns = db.prepare('SELECT count(*) AS n FROM flow_node_runs').get().n
  db.close()

  const accepted = result['2xx']
  const perSecond = Math.round(accepted / duration)
  console.log(`flow runs over HTTP (api-trigger → transform → transform, node runs persisted)`)
  console.log(`  connections ${connections}, duration ${duration} s (after ${warmup} s warm-up)`)
  console.log(`  runs/s      ${perSecond}`)
  console.log(`  latency     p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`)
  console.log(`  responses   2xx ${accepted}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`)
  console.log(`  database    ${runs} runs ${JSON.stringify(states)}, ${nodeRuns} node runs`)
  const ok = result.non2xx === 0 && result.errors === 0 && runs === (states.completed ?? 0) && nodeRuns === runs * 3
  console.log(ok ? '  check       every run completed with 3 node runs' : '  check       FAILED: some runs did not complete or miss node runs')
  process.exitCode = ok ? 0 : 1
} finally {
  if (child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  rmSync(dataDir, { recursive: true, force: true })
}
