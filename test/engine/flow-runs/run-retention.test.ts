import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../src-main/engine'
import { openDatabase } from '../../../src-main/engine/db/database'
import { eventually, startHttpTarget } from '../../support/http-target'
import { createManualClock } from '../../support/manual-clock'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'
import { createTestEngine } from '../../support/test-engine'

afterAll(() => removeTempDirs())

const DAY = 86_400_000
const admin: Actor = { kind: 'admin' }

describe('run retention', () => {
  it('deletes finished runs past the age and per-instance limits with their node runs, in batches, while runs are written, and nothing else', async () => {
    const target = await startHttpTarget()
    target.respond('/hang', { delayMs: 60_000 })
    const dataDir = makeTempDir()
    const clock = createManualClock('2026-01-01T00:00:00.000Z')
    // The timer's first pass is far away: the test steps the batches itself.
    const engine = await createTestEngine({
      dataDir,
      clock,
      engineOptions: { runRetention: { firstDelayMs: 3_600_000, batchSize: 4, instancesPerBatch: 2 } }
    })
    const file = join(dataDir, 'workbench.sqlite')
    try {
      const customer = engine.customers.create({ name: 'Keeper', internalId: 'keeper' })
      const actor: Actor = { kind: 'customer', customer: { id: customer.id, internalId: customer.internalId } }
      const quick = (name: string) =>
        engine.flowInstances.create(actor, {
          name,
          nodes: {
            trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
            shape: { type: 'transform-data', config: { output: { n: { $var: 'input.trigger.n' } } } }
          }
        })
      const old = await quick('Old')
      const fresh = await quick('Fresh')
      const busy = await quick('Busy')
      const hanging = await engine.flowInstances.create(actor, {
        name: 'Hangs',
        nodes: {
          trigger: { type: 'api-trigger', links: [{ key: 'wait' }] },
          wait: { type: 'custom-http-request', config: { request: { uri: `${target.url}/hang` } } }
        }
      })
      const runAll = async (instanceId: string, count: number) => {
        const ids: string[] = []
        for (let n = 0; n < count; n++)
          ids.push((await engine.flowRuns.create(actor, { flowInstanceId: instanceId, input: { n } })).id)
        await eventually(
          () => ids.every((id) => engine.flowRuns.get(admin, id).state === 'completed'),
          10_000,
          'runs to complete'
        )
        return ids
      }

      // Day 0: ten runs of "Old" and one run that stays running.
      const oldRuns = await runAll(old.id, 10)
      const stuck = await engine.flowRuns.create(actor, { flowInstanceId: hanging.id, input: {} })
      await target.waitFor(1)
      // Day 40: five runs of "Fresh", twelve of "Busy".
      clock.advance(40 * DAY)
      const freshRuns = await runAll(fresh.id, 5)
      const busyRuns = await runAll(busy.id, 12)
      engine.workspace.patch({ runRetentionDays: 30, runRetentionPerInstance: 8 })
      expect(engine.workspace.get()).toMatchObject({ runRetentionDays: 30, runRetentionPerInstance: 8 })

      // Prune batch by batch; a new run of "Old" is written between batches.
      const written: string[] = []
      const batches: number[] = []
      for (let i = 0; i < 50; i++) {
        const batch = engine.runRetention.pruneBatch()
        batches.push(batch.deleted)
        written.push(...(await runAll(old.id, 1)))
        if (batch.done) break
      }
      expect(batches.every((n) => n <= 4)).toBe(true)
      expect(batches.filter((n) => n > 0).length).toBeGreaterThan(2)
      expect(batches.reduce((a, b) => a + b, 0)).toBe(10 + 4)

      const db = new BetterSqlite3(file, { readonly: true })
      try {
        const runIds = (instanceId: string) =>
          db
            .prepare('SELECT id FROM flow_runs WHERE flow_instance_id = ? ORDER BY seq')
            .all(instanceId)
            .map((r: any) => r.id)
        expect(runIds(old.id)).toEqual(written)
        expect(runIds(fresh.id)).toEqual(freshRuns)
        expect(runIds(busy.id)).toEqual(busyRuns.slice(4))
        expect(runIds(hanging.id)).toEqual([stuck.id])
        const nodeRunsOf = (ids: string[]) =>
          ids.reduce(
            (sum, id) =>
              sum + (db.prepare('SELECT count(*) AS n FROM flow_node_runs WHERE run_id = ?').get(id) as any).n,
            0
          )
        expect(nodeRunsOf([...oldRuns, ...busyRuns.slice(0, 4)])).toBe(0)
        expect(nodeRunsOf([...written, ...freshRuns, ...busyRuns.slice(4)])).toBe(
          2 * (written.length + freshRuns.length + 8)
        )
        expect(db.pragma('auto_vacuum', { simple: true })).toBe(2)
      } finally {
        db.close()
      }
      // Through the public API too: the pruned run is gone, a kept one is there.
      expect(() => engine.flowRuns.get(admin, oldRuns[0])).toThrow(/No flow run/)
      expect(engine.flowRuns.get(admin, busyRuns[11]).state).toBe('completed')

      // With no limits nothing is deleted.
      engine.workspace.patch({ runRetentionDays: null, runRetentionPerInstance: null })
      clock.advance(365 * DAY)
      expect(engine.runRetention.pruneAll()).toBe(0)
    } finally {
      await engine.close()
      await target.close()
    }
  })

  it('switches a database created without auto_vacuum to incremental once, keeping its data', () => {
    const file = join(makeTempDir(), 'old.sqlite')
    const before = new BetterSqlite3(file)
    before.pragma('journal_mode = WAL')
    before.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')")
    expect(before.pragma('auto_vacuum', { simple: true })).toBe(0)
    before.close()
    const db = openDatabase(file, { checkpointIntervalMs: 0 })
    try {
      expect(db.sqlite.pragma('auto_vacuum', { simple: true })).toBe(2)
      expect(db.sqlite.prepare('SELECT x FROM t').all()).toEqual([{ x: 'kept' }])
    } finally {
      void db.close()
    }
  })
})
