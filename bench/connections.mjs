// Connection benchmark: calls through a connection (token check, connection lookup, credential
// unsealing, a real HTTP request to the sandbox app, the answer passed back) against the same
// sandbox API called directly with its API key, in the same run, on 127.0.0.1 only. Bounded.
//   npm run bench:connections      (BENCH_SECONDS=5 BENCH_CONNECTIONS=10 by default)
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { SignJWT } from 'jose'
import { ensureBuilt } from '../scripts/ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const dataDir = mkdtempSync(join(tmpdir(), 'wb-bench-conn-'))
let child

async function load(url, options) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options })
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

async function main() {
  ensureBuilt()
  const workspaceKey = 'bench-workspace'
  const secret = 'bench-secret-0123456789abcdef0123456789'
  child = spawn(
    process.execPath,
    [
      join(root, 'out', 'main', 'headless.js'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--workspace-key',
      workspaceKey,
      '--workspace-secret',
      secret
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WORKBENCH_LOG_LEVEL: 'error' }
    }
  )
  const base = await new Promise((ok, fail) => {
    let out = ''
    const onData = (d) => {
      out += d
      const m = out.match(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
      if (m) ok(m[1])
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => fail(new Error(`server exited ${code}:\n${out}`)))
  })

  const exp = Math.floor(Date.now() / 1000) + 3600
  const sign = (claims) =>
    new SignJWT({ ...claims, iss: workspaceKey, exp })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret))
  const admin = await sign({ isAdmin: true })
  const customer = await sign({ id: 'bench-customer', name: 'Bench' })
  const call = async (method, path, token, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body)
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  // A generous rate limit: this measures the engine, not the sandbox's 429s.
  await call('PATCH', '/sandbox-apps/helpdesk', admin, { rateLimit: { requests: 1_000_000, windowSeconds: 60 } })
  const { apiKey } = await call('POST', '/sandbox-apps/helpdesk/api-keys', admin, { accountName: 'Bench Desk' })
  await call('POST', '/connections', customer, { integrationKey: 'helpdesk', input: { apiKey } })

  const direct = { headers: { 'x-api-key': apiKey } }
  const viaEngine = { headers: { authorization: `Bearer ${customer}` } }
  const list = {
    method: 'POST',
    headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 5 })
  }
  await autocannon({
    url: `${base}/connections/helpdesk/proxy/tickets?limit=5`,
    connections: CONNECTIONS,
    duration: 1,
    ...viaEngine
  })

  const rows = [
    [
      'sandbox API directly: GET /sandbox/helpdesk/api/tickets?limit=5',
      await load(`${base}/sandbox/helpdesk/api/tickets?limit=5`, direct)
    ],
    [
      'through the connection: GET /connections/helpdesk/proxy/tickets?limit=5',
      await load(`${base}/connections/helpdesk/proxy/tickets?limit=5`, viaEngine)
    ],
    [
      'data collection: POST /connections/helpdesk/data/tickets/list',
      await load(`${base}/connections/helpdesk/data/tickets/list`, list)
    ]
  ]
  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  console.log(
    `\nConnection benchmark — ${CONNECTIONS} connections, ${SECONDS} s per run, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
  )
  console.log('| call | req/s | p50 | p99 |')
  console.log('|---|---:|---:|---:|')
  for (const [name, r] of rows) console.log(`| ${name} | ${fmt(r.rps)} | ${r.p50} ms | ${r.p99} ms |`)
  console.log(
    `\nA call through a connection makes two HTTP requests (caller → engine → sandbox app), so at most half the direct rate is possible.`
  )
}

main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => {
    child?.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })
