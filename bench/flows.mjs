// Benchmark: API-triggered flow runs per second over HTTP, every run and node run persisted,
// against a hand-written server doing the same persisted work (bench/baseline-server.mjs) in
// the same run. Two flows:
//   plain   api-trigger → transform-data → transform-data (no external call)
//   ticket  api-trigger → transform-data → create-data-record (a ticket in the Sandbox Helpdesk,
//           created over HTTP through the customer's connection with an API key)
// The baseline does trigger → transform → (ticket over HTTP with an API key) → one transaction
// of a run row + 3 node-run rows per request.
//
//   npm run bench:flows -- [--duration 4] [--connections 20] [--warmup 1] [--json file]
//   BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:flows   (profile the engine)
//
// The engine answers POST /flow-runs once the run is accepted; the bench waits (bounded) until
// every accepted run finished and counts completed runs per second of wall time. Afterwards it
// reads the SQLite file and checks that every run completed with exactly three node runs and
// that the helpdesk holds one ticket per ticket run. Loopback only; bounded in time.
import { join } from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { SignJWT } from 'jose'
import { ensureBuilt } from '../scripts/ensure-built.mjs'
import {
  WORKSPACE_KEY,
  WORKSPACE_SECRET,
  cpuMs,
  flag,
  percentile,
  run,
  sleep,
  startBaseline,
  startEngine,
  stop,
  writeJson
} from './lib/common.mjs'

const duration = Math.min(flag('duration', 4), 60)
const connections = Math.min(flag('connections', 20), 200)
const warmup = Math.min(flag('warmup', 1), 10)
const DESK_ACCOUNT = 'Bench Desk'

async function token(claims) {
  return new SignJWT({ ...claims, iss: WORKSPACE_KEY })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(WORKSPACE_SECRET))
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

const shape = {
  type: 'transform-data',
  config: {
    output: {
      subject: { $jsonata: '"Order " & input.trigger.order & " from " & input.trigger.email' },
      requesterEmail: { $var: 'input.trigger.email' }
    }
  }
}
const FLOWS = {
  plain: {
    trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
    shape: { ...shape, links: [{ key: 'finish' }] },
    finish: { type: 'transform-data', config: { output: { done: true, subject: { $var: 'input.shape.subject' } } } }
  },
  ticket: {
    trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
    shape: { ...shape, links: [{ key: 'ticket' }] },
    ticket: {
      type: 'create-data-record',
      config: { dataSource: { collectionKey: 'tickets' }, fields: { $var: 'input.shape' } }
    }
  }
}

async function main() {
  ensureBuilt()
  const engine = await startEngine([], { WORKBENCH_LOG_LEVEL: 'warn' })
  const baseline = await startBaseline()
  const url = engine.url
  const admin = await token({ isAdmin: true })
  const customer = await token({ id: 'bench-customer', name: 'Bench Customer' })
  await call(url, 'PATCH', '/sandbox-apps/helpdesk', admin, { rateLimit: { requests: 1_000_000, windowSeconds: 60 } })
  const key = await call(url, 'POST', '/sandbox-apps/helpdesk/api-keys', admin, {
    accountName: DESK_ACCOUNT,
    name: 'Bench'
  })
  await call(url, 'POST', '/connections', customer, { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } })
  const instances = {}
  for (const [name, nodes] of Object.entries(FLOWS)) {
    // Runs of one instance at once (the default is 10); the rest wait in the instance's queue.
    await call(url, 'POST', '/flows', admin, {
      key: `bench-${name}`,
      name: `Bench ${name}`,
      integrationKey: 'helpdesk',
      concurrency: 64,
      nodes
    })
    const instance = await call(url, 'GET', `/connections/helpdesk/flows/bench-${name}?autoCreate=true`, customer)
    if (instance.state !== 'READY')
      throw new Error(`the flow instance did not set up: ${JSON.stringify(instance.errors)}`)
    instances[name] = instance.id
  }
  const db = new Database(join(engine.dataDir, 'workbench.sqlite'), { readonly: true })
  const unfinished = db.prepare("SELECT count(*) AS n FROM flow_runs WHERE seq > ? AND state IN ('queued', 'running')")
  const rows = []
  for (const name of Object.keys(FLOWS)) {
    const body = JSON.stringify({ flowInstanceId: instances[name], input: { email: 'ada@example.com', order: 42 } })
    const request = (target, path) => ({
      url: `${target}${path}`,
      method: 'POST',
      connections,
      headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
      body
    })
    const basePath = name === 'ticket' ? '/flow-runs?ticket=1' : '/flow-runs'
    if (warmup > 0) {
      await autocannon({ ...request(baseline.url, basePath), duration: warmup })
      await autocannon({ ...request(url, '/flow-runs'), duration: warmup })
      while (unfinished.get(0).n > 0) await sleep(50)
    }
    const baseCpu0 = cpuMs(baseline.child.pid)
    const base = await autocannon({ ...request(baseline.url, basePath), duration })
    const baseCpu = cpuMs(baseline.child.pid) - baseCpu0
    if (base.non2xx || base.errors) throw new Error(`baseline ${name}: ${base.non2xx} non-2xx, ${base.errors} errors`)

    const seqBefore = db.prepare('SELECT ifnull(max(seq), 0) AS s FROM flow_runs').get().s
    const cpu0 = cpuMs(engine.child.pid)
    const startedAt = Date.now()
    const ours = await autocannon({ ...request(url, '/flow-runs'), duration })
    const deadline = Date.now() + 60_000
    while (unfinished.get(seqBefore).n > 0 && Date.now() < deadline) await sleep(20)
    const drainedAt = Date.now()
    const cpu = cpuMs(engine.child.pid) - cpu0
    const measured = db.prepare('SELECT state, created_at, ended_at FROM flow_runs WHERE seq > ?').all(seqBefore)
    const completed = measured.filter((r) => r.state === 'completed').length
    const endToEnd = measured
      .filter((r) => r.ended_at)
      .map((r) => Date.parse(r.ended_at) - Date.parse(r.created_at))
      .sort((a, b) => a - b)
    const wall = (drainedAt - startedAt) / 1000
    const engineRps = completed / wall
    rows.push({
      key: `flow-${name}`,
      name:
        name === 'plain'
          ? 'API-triggered 3-node flow, every run and node run persisted, no external call'
          : 'the same with a helpdesk ticket created through the connection per run',
      goal: name === 'plain' ? 1.0 : 0.5,
      engine: {
        rps: engineRps,
        accepted: ours['2xx'],
        completed,
        non2xx: ours.non2xx,
        acceptP99: ours.latency.p99,
        endToEndP50: percentile(endToEnd, 50),
        endToEndP99: percentile(endToEnd, 99),
        cpuUsPerRun: (cpu * 1000) / Math.max(1, completed)
      },
      baseline: {
        rps: base.requests.total / duration,
        p99: base.latency.p99,
        cpuUsPerRun: (baseCpu * 1000) / Math.max(1, base.requests.total)
      },
      ratio: engineRps / (base.requests.total / duration)
    })
  }
  await stop(engine.child)
  await stop(baseline.child)

  const runs = db.prepare('SELECT count(*) AS n FROM flow_runs').get().n
  const completedAll = db.prepare("SELECT count(*) AS n FROM flow_runs WHERE state = 'completed'").get().n
  const nodeRuns = db.prepare('SELECT count(*) AS n FROM flow_node_runs').get().n
  const ticketRuns = db
    .prepare('SELECT count(*) AS n FROM flow_runs WHERE flow_instance_id = ?')
    .get(instances.ticket).n
  const account = db.prepare("SELECT id FROM sandbox_accounts WHERE app = 'helpdesk' AND name = ?").get(DESK_ACCOUNT)
  const tickets = db
    .prepare(
      "SELECT count(*) AS n FROM sandbox_records WHERE account_id = ? AND collection = 'tickets' AND json_extract(data, '$.requesterEmail') = 'ada@example.com'"
    )
    .get(account.id).n
  db.close()
  const ok =
    completedAll === runs && nodeRuns === runs * 3 && tickets === ticketRuns && rows.every((r) => r.engine.non2xx === 0)
  writeJson({
    bench: 'flows',
    date: new Date().toISOString(),
    node: process.version,
    duration,
    connections,
    rows,
    check: ok
  })

  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  console.log(`\nFlow benchmark — ${connections} connections, ${duration} s per flow after ${warmup} s warm-up`)
  console.log(
    '| flow | engine runs/s | end to end p99 | CPU/run | baseline runs/s | p99 | CPU/run | engine / baseline |'
  )
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows)
    console.log(
      `| ${r.name} | ${fmt(r.engine.rps)} | ${r.engine.endToEndP99} ms | ${fmt(r.engine.cpuUsPerRun)} µs | ${fmt(r.baseline.rps)} | ${r.baseline.p99} ms | ${fmt(r.baseline.cpuUsPerRun)} µs | ${r.ratio.toFixed(2)}× |`
    )
  console.log(
    ok
      ? `check: all ${runs} runs completed with 3 node runs each; ${tickets} tickets for ${ticketRuns} ticket runs`
      : `check FAILED: ${completedAll}/${runs} completed, ${nodeRuns} node runs, ${tickets} tickets for ${ticketRuns} ticket runs`
  )
  if (!ok) process.exitCode = 1
}

run(main)
