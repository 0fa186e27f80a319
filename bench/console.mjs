// Console figures on 127.0.0.1, short and bounded:
//  - the console API searching and paging 100,000 customers (what the customers page asks for),
//  - checking a field schema against all of them (the schema editor's preview),
//  - GET /self throughput with the activity log recording every call,
//  - what live pages poll: changes.get (every 1.5 s while a list is shown) and runs.get of a
//    three-node run (every 400 ms while a run is in flight; nothing once it is final).
// Usage: npm run bench:console [-- --compare <checkout with out/main/headless.js>] [--seconds 5]
// --compare runs GET /self against another build too (e.g. a checkout without the activity hook).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import BetterSqlite3 from 'better-sqlite3'
import { ensureBuilt } from '../scripts/ensure-built.mjs'

const args = process.argv.slice(2)
const flag = (name) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const SECONDS = Number(flag('seconds') ?? 5)
const CUSTOMERS = 100_000
const root = resolve(import.meta.dirname, '..')

/** Starts a headless build on a free port; resolves with its addresses once the banner is printed. */
function startServer(checkout, dataDir) {
  const child = spawn(
    process.execPath,
    [join(checkout, 'out', 'main', 'headless.js'), '--port', '0', '--data-dir', dataDir],
    {
      env: { ...process.env, WORKBENCH_LOG_LEVEL: 'error' }
    }
  )
  let out = ''
  return new Promise((resolvePromise, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (!out.includes('Press Ctrl-C')) return
      const api = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)[1]
      const secret = /#secret=([\w-]+)/.exec(out)?.[1]
      const token = out.trim().split('\n').at(-2).trim()
      resolvePromise({ child, api, secret, token })
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
}

function stop(server) {
  return new Promise((r) => {
    server.child.removeAllListeners('exit')
    server.child.once('exit', r)
    server.child.kill('SIGTERM')
  })
}

/** Writes customers straight into the real schema in one transaction (a fixture, not the code under test). */
function seed(dataDir) {
  const db = new BetterSqlite3(join(dataDir, 'workbench.sqlite'))
  const insert = db.prepare(
    `INSERT INTO customers (id, internal_id, name, fields, is_test, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)`
  )
  const now = new Date().toISOString()
  const plans = ['free', 'pro', 'enterprise']
  db.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      insert.run(
        randomBytes(12).toString('hex'),
        `cust-${i}`,
        `Customer ${i}`,
        JSON.stringify({ plan: plans[i % 3], seats: (i % 40) + 1 }),
        now,
        now
      )
    }
  })()
  db.close()
}

