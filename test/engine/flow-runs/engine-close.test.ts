import { afterAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../src-main/engine'
import { startHttpTarget } from '../../support/http-target'
import { makeTempDir, removeTempDirs } from '../../support/temp-dir'
import { createTestEngine } from '../../support/test-engine'

afterAll(() => removeTempDirs())

describe('closing the engine', () => {
  it('gives running runs a grace period, then records them as failed (never left running) and fails queued ones', async () => {
    const target = await startHttpTarget()
    target.respond('/hang', { delayMs: 60_000 })
    const dataDir = makeTempDir()
    const engine = await createTestEngine({ dataDir, engineOptions: { flows: { closeGraceMs: 200 } } })
    try {
      const customer = engine.customers.create({ name: 'Closer', internalId: 'closer' })
      const actor: Actor = { kind: 'customer', customer: { id: customer.id, internalId: customer.internalId } }
      const instance = await engine.flowInstances.create(actor, {
        name: 'Hangs',
        concurrency: 1,
        nodes: {
          trigger: { type: 'api-trigger', links: [{ key: 'wait' }] },
          wait: { type: 'custom-http-request', config: { request: { uri: `${target.url}/hang` } } }
        }
      })
      const running = await engine.flowRuns.create(actor, { flowInstanceId: instance.id, input: {} })
      const queued = await engine.flowRuns.create(actor, { flowInstanceId: instance.id, input: {} })
      expect([running.state, queued.state]).toEqual(['running', 'queued'])
      await target.waitFor(1)
      await engine.close()

      const reopened = await createTestEngine({ dataDir })
      try {
        const admin: Actor = { kind: 'admin' }
        expect(reopened.flowRuns.get(admin, running.id)).toMatchObject({
          state: 'failed',
          errors: [{ message: 'The engine stopped while this run was running; repeat it after the restart.' }]
        })
        expect(reopened.flowRuns.get(admin, queued.id)).toMatchObject({
          state: 'failed',
          errors: [{ message: 'The engine stopped before this run started; repeat it after the restart.' }]
        })
        expect(reopened.logs.entries.filter((e) => e.message === 'marked interrupted flow runs as failed')).toEqual([])
      } finally {
        await reopened.close()
      }
    } finally {
      await engine.close()
      await target.close()
    }
  })
})
