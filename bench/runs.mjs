// Runs at scale: seeds 1,000,000 runs and 3,000,000 node runs (bench/seed-runs.mjs), starts the
// built engine on that database and reports the p99 of the runs list, of each of its filters
// (goal < 50 ms) and of a run page (goal < 20 ms) over HTTP on 127.0.0.1, and the database size
// per run. Bounded: a fixed number of requests per row.
//   node bench/runs.mjs [--runs 1000000] [--requests 40] [--seeded DIR] [--json file]
// --seeded reuses a data folder an earlier run seeded (its path is printed), to skip the ~80 s seed.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createHmac } from 'node:crypto'
import { ensureBuilt } from '../scripts/ensure-built.mjs'
import {
  WORKSPACE_KEY,
  WORKSPACE_SECRET,
  flag,
  percentile,
  run,
  sleep,
  startEngine,
  stop,
  writeJson
} from './lib/common.mjs'
import { seedRuns } from './seed-runs.mjs'

const RUNS = Math.min(flag('runs', 1_000_000), 5_000_000)
const REQUESTS = Math.min(flag('requests', 40), 500)

function adminToken() {
  const h = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
  const p = Buffer.from(
    JSON.stringify({ isAdmin: true, iss: WORKSPACE_KEY, exp: Math.floor(Date.now() / 1000) + 3600 })
  ).toString('base64url')
  return `${h}.${p}.${createHmac('sha256', WORKSPACE_SECRET).update(`${h}.${p}`).digest('base64url')}`
}

async function main() {
  ensureBuilt()
  const seeded = process.argv.includes('--seeded') ? process.argv[process.argv.indexOf('--seeded') + 1] : undefined
  const first = seeded ? { dataDir: seeded } : await startEngine()
  if (!seeded) await stop(first.child)
  const t0 = performance.now()
  if (!seeded) seedRuns(first.dataDir, RUNS)
  const seedSeconds = (performance.now() - t0) / 1000
  console.error(`data folder: ${first.dataDir}${seeded ? ' (seeded before)' : ''}`)
  const file = join(first.dataDir, 'workbench.sqlite')
  const bytes = statSync(file).size
  const engine = await startEngine(['--data-dir', first.dataDir])
  const started = performance.now()
  // The rows measure queries, not the start: the start's own work (JIT, first compiles, its
  // garbage) settles first. Cold start has its own row in bench/api.mjs.
  await sleep(2000)
  const auth = { authorization: `Bearer ${adminToken()}` }
  const get = async (path) => {
    const t = performance.now()
    const res = await fetch(engine.url + path, { headers: auth })
    const body = await res.json()
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
    const ms = performance.now() - t
    // a slow request is named with when it happened, to tell a query from a pause of the server
    if (ms > 100)
      console.error(`slow: ${ms.toFixed(0)} ms ${path} at ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return { ms, body }
  }
  const mid = new Date(Date.now() - 12 * 86_400_000)
  const rows = []
  // Yardstick in the same run: GET /health (no database, no token) right after each request, so
  // a busy machine slows both alike; its p50/p99 are the floor any query row can reach here.
  const floor = []
  const measure = async (name, path, goal) => {
    await get(path)
    const times = []
    for (let i = 0; i < REQUESTS; i++) {
      times.push((await get(path)).ms)
      floor.push((await get('/health')).ms)
    }
    times.sort((a, b) => a - b)
    rows.push({ name, path, p50: percentile(times, 50), p99: percentile(times, 99), goal })
  }
  await measure('runs list (newest 50)', '/flow-runs?limit=50', 50)
  const page = await get('/flow-runs?limit=50')
  await measure('runs list, next page by cursor', `/flow-runs?limit=50&cursor=${page.body.cursor}`, 50)
  await measure('filter: flowInstanceId', '/flow-runs?limit=50&flowInstanceId=seedinst0000000000000042', 50)
  await measure('filter: userId (customer)', '/flow-runs?limit=50&userId=seed-7', 50)
  await measure('filter: state=failed', '/flow-runs?limit=50&state=failed', 50)
  await measure('filter: integrationKey', '/flow-runs?limit=50&integrationKey=crm', 50)
  await measure('filter: connectionId', '/flow-runs?limit=50&connectionId=seedconn0000000000000013', 50)
  await measure(
    'filter: from / to (one day, 12 days ago)',
    `/flow-runs?limit=50&from=${new Date(mid.getTime() - 86_400_000).toISOString()}&to=${mid.toISOString()}`,
    50
  )
  await measure(
    'filter: flowInstanceId + from / to',
    `/flow-runs?limit=50&flowInstanceId=seedinst0000000000000042&from=${new Date(mid.getTime() - 86_400_000).toISOString()}&to=${mid.toISOString()}`,
    50
  )
  const middle = `seedrun${String(Math.floor(RUNS / 2)).padStart(17, '0')}`
  await measure('run page (GET /flow-runs/:id)', `/flow-runs/${middle}`, 20)
  await measure('run page node runs (GET /flow-runs/:id/node-runs)', `/flow-runs/${middle}/node-runs`, 20)
  await stop(engine.child)
  floor.sort((a, b) => a - b)
  const yardstick = {
    name: 'GET /health, interleaved (yardstick)',
    p50: percentile(floor, 50),
    p99: percentile(floor, 99)
  }
  const result = {
    bench: 'runs',
    date: new Date().toISOString(),
    runs: RUNS,
    nodeRuns: 3 * RUNS,
    seedSeconds,
    bytes,
    bytesPerRun: bytes / RUNS,
    requests: REQUESTS,
    rows,
    yardstick
  }
  writeJson(result)
  console.log(
    `\nRuns at scale — ${RUNS.toLocaleString('en-US')} runs, ${(3 * RUNS).toLocaleString('en-US')} node runs (seeded in ${seedSeconds.toFixed(0)} s), ${REQUESTS} requests per row`
  )
  console.log('| query | p50 | p99 | goal |')
  console.log('|---|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.name} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | < ${r.goal} ms |`)
  console.log(`| ${yardstick.name} | ${yardstick.p50.toFixed(1)} ms | ${yardstick.p99.toFixed(1)} ms | |`)
  console.log(
    `database: ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / RUNS).toFixed(0)} bytes per run (with its 3 node runs)`
  )
}

run(main)