/** CPU time the server process used so far, in ms (Linux); throughput on a shared machine is noisy, CPU per request is not. */
function cpuMs(pid) {
  const file = `/proc/${pid}/stat`
  if (!existsSync(file)) return undefined
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

async function measure(title, server, options) {
  await autocannon({ connections: 10, duration: 1, ...options })
  const before = cpuMs(server.child.pid)
  const result = await autocannon({ connections: 10, duration: SECONDS, ...options })
  const after = cpuMs(server.child.pid)
  const line = {
    what: title,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'cpu µs/req': before === undefined ? undefined : Math.round(((after - before) * 1000) / result.requests.total),
    non2xx: result.non2xx,
    errors: result.errors
  }
  console.log(JSON.stringify(line))
  return line
}

async function consoleCall(server, method, input) {
  const started = performance.now()
  const response = await fetch(`${server.api}/console-api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workbench-console-secret': server.secret },
    body: JSON.stringify(input ?? null)
  })
  const body = await response.json()
  return { ms: Math.round((performance.now() - started) * 10) / 10, body }
}

ensureBuilt()
const dataDir = mkdtempSync(join(tmpdir(), 'workbench-bench-'))
try {
  let server = await startServer(root, dataDir)
  await stop(server)
  seed(dataDir)
  server = await startServer(root, dataDir)
  console.log(
    `Integration Workbench console bench: ${CUSTOMERS.toLocaleString('en')} customers, ${SECONDS} s per run, 10 connections, Node ${process.versions.node}`
  )

  const consoleHeaders = { 'content-type': 'application/json', 'x-workbench-console-secret': server.secret }
  const search = await consoleCall(server, 'customers.list', { search: 'Customer 54321', limit: 200 })
  const miss = await consoleCall(server, 'customers.list', { search: 'no such customer', limit: 200 })
  const check = await consoleCall(server, 'fieldSchema.check', {
    schema: { type: 'object', properties: { plan: { type: 'string', enum: ['free', 'pro'] } }, required: ['plan'] }
  })
  console.log(
    JSON.stringify({ what: 'one search hit among all (cold)', ms: search.ms, items: search.body.items.length })
  )
  console.log(JSON.stringify({ what: 'search with no match (scans all)', ms: miss.ms }))
  console.log(
    JSON.stringify({
      what: 'field schema check of all customers',
      ms: check.ms,
      invalid: check.body.invalidCount,
      checked: check.body.checkedCount
    })
  )

  await measure('console customers.list, first page of 200', server, {
    url: `${server.api}/console-api/customers.list`,
    method: 'POST',
    headers: consoleHeaders,
    body: '{"limit":200}'
  })
  await measure('console customers.list, search "Customer 54321"', server, {
    url: `${server.api}/console-api/customers.list`,
    method: 'POST',
    headers: consoleHeaders,
    body: '{"search":"Customer 54321","limit":200}'
  })
  await measure('REST GET /self (activity log on)', server, {
    url: `${server.api}/self`,
    headers: { authorization: `Bearer ${server.token}` }
  })

  // live pages: the change counters every page polls, and the run view the run page polls in flight
  const asTestCustomer = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }
  const created = await fetch(`${server.api}/flow-instances`, {
    method: 'POST',
    headers: asTestCustomer,
    body: JSON.stringify({
      name: 'Bench flow',
      nodes: {
        trigger: { type: 'manual-trigger', links: [{ key: 'shape' }] },
        shape: {
          type: 'transform-data',
          config: { output: { hi: { $jsonata: "'Hello ' & input.trigger.name" } } },
          links: [{ key: 'code' }]
        },
        code: {
          type: 'run-javascript',
          config: { code: 'export default ({ input }) => ({ n: input.shape.hi.length })' }
        }
      }
    })
  }).then((r) => r.json())
  const run = await fetch(`${server.api}/flow-runs`, {
    method: 'POST',
    headers: asTestCustomer,
    body: JSON.stringify({ flowInstanceId: created.id, input: { name: 'Ada' } })
  }).then((r) => r.json())
  if (!run.id) throw new Error(`could not start the bench run: ${JSON.stringify(created)} ${JSON.stringify(run)}`)
  for (let i = 0; i < 50 && (await consoleCall(server, 'runs.get', { id: run.id })).body.run.state !== 'completed'; i++)
    await new Promise((r) => setTimeout(r, 100))
  const changes = await measure('console changes.get (live pages, every 1.5 s)', server, {
    url: `${server.api}/console-api/changes.get`,
    method: 'POST',
    headers: consoleHeaders,
    body: 'null'
  })
  const runView = await measure('console runs.get, 3-node run (run page, every 0.4 s in flight)', server, {
    url: `${server.api}/console-api/runs.get`,
    method: 'POST',
    headers: consoleHeaders,
    body: JSON.stringify({ id: run.id })
  })
  if (changes['cpu µs/req'] !== undefined) {
    console.log(
      JSON.stringify({
        what: 'cost of live updates, share of one core',
        'idle list page': `${((changes['cpu µs/req'] / 1_500_000) * 100).toFixed(4)} %`,
        'run page, run in flight': `${((runView['cpu µs/req'] / 400_000) * 100).toFixed(3)} %`
      })
    )
  }
  await stop(server)

  const compare = flag('compare')
  if (compare) {
    const otherDir = mkdtempSync(join(tmpdir(), 'workbench-bench-'))
    const other = await startServer(resolve(compare), otherDir)
    await measure(`REST GET /self (${compare})`, other, {
      url: `${other.api}/self`,
      headers: { authorization: `Bearer ${other.token}` }
    })
    await stop(other)
    rmSync(otherDir, { recursive: true, force: true })
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
