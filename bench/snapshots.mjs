// Snapshot benchmark: export and import of a workspace with many customers (and everything they
// own), through the real CLI on real data folders. Prints the time the CLI measured for the work
// itself and the wall time including process start.
//   npm run bench:snapshots          (BENCH_CUSTOMERS=10000 by default)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuilt } from '../scripts/ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out', 'main', 'cli.js')
const N = Number(process.env.BENCH_CUSTOMERS ?? 10_000)
const work = mkdtempSync(join(tmpdir(), 'wb-snapbench-'))

function run(args) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [cli, 'workbench', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const wall = performance.now() - t0
  if (r.status !== 0) throw new Error(`workbench ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  const inner = Number(/in (\d+\.\d+) s/.exec(r.stdout + r.stderr)?.[1]) * 1000
  return { wall, inner, out: r.stdout + r.stderr }
}

try {
  ensureBuilt()
  // A synthetic whole-workspace snapshot: a starting point built without the engine, so the
  // measured import is the first time these rows meet the database.
  const empty = join(work, 'empty')
  run(['export', '--data-dir', empty, '--out', join(work, 'empty.json')])
  const base = JSON.parse(readFileSync(join(work, 'empty.json'), 'utf8'))
  for (let i = 0; i < N; i++) {
    base.customers.push({
      ref: `c${i}`,
      internalId: `customer-${String(i).padStart(6, '0')}`,
      name: `Customer ${i}`,
      fields: { plan: i % 3 ? 'pro' : 'free', seats: i % 50, region: ['eu', 'us', 'apac'][i % 3] },
      isTest: false
    })
  }
  const seed = join(work, 'seed.json')
  writeFileSync(seed, JSON.stringify(base))

  const a = join(work, 'a')
  const importA = run(['import', seed, '--replace-workspace', '--data-dir', a])
  const exportA = run(['export', '--data-dir', a, '--out', join(work, 'a.json')])
  const b = join(work, 'b')
  const importB = run(['import', join(work, 'a.json'), '--replace-workspace', '--data-dir', b])
  const size = statSync(join(work, 'a.json')).size

  const fmt = (r) => `${(r.inner / 1000).toFixed(2)} s (${(r.wall / 1000).toFixed(2)} s with process start)`
  console.log(`\nSnapshot benchmark — ${N.toLocaleString('en-US')} customers, file ${(size / 1024 / 1024).toFixed(1)} MB, node ${process.version}`)
  console.log(`| step | time |\n|---|---:|`)
  console.log(`| import into an empty workspace | ${fmt(importA)} |`)
  console.log(`| export the whole workspace | ${fmt(exportA)} |`)
  console.log(`| import that export elsewhere | ${fmt(importB)} |`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
