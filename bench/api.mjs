// API benchmark: the real headless server against a minimal node:http + jose + better-sqlite3
// baseline doing the same work, in the same run, on 127.0.0.1 only. Also cold start
// (spawn → /health 200) and idle RSS. Bounded: a few seconds per scenario.
//   npm run bench:api            (BENCH_SECONDS=5 BENCH_CONNECTIONS=10 by default)
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { SignJWT } from 'jose'
import { ensureBuilt } from '../scripts/ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 5)
const headless = join(root, 'out', 'main', 'headless.js')
const dirs = []
const children = new Set()

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'wb-bench-'))
  dirs.push(d)
  return d
}

/** Spawns a server and resolves once it prints its port. */
function start(args, pattern) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WORKBENCH_LOG_LEVEL: 'error' }
  })
  children.add(child)
  let out = ''
  return new Promise((resolveStart, reject) => {
    const onData = (d) => {
      out += d
      const m = out.match(pattern)
      if (m) resolveStart({ child, port: Number(m[1]), output: () => out })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)))
  })
}

async function stop(child) {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
  children.delete(child)
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024
}

async function load(url, options) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options })
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

async function coldStart() {
  const times = []
  for (let i = 0; i < COLD_STARTS; i++) {
    const dataDir = tempDir()
    const t0 = performance.now()
    const child = spawn(process.execPath, [headless, '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'ignore']
    })
    children.add(child)
    let out = ''
    const port = await new Promise((r) =>
      child.stdout.on('data', (d) => {
        out += d
        const m = out.match(/API\s+http:\/\/127\.0\.0\.1:(\d+)/)
        if (m) r(Number(m[1]))
      })
    )
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false
      )
      if (ok) break
    }
    times.push(performance.now() - t0)
    await stop(child)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

async function main() {
  ensureBuilt()
  const sign = (secret, claims) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))
  const workspaceKey = 'bench-workspace'
  const secret = 'bench-secret-0123456789abcdef0123456789'
  const exp = Math.floor(Date.now() / 1000) + 3600

  const engine = await start(
    [headless, '--port', '0', '--data-dir', tempDir(), '--workspace-key', workspaceKey, '--workspace-secret', secret],
    /API\s+http:\/\/127\.0\.0\.1:(\d+)/
  )
  await new Promise((r) => setTimeout(r, 500))
  const startRss = rssMb(engine.child.pid)
  const baseline = await start(
    [join(root, 'bench', 'baseline-server.mjs'), join(tempDir(), 'baseline.sqlite'), secret, workspaceKey],
    /LISTENING (\d+)/
  )

  const customer = await sign(secret, { id: 'bench-customer', name: 'Bench', iss: workspaceKey, exp })
  const admin = await sign(secret, { isAdmin: true, iss: workspaceKey, exp })
  const self = { headers: { authorization: `Bearer ${customer}` } }
  // A different token on every request, more than the engine remembers (10,000): the verify
  // path with no help from its cache, as the baseline always pays it.
  const fresh = []
  for (let i = 0; i < 25_000; i++)
    fresh.push(
      `Bearer ${await sign(secret, { id: 'bench-customer', name: 'Bench', iss: workspaceKey, exp, jti: String(i) })}`
    )
  let next = 0
  const freshSelf = {
    requests: [
      {
        setupRequest: (request) => {
          request.headers = { ...request.headers, authorization: fresh[next++ % fresh.length] }
          return request
        }
      }
    ]
  }
  const create = {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench Co', fields: { plan: 'pro' } })
  }

  // Warm both (JIT, first customer insert), then alternate the measured runs.
  for (const port of [engine.port, baseline.port])
    await autocannon({ url: `http://127.0.0.1:${port}/self`, connections: CONNECTIONS, duration: 1, ...self })
  const rows = []
  for (const [name, opts, path] of [
    ['GET /self', self, '/self'],
    ['GET /self, a new token every request', freshSelf, '/self'],
    ['POST /customers', create, '/customers']
  ]) {
    const base = await load(`http://127.0.0.1:${baseline.port}${path}`, opts)
    const ours = await load(`http://127.0.0.1:${engine.port}${path}`, opts)
    rows.push({ name, ours, base })
  }
  await new Promise((r) => setTimeout(r, 1000))
  const idleRss = rssMb(engine.child.pid)
  await stop(engine.child)
  await stop(baseline.child)
  const cold = await coldStart()

  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  console.log(
    `\nAPI benchmark — ${CONNECTIONS} connections, ${SECONDS} s per run, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
  )
  console.log('| endpoint | engine req/s | engine p99 | baseline req/s | baseline p99 | engine / baseline |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.ours.rps)} | ${r.ours.p99} ms | ${fmt(r.base.rps)} | ${r.base.p99} ms | ${((r.ours.rps / r.base.rps) * 100).toFixed(0)}% |`
    )
  }
  console.log(`\ncold start (spawn → /health 200, median of ${COLD_STARTS}): ${Math.round(cold)} ms`)
  console.log(`idle RSS: ${startRss.toFixed(0)} MB after start, ${idleRss.toFixed(0)} MB after the load`)
}

main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => {
    for (const child of children) child.kill('SIGKILL')
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })
