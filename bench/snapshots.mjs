// Snapshot benchmark: export and import of a workspace with many customers, each with a
// connection (credentials sealed with the passphrase), through the real CLI on real data
// folders. Prints the time the CLI measured for the work itself and the wall time with process start.
//   npm run bench:snapshots          (BENCH_CUSTOMERS=10000 by default)
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SignJWT } from 'jose'
import { ensureBuilt } from '../scripts/ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out', 'main', 'cli.js')
const N = Number(process.env.BENCH_CUSTOMERS ?? 10_000)
const PASSPHRASE = 'bench-passphrase-123'
const work = mkdtempSync(join(tmpdir(), 'wb-snapbench-'))
const env = { ...process.env, BENCH_PASS: PASSPHRASE, WORKBENCH_LOG_LEVEL: 'error' }

function run(args) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [cli, 'workbench', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env })
  const wall = performance.now() - t0
  if (r.status !== 0) throw new Error(`workbench ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  const inner = Number(/in (\d+\.\d+) s/.exec(r.stdout + r.stderr)?.[1]) * 1000
  return { wall, inner, out: r.stdout + r.stderr }
}

/** One real customer with a real helpdesk connection, exported with its sealed credentials. */
async function template() {
  const dataDir = join(work, 'template')
  const workspaceKey = 'bench-workspace'
  const secret = 'bench-secret-0123456789abcdef0123456789'
  const child = spawn(
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
    { stdio: ['ignore', 'pipe', 'pipe'], env }
  )
  try {
    const base = await new Promise((ok, fail) => {
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
        const m = out.match(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
        if (m) ok(m[1])
      })
      child.on('exit', (code) => fail(new Error(`server exited ${code}:\n${out}`)))
    })
    const exp = Math.floor(Date.now() / 1000) + 3600
    const sign = (claims) =>
      new SignJWT({ ...claims, iss: workspaceKey, exp })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(secret))
    const call = async (method, path, token, body) => {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body && JSON.stringify(body)
      })
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return res.json()
    }
    const admin = await sign({ isAdmin: true })
    const { apiKey } = await call('POST', '/sandbox-apps/helpdesk/api-keys', admin, { accountName: 'Bench Desk' })
    await call('POST', '/connections', await sign({ id: 'template', name: 'Template', fields: { plan: 'pro' } }), {
      integrationKey: 'helpdesk',
      input: { apiKey }
    })
    return await call('POST', '/snapshots/export', admin, { passphrase: PASSPHRASE })
  } finally {
    child.kill('SIGTERM')
  }
}

try {
  ensureBuilt()
  const file = await template()
  const customer = file.customers.find((c) => c.internalId === 'template')
  const connection = file.connections.find((c) => c.customerRef === customer.ref)
  file.customers = file.customers.filter((c) => c !== customer)
  file.connections = []
  for (let i = 0; i < N; i++) {
    const ref = `c${i}`
    file.customers.push({
      ...customer,
      ref,
      internalId: `customer-${String(i).padStart(6, '0')}`,
      name: `Customer ${i}`,
      fields: { plan: i % 3 ? 'pro' : 'free', seats: i % 50 }
    })
    file.connections.push({ ...connection, ref: `k${i}`, customerRef: ref })
  }
  const seed = join(work, 'seed.json')
  writeFileSync(seed, JSON.stringify(file))

  const a = join(work, 'a')
  const importA = run(['import', seed, '--replace-workspace', '--passphrase-env', 'BENCH_PASS', '--data-dir', a])
  const exportA = run(['export', '--data-dir', a, '--passphrase-env', 'BENCH_PASS', '--out', join(work, 'a.json')])
  const exported = JSON.parse(readFileSync(join(work, 'a.json'), 'utf8'))
  if (exported.connections.filter((c) => c.status === 'connected').length !== N)
    throw new Error('the export lost connections')
  const b = join(work, 'b')
  const importB = run([
    'import',
    join(work, 'a.json'),
    '--replace-workspace',
    '--passphrase-env',
    'BENCH_PASS',
    '--data-dir',
    b
  ])
  const size = statSync(join(work, 'a.json')).size

  const fmt = (r) => `${(r.inner / 1000).toFixed(2)} s (${(r.wall / 1000).toFixed(2)} s with process start)`
  console.log(
    `\nSnapshot benchmark — ${N.toLocaleString('en-US')} customers, each with a connected helpdesk connection (credentials sealed), file ${(size / 1024 / 1024).toFixed(1)} MB, node ${process.version}`
  )
  console.log(`| step | time |\n|---|---:|`)
  console.log(`| import into an empty workspace | ${fmt(importA)} |`)
  console.log(`| export the whole workspace | ${fmt(exportA)} |`)
  console.log(`| import that export elsewhere | ${fmt(importB)} |`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
