import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adHocFlow, finalRun } from '../support/flow-helpers'
import { eventually } from '../support/http-target'
import { createManualClock, type ManualClock } from '../support/manual-clock'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let clock: ManualClock

beforeAll(async () => {
  clock = createManualClock('2026-03-02T07:58:00.000Z')
  server = await startTestServer({ clock, engineOptions: { flows: { schedulerTickMs: 20 } } })
})
afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

async function runsOf(token: string, instanceId: string): Promise<any[]> {
  await server.engine.flowRuns.whenWritten()
  return (await server.call('GET', `/flow-runs?flowInstanceId=${instanceId}`, { token })).body.items
}

/** Ticks the scheduler now (deterministic) and lets the started runs be written. */
async function tickNow(): Promise<void> {
  server.engine.flowSchedules.tick()
  await new Promise((r) => setImmediate(r))
  await server.engine.flowRuns.whenWritten()
}

describe('schedule trigger under the engine clock', () => {
  it('fires every N minutes of engine time, once per due time, with {scheduledAt, firedAt}', async () => {
    const token = await server.customerToken('scheduled')
    const id = await adHocFlow(server, token, {
      every5: { type: 'schedule-trigger', config: { intervalMinutes: 5 }, links: [{ key: 'stamp' }] },
      stamp: { type: 'transform-data', config: { output: { at: { $var: 'input.every5.scheduledAt' } } } }
    })
    await server.engine.flowSchedules.settled()

    clock.advance(4 * 60_000)
    await tickNow()
    expect(await runsOf(token, id)).toEqual([])

    clock.advance(60_000)
    const [run] = await eventually(
      async () => {
        const runs = await runsOf(token, id)
        return runs.length ? runs : undefined
      },
      5000,
      'the scheduled run'
    )
    expect(run.launchedBy).toEqual({ type: 'schedule-trigger', ids: ['every5'] })
    const done = await finalRun(server, token, run.id)
    expect(done.input).toEqual({
      scheduledAt: '2026-03-02T08:03:00.000Z',
      firedAt: expect.stringMatching(/^2026-03-02T08:03:/)
    })
    expect((await server.call('GET', `/flow-runs/${run.id}/output`, { token })).body).toEqual({
      at: '2026-03-02T08:03:00.000Z'
    })

    await tickNow()
    expect(await runsOf(token, id)).toHaveLength(1)

    clock.advance(60 * 60_000)
    await tickNow()
    expect(await runsOf(token, id)).toHaveLength(2)
  })

  it('follows a cron pattern in its time zone and stops firing while the instance is disabled', async () => {
    clock.set('2026-03-03T07:59:30.000Z')
    const token = await server.customerToken('cron-user')
    const id = await adHocFlow(server, token, {
      morning: {
        type: 'schedule-trigger',
        config: { cron: '0 9 * * *', timezone: 'Europe/Berlin' },
        links: [{ key: 'x' }]
      },
      x: { type: 'transform-data', config: { output: 'good morning' } }
    })
    await server.engine.flowSchedules.settled()
    expect(server.engine.flowSchedules.upcoming().find((s) => s.instanceId === id)).toMatchObject({
      nextAt: '2026-03-03T08:00:00.000Z',
      describe: 'cron "0 9 * * *" (Europe/Berlin)'
    })

    await server.call('PATCH', `/flow-instance?id=${id}`, { token, body: { enabled: false } })
    await server.engine.flowSchedules.settled()
    clock.advance(60_000)
    await tickNow()
    expect(await runsOf(token, id)).toEqual([])

    await server.call('PATCH', `/flow-instance?id=${id}`, { token, body: { enabled: true } })
    await server.engine.flowSchedules.settled()
    clock.set('2026-03-04T08:00:00.000Z')
    await tickNow()
    const runs = await runsOf(await server.customerToken('cron-user'), id)
    expect(runs).toHaveLength(1)
    expect(runs[0].input.scheduledAt).toBe('2026-03-04T08:00:00.000Z')
  })

  it('a disabled instance can still be run through the API', async () => {
    const token = await server.customerToken('manual-runner')
    const id = await adHocFlow(
      server,
      token,
      {
        tick: { type: 'schedule-trigger', config: { intervalMinutes: 60 }, links: [{ key: 'x' }] },
        x: { type: 'transform-data', config: { output: { $var: 'input.tick' } } }
      },
      { enabled: false }
    )
    const run = (
      await server.call('POST', '/flow-runs', { token, body: { flowInstanceId: id, input: { firedAt: 'by hand' } } })
    ).body
    expect((await finalRun(server, token, run.id)).state).toBe('completed')
  })
})
