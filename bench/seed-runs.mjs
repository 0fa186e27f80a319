// Seeds a workbench database with many flow runs and node runs by direct SQL in big
// transactions (no engine involved): 1,000,000 runs and 3,000,000 node runs by default, spread
// over the last 25 days (inside the default 30-day retention), 200 instances, 20 customers,
// 3 integrations, 5% failed.
//   node bench/seed-runs.mjs <data-dir> [--runs 1000000]
// The data folder must hold a database the engine created (bench/runs.mjs starts it once first).
import { closeSync, fsyncSync, openSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { flag } from './lib/common.mjs'

export function seedRuns(dataDir, runs) {
  const db = new Database(join(dataDir, 'workbench.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const now = Date.now()
  const span = 25 * 86_400_000
  const customers = []
  const insertCustomer = db.prepare(
    "INSERT INTO customers (id, internal_id, name, fields, is_test, created_at, updated_at) VALUES (?, ?, ?, '{}', 0, ?, ?)"
  )
  db.transaction(() => {
    for (let c = 0; c < 20; c++) {
      const id = `seedcust${String(c).padStart(16, '0')}`
      const at = new Date(now - span).toISOString()
      insertCustomer.run(id, `seed-${c}`, `Seed ${c}`, at, at)
      customers.push(id)
    }
  })()
  const run =
    db.prepare(`INSERT INTO flow_runs (id, flow_instance_id, customer_id, flow_id, universal_flow_id, integration_key,
    connection_id, name, start_node_key, state, input, output, errors, nodes, launched_by, repeat_of, meta, created_at, started_at, ended_at)
    VALUES (?, ?, ?, NULL, NULL, ?, ?, 'Seeded flow', 'trigger', ?, ?, ?, ?, ?, '{"type":"api-trigger"}', NULL, NULL, ?, ?, ?)`)
  const node =
    db.prepare(`INSERT INTO flow_node_runs (id, run_id, idx, node_key, node_type, status, input, outputs, upstream,
    iteration, logs, errors, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)`)
  const nodes = ['trigger', 'shape', 'ticket']
  const types = ['api-trigger', 'transform-data', 'create-data-record']
  const integrations = ['helpdesk', 'crm', 'billing']
  const summary = JSON.stringify(nodes.map((key) => ({ key, status: 'completed' })))
  const BATCH = 50_000
  for (let start = 0; start < runs; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(runs, start + BATCH); i++) {
        const id = `seedrun${String(i).padStart(17, '0')}`
        const at = new Date(now - span + Math.floor((i / runs) * span)).toISOString()
        const failed = i % 20 === 7
        const instance = i % 200
        run.run(
          id,
          `seedinst${String(instance).padStart(16, '0')}`,
          customers[instance % 20],
          integrations[instance % 3],
          `seedconn${String(instance % 40).padStart(16, '0')}`,
          failed ? 'failed' : 'completed',
          `{"email":"ada@example.com","order":${i}}`,
          failed ? null : `{"id":"t-${i}"}`,
          failed ? '[{"message":"The helpdesk answered 503"}]' : null,
          summary,
          at,
          at,
          at
        )
        for (let n = 0; n < 3; n++)
          node.run(
            `${id}n${n}`,
            id,
            n,
            nodes[n],
            types[n],
            failed && n === 2 ? 'failed' : 'completed',
            `{"order":${i}}`,
            `[{"order":${i}}]`,
            failed && n === 2 ? '[{"message":"503"}]' : null,
            at,
            1.5
          )
      }
    })()
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  // The seed writes with synchronous=OFF: ~1.5 GB the kernel has not written yet. Flushed here,
  // or the engine's first checkpoint (an fsync of this file) pays for it: one 450-550 ms pause
  // about a second into the measured start, which was the runs list's "p99" in earlier tables.
  const fd = openSync(join(dataDir, 'workbench.sqlite'), 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2]
  if (!dir || dir.startsWith('--')) throw new Error('usage: node bench/seed-runs.mjs <data-dir> [--runs N]')
  const n = Math.min(flag('runs', 1_000_000), 5_000_000)
  const t0 = performance.now()
  seedRuns(dir, n)
  console.log(`seeded ${n} runs and ${3 * n} node runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}
