// Many scheduled instances: deploys N flow instances with a schedule trigger (default 10,000,
// over HTTP on 127.0.0.1, 20 customers), of which `--due` (default 1,000) fire at the same
// second; the rest are daily at 03:00 UTC. Reports the engine's idle CPU with every schedule
// registered (goal < 5% of a core) against the same engine with none (the yardstick, measured
// in the same run before the instances are made), and the lag of the 1,000 simultaneous runs
// (run start − scheduled time, p50 / p99 / max; goal p99 < 1 s). Bounded: a fixed count, and
// every wait has a deadline.
//   node bench/scheduler.mjs [--instances 10000] [--due 1000] [--idle-seconds 10] [--json file]
import { createHmac } from 'node:crypto'
import { ensureBuilt } from '../scripts/ensure-built.mjs'
import {
  WORKSPACE_KEY,
  WORKSPACE_SECRET,
  cpuMs,
  flag,
  percentile,
  rssMb,
  run,
  sleep,
  startEngine,
  stop,
  writeJson
} from './lib/common.mjs'

const INSTANCES = Math.min(flag('instances', 10_000), 50_000)
const DUE = Math.min(flag('due', 1_000), INSTANCES)
const IDLE_SECONDS = Math.min(flag('idle-seconds', 10), 60)
const CONCURRENCY = 8

function token(claims) {
  const h = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
  const p = Buffer.from(
    JSON.stringify({ iss: WORKSPACE_KEY, exp: Math.floor(Date.now() / 1000) + 3600, ...claims })
  ).toString('base64url')
  return `${h}.${p}.${createHmac('sha256', WORKSPACE_SECRET).update(`${h}.${p}`).digest('base64url')}`
}

/** CPU share of one core the process used over `seconds` (0.05 = 5%). */
async function idleCpu(pid, seconds) {
  const c0 = cpuMs(pid)
  const t0 = performance.now()
  await sleep(seconds * 1000)
  return (cpuMs(pid) - c0) / (performance.now() - t0)
}

async function main() {
  ensureBuilt()
  const engine = await startEngine()
  const pid = engine.child.pid
  const call = async (method, path, auth, body) => {
    const res = await fetch(engine.url + path, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined
    })
    const json = await res.json()
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`)
    return json
  }
  await sleep(2000) // let start-up work settle before the yardstick
  const baselineCpu = await idleCpu(pid, IDLE_SECONDS)

  // The due second: far enough ahead for every instance to be deployed and registered.
  const tokens = Array.from({ length: 20 }, (_, c) => token({ id: `sched-${c}`, name: `Scheduled ${c}` }))
  const create = async (i, cron) =>
    call('POST', '/flow-instances', tokens[i % tokens.length], {
      name: `Scheduled ${i}`,
      nodes: {
        tick: { type: 'schedule-trigger', config: { cron, timezone: 'UTC' }, links: [{ key: 'stamp' }] },
        stamp: { type: 'transform-data', config: { output: { i } } }
      }
    })
  const t0 = performance.now()
  let next = 0
  const deployRest = async () => {
    for (let i = next++; i < INSTANCES - DUE; i = next++) await create(i, '0 0 3 * * *')
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, deployRest))
  const restSeconds = (performance.now() - t0) / 1000
  // the due ones last, aimed at a second that leaves room for deploying them (measured pace × 3)
  const pace = restSeconds / Math.max(1, INSTANCES - DUE)
  const dueAt = new Date(Math.ceil((Date.now() + Math.max(15_000, pace * DUE * 3000 + 10_000)) / 1000) * 1000)
  if (dueAt.getUTCHours() === 3 && dueAt.getUTCMinutes() === 0)
    throw new Error('run this bench at another time than 03:00 UTC')
  const cron = `${dueAt.getUTCSeconds()} ${dueAt.getUTCMinutes()} ${dueAt.getUTCHours()} * * *`
  next = 0
  const deployDue = async () => {
    for (let i = next++; i < DUE; i = next++) await create(INSTANCES - DUE + i, cron)
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, deployDue))
  const deploySeconds = (performance.now() - t0) / 1000
  if (Date.now() > dueAt.getTime() - 3000) throw new Error('deploying took longer than planned; the due second passed')

  // idle with every schedule registered, before the due second
  await sleep(1000)
  const idleSeconds = Math.min(IDLE_SECONDS, Math.max(1, (dueAt.getTime() - Date.now()) / 1000 - 2))
  const scheduledCpu = await idleCpu(pid, idleSeconds)
  const idleRss = rssMb(pid)

  // the 1,000 simultaneous runs: wait (bounded) until they are all listed
  const admin = token({ isAdmin: true })
  const deadline = dueAt.getTime() + 60_000
  let runs = []
  while (Date.now() < deadline) {
    if (Date.now() > dueAt.getTime()) {
      runs = (await call('GET', '/flow-runs?limit=1000', admin)).items.filter(
        (r) => r.input?.scheduledAt === dueAt.toISOString()
      )
      if (runs.length >= DUE) break
    }
    await sleep(500)
  }
  await stop(engine.child)
  if (runs.length < DUE) throw new Error(`only ${runs.length} of ${DUE} scheduled runs started within 60 s`)
  const lags = runs.map((r) => Date.parse(r.startTime) - dueAt.getTime()).sort((a, b) => a - b)
  const result = {
    bench: 'scheduler',
    date: new Date().toISOString(),
    instances: INSTANCES,
    due: DUE,
    deploySeconds,
    idle: {
      seconds: idleSeconds,
      cpuShare: scheduledCpu,
      baselineCpuShare: baselineCpu,
      baselineSeconds: IDLE_SECONDS,
      rssMb: idleRss
    },
    lagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1], min: lags[0] }
  }
  writeJson(result)
  const pct = (x) => `${(x * 100).toFixed(2)}%`
  console.log(
    `\nScheduler — ${INSTANCES.toLocaleString('en-US')} instances with a schedule trigger (deployed in ${deploySeconds.toFixed(0)} s), ${DUE.toLocaleString('en-US')} due in the same second`
  )
  console.log('| figure | measured | yardstick in the same run | goal |')
  console.log('|---|---:|---:|---:|')
  console.log(
    `| idle CPU, every schedule registered (${idleSeconds.toFixed(0)} s) | ${pct(scheduledCpu)} of a core | ${pct(baselineCpu)} with no instances | < 5% |`
  )
  console.log(
    `| lag of ${DUE} runs due in one second (run start − due time) | p99 ${result.lagMs.p99} ms (p50 ${result.lagMs.p50}, max ${result.lagMs.max}) | | p99 < 1000 ms |`
  )
  console.log(`RSS with ${INSTANCES.toLocaleString('en-US')} instances registered: ${idleRss.toFixed(0)} MB`)
}

run(main)
