// Benchmark: API-triggered flow runs per second over HTTP, each creating a record in a sandbox
// app through a customer's connection, every run and node run persisted.
//
//   npm run bench:flows -- [--duration 10] [--connections 20] [--warmup 2]
//   BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:flows   (profile the server)
//
// Starts the built headless server (out/main/headless.js) on a free port with a fresh data
// folder. A customer connects to the Sandbox Helpdesk with an API key (POST /connections, the
// key checked against the app), and the flow api-trigger → transform-data → create-data-record
// (tickets) is deployed to that connection. autocannon posts runs (POST /flow-runs, the SDK's
// startRun) for a bounded time; the bench then waits until every accepted run has finished.
//
// What one run includes: the customer token verified, the run accepted and written (queued,
// running), the transform, a real HTTP request from the engine to the helpdesk's REST API
// (API key checked, rate limit counted, the ticket validated and inserted in SQLite, record
// webhooks looked up), the node runs and the final state written. App and engine share the
// process and its 2 cores, as they do on a desktop. The helpdesk's rate limit is raised for the
// run (its default, 600 per minute, would otherwise be the figure measured).
//
// Afterwards it reads the SQLite file and checks that every accepted run completed, wrote
// exactly three node runs, and that the helpdesk holds one ticket per run. Loopback only; bounded.
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
const DESK_ACCOUNT = 'Bench Desk'

async function token(claims) {
  const key = new TextEncoder().encode(WORKSPACE_SECRET)
  return new SignJWT({ ...claims, iss: WORKSPACE_KEY })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key)
}

function startServer(dataDir) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
      join(root, 'out/main/headless.js'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--workspace-key',
      WORKSPACE_KEY,
      '--workspace-secret',
      WORKSPACE_SECRET
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WORKBENCH_LOG_LEVEL: 'warn' }
    }
  )
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

function percentile(sorted, p) {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'workbench-bench-'))
const { child, url } = await startServer(dataDir)
try {
  const admin = await token({ isAdmin: true })
  const customer = await token({ id: 'bench-customer', name: 'Bench Customer' })
  await call(url, 'PATCH', '/sandbox-apps/helpdesk', admin, { rateLimit: { requests: 1_000_000, windowSeconds: 60 } })
  const key = await call(url, 'POST', '/sandbox-apps/helpdesk/api-keys', admin, {
    accountName: DESK_ACCOUNT,
    name: 'Bench'
  })
  const connection = await call(url, 'POST', '/connections', customer, {
    integrationKey: 'helpdesk',
    input: { apiKey: key.apiKey }
  })
  await call(url, 'POST', '/flows', admin, {
    key: 'bench-flow',
    name: 'Bench flow',
    integrationKey: 'helpdesk',
    // Runs of one instance at once (the default is 10); the rest wait in the instance's queue.
    concurrency: 64,
    nodes: {
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
      shape: {
        type: 'transform-data',
        config: {
          output: {
            subject: { $jsonata: '"Order " & input.trigger.order & " from " & input.trigger.email' },
            requesterEmail: { $var: 'input.trigger.email' }
          }
        },
        links: [{ key: 'ticket' }]
      },
      ticket: {
        type: 'create-data-record',
        config: { dataSource: { collectionKey: 'tickets' }, fields: { $var: 'input.shape' } }
      }
    }
  })
  const instance = await call(url, 'GET', '/connections/helpdesk/flows/bench-flow?autoCreate=true', customer)
  if (instance.state !== 'READY')
    throw new Error(`the flow instance did not set up: ${JSON.stringify(instance.errors)}`)
  const request = {
    url: `${url}/flow-runs`,
    method: 'POST',
    connections,
    headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ flowInstanceId: instance.id, input: { email: 'ada@example.com', order: 42 } })
  }
  if (warmup > 0) await cannon({ ...request, duration: warmup })
  const db = new Database(join(dataDir, 'workbench.sqlite'), { readonly: true })
  const seqBefore = db.prepare('SELECT ifnull(max(seq), 0) AS s FROM flow_runs').get().s
  const startedAt = Date.now()
  const result = await cannon({ ...request, duration })
  // Wait (bounded) until every run accepted during the measured phase has finished.
  const deadline = Date.now() + 60_000
  const unfinished = db.prepare("SELECT count(*) AS n FROM flow_runs WHERE seq > ? AND state IN ('queued', 'running')")
  while (unfinished.get(seqBefore).n > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  const drainedAt = Date.now()
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))

  const measured = db.prepare('SELECT state, created_at, ended_at FROM flow_runs WHERE seq > ?').all(seqBefore)
  const states = {}
  for (const r of measured) states[r.state] = (states[r.state] ?? 0) + 1
  const runs = db.prepare('SELECT count(*) AS n FROM flow_runs').get().n
  const completed = db.prepare("SELECT count(*) AS n FROM flow_runs WHERE state = 'completed'").get().n
  const nodeRuns = db.prepare('SELECT count(*) AS n FROM flow_node_runs').get().n
  const account = db.prepare("SELECT id FROM sandbox_accounts WHERE app = 'helpdesk' AND name = ?").get(DESK_ACCOUNT)
  const tickets = db
    .prepare(
      "SELECT count(*) AS n FROM sandbox_records WHERE account_id = ? AND collection = 'tickets' AND json_extract(data, '$.requesterEmail') = 'ada@example.com'"
    )
    .get(account.id).n
  const endToEnd = measured
    .filter((r) => r.ended_at)
    .map((r) => Date.parse(r.ended_at) - Date.parse(r.created_at))
    .sort((a, b) => a - b)
  db.close()

  const accepted = result['2xx']
  const wall = (drainedAt - startedAt) / 1000
  console.log(
    `flow runs over HTTP (api-trigger → transform → create-data-record in Sandbox Helpdesk through connection ${connection.id})`
  )
  console.log(
    `  connections ${connections}, duration ${duration} s (after ${warmup} s warm-up); every run and node run persisted`
  )
  console.log(
    `  runs/s      ${Math.round(accepted / duration)} accepted; ${Math.round(measured.length / wall)} completed end to end (${measured.length} runs in ${wall.toFixed(1)} s, queue drained)`
  )
  console.log(
    `  latency     POST /flow-runs p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`
  )
  console.log(
    `  end to end  accepted → completed p50 ${percentile(endToEnd, 50)} ms, p99 ${percentile(endToEnd, 99)} ms`
  )
  console.log(
    `  responses   2xx ${accepted}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`
  )
  console.log(
    `  database    ${runs} runs (measured phase ${JSON.stringify(states)}), ${nodeRuns} node runs, ${tickets} tickets in the helpdesk`
  )
  const ok =
    result.non2xx === 0 && result.errors === 0 && completed === runs && nodeRuns === runs * 3 && tickets === runs
  console.log(
    ok
      ? '  check       every run completed with 3 node runs and created its ticket'
      : '  check       FAILED: some runs did not complete, miss node runs or tickets'
  )
  process.exitCode = ok ? 0 : 1
} finally {
  if (child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  rmSync(dataDir, { recursive: true, force: true })
}
