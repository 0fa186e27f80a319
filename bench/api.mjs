// API benchmark: the real headless server against a minimal node:http + jose + better-sqlite3
// baseline (bench/baseline-server.mjs) doing the same work, in the same run, on 127.0.0.1 only.
// Also cold start (spawn → /health 200) as a multiple of `node -e ''`, and RSS idle and 30 s
// after the load, next to a bare node process. Bounded: a few seconds per row.
//   npm run bench:api -- [--seconds 4 (one-second windows per server)] [--connections 10] [--cold-starts 5] [--cold-only] [--json file]
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import autocannon from 'autocannon'
import { ensureBuilt } from '../scripts/ensure-built.mjs'
import {
  WORKSPACE_KEY,
  WORKSPACE_SECRET,
  bareNodeMs,
  cpuMs,
  flag,
  headless,
  median,
  rssMb,
  run,
  sleep,
  startBaseline,
  startEngine,
  startUntilHealthy,
  stop,
  tempDir,
  writeJson
} from './lib/common.mjs'

// an even count: each server goes first in half of the windows
const SECONDS = Math.min(flag('seconds', Number(process.env.BENCH_SECONDS ?? 4)), 30)
const CONNECTIONS = Math.min(flag('connections', Number(process.env.BENCH_CONNECTIONS ?? 10)), 100)
const COLD_STARTS = Math.min(flag('cold-starts', Number(process.env.BENCH_COLD_STARTS ?? 5)), 15)
const AFTER_LOAD_MS = Math.min(flag('after-load-seconds', 30), 60) * 1000

const exp = Math.floor(Date.now() / 1000) + 3600
const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')
let jti = 0
/** A token nobody has seen: signed here per request (node:crypto, a few µs), so none repeats. */
function freshToken(claims) {
  const payload = Buffer.from(JSON.stringify({ ...claims, iss: WORKSPACE_KEY, exp, jti: String(jti++) })).toString(
    'base64url'
  )
  const signature = createHmac('sha256', WORKSPACE_SECRET).update(`${header}.${payload}`).digest('base64url')
  return `Bearer ${header}.${payload}.${signature}`
}

/** One window of load on `server`: requests, seconds, the server's CPU, p99. */
async function loadWindow(server, path, options, seconds) {
  const cpu0 = cpuMs(server.child.pid)
  const result = await autocannon({
    url: `${server.url}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...options
  })
  const cpu = cpuMs(server.child.pid) - cpu0
  if (result.non2xx || result.errors)
    throw new Error(
      `${server.url}${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${JSON.stringify(result.statusCodeStats)}`
    )
  return { requests: result.requests.total, seconds: result.duration, cpu, p99: result.latency.p99 }
}

function summary(windows) {
  const requests = windows.reduce((n, w) => n + w.requests, 0)
  const seconds = windows.reduce((n, w) => n + w.seconds, 0)
  const cpu = windows.reduce((n, w) => n + w.cpu, 0)
  return {
    rps: requests / seconds,
    // the worst window's
    p99: Math.max(...windows.map((w) => w.p99)),
    cpuUsPerRequest: (cpu * 1000) / Math.max(1, requests)
  }
}

/**
 * The engine and the baseline under the same load in alternating one-second windows (baseline
 * first, then engine first, ...), SECONDS windows each: on a shared machine a noisy stretch
 * then slows both instead of one (3 s for one, then 3 s for the other swung the ratio 0.74–1.18
 * between passes of one run).
 */
async function loadPair(engine, baseline, path, options) {
  const ours = []
  const base = []
  for (let i = 0; i < SECONDS; i++) {
    const order = i % 2 === 0 ? [baseline, engine] : [engine, baseline]
    for (const server of order) (server === engine ? ours : base).push(await loadWindow(server, path, options, 1))
  }
  return { engine: summary(ours), baseline: summary(base) }
}

/** Spawn → the first 200 of /health, in ms, on `dataDir`. */
async function startOnce(dataDir) {
  const { child, ms } = await startUntilHealthy(headless, dataDir)
  await stop(child)
  return ms
}

/**
 * Median time from spawn to the first 200 of /health (engine) or to exit (`node -e ''`). The
 * engine row starts on a fresh data folder every time (a first start: schema and seed written);
 * the extra `existingMs` row starts again on one folder an earlier start already created.
 */
async function coldStarts() {
  const engine = []
  const existing = []
  const bare = []
  const reused = tempDir()
  await startOnce(reused)
  for (let i = 0; i < COLD_STARTS; i++) {
    bare.push(await bareNodeMs())
    engine.push(await startOnce(tempDir()))
    existing.push(await startOnce(reused))
  }
  return { engineMs: median(engine), nodeMs: median(bare), existingMs: median(existing) }
}

/** The two cold-start rows as printed. */
function coldStartLines(cold) {
  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  const x = (ms) => `${(ms / cold.nodeMs).toFixed(1)}× node -e '' (${fmt(cold.nodeMs)} ms)`
  return [
    `cold start (spawn → /health 200, median of ${COLD_STARTS}): ${fmt(cold.engineMs)} ms = ${x(cold.engineMs)}`,
    `cold start on an existing data folder (second start, median of ${COLD_STARTS}): ${fmt(cold.existingMs)} ms = ${x(cold.existingMs)}`
  ]
}

/** RSS of a bare node process that stays alive (the `node -e ''` yardstick for memory). */
async function bareRss() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'])
  await sleep(500)
  const rss = rssMb(child.pid)
  child.kill('SIGKILL')
  return rss
}

async function main() {
  if (process.argv.includes('--cold-only')) {
    const cold = await coldStarts()
    console.log(coldStartLines(cold).join('\n'))
    return
  }
  ensureBuilt()
  const engine = await startEngine()
  await sleep(1000)
  const idleRss = rssMb(engine.child.pid)
  const baseline = await startBaseline()

  const reused = freshToken({ id: 'bench-customer', name: 'Bench' }).slice(7)
  const fresh = (claims) => ({
    requests: [
      {
        setupRequest: (request) => {
          request.headers = { ...request.headers, authorization: freshToken(claims) }
          return request
        }
      }
    ]
  })
  const scenarios = [
    {
      key: 'self-reused',
      name: 'GET /self, one token reused',
      path: '/self',
      options: { headers: { authorization: `Bearer ${reused}` } }
    },
    {
      key: 'self-fresh',
      name: 'GET /self, a never-seen token every request',
      path: '/self',
      options: fresh({ id: 'bench-customer', name: 'Bench' }),
      goal: 0.85
    },
    {
      key: 'create-fresh',
      name: 'POST /customers, a never-seen admin token every request',
      path: '/customers',
      options: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Bench Co', fields: { plan: 'pro' } }),
        ...fresh({ isAdmin: true })
      },
      goal: 0.9
    }
  ]

  // Warm both (JIT, the first customer insert), then measure in alternating windows.
  for (const server of [engine, baseline]) await loadWindow(server, '/self', scenarios[1].options, 1)
  const rows = []
  for (const s of scenarios) {
    const { engine: ours, baseline: base } = await loadPair(engine, baseline, s.path, s.options)
    rows.push({ key: s.key, name: s.name, goal: s.goal, engine: ours, baseline: base, ratio: ours.rps / base.rps })
  }
  const loadEndRss = rssMb(engine.child.pid)
  await stop(baseline.child)
  await sleep(AFTER_LOAD_MS)
  const afterLoadRss = rssMb(engine.child.pid)
  await stop(engine.child)
  const nodeRss = await bareRss()
  const cold = await coldStarts()

  const result = {
    bench: 'api',
    date: new Date().toISOString(),
    node: process.version,
    seconds: SECONDS,
    connections: CONNECTIONS,
    rows,
    coldStart: {
      ...cold,
      ratio: cold.engineMs / cold.nodeMs,
      existingRatio: cold.existingMs / cold.nodeMs,
      goal: 3,
      runs: COLD_STARTS
    },
    rss: {
      idleMb: idleRss,
      loadEndMb: loadEndRss,
      afterLoadMb: afterLoadRss,
      afterLoadSeconds: AFTER_LOAD_MS / 1000,
      nodeMb: nodeRss
    }
  }
  writeJson(result)

  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  console.log(`\nAPI benchmark — ${CONNECTIONS} connections, ${SECONDS} s per row, node ${process.version}`)
  console.log('| endpoint | engine req/s | p99 | CPU/req | baseline req/s | p99 | CPU/req | engine / baseline |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.engine.rps)} | ${r.engine.p99} ms | ${fmt(r.engine.cpuUsPerRequest)} µs | ${fmt(r.baseline.rps)} | ${r.baseline.p99} ms | ${fmt(r.baseline.cpuUsPerRequest)} µs | ${r.ratio.toFixed(2)}× |`
    )
  }
  console.log(`\n${coldStartLines(cold).join('\n')}`)
  console.log(
    `RSS: ${idleRss.toFixed(0)} MB idle, ${loadEndRss.toFixed(0)} MB at the end of the load, ${afterLoadRss.toFixed(0)} MB ${AFTER_LOAD_MS / 1000} s after; bare node ${nodeRss.toFixed(0)} MB`
  )
}

run(main)
