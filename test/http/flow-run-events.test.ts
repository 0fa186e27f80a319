import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adHocFlow, finalRun, nodeRuns, startRun } from '../support/flow-helpers'
import { createGate, eventually, startHttpTarget, type HttpTarget } from '../support/http-target'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

const SECRET = 'events-secret-0123456789abcdef0123'
let server: TestServer
let hooks: HttpTarget
let slow: HttpTarget

beforeAll(async () => {
  server = await startTestServer({ workspaceSecret: SECRET, engineOptions: { webhooks: { retryDelaysMs: [50, 50] } } })
  hooks = await startHttpTarget()
  slow = await startHttpTarget()
})
afterAll(async () => {
  await server.stop()
  await hooks.close()
  await slow.close()
  removeTempDirs()
})

describe('run events and limits', () => {
  it('sends flowRun.queued, started and completed / failed / stopped to the workspace webhook, signed', async () => {
    const admin = await server.adminToken()
    await server.call('PATCH', '/workspace', { token: admin, body: { webhookUri: `${hooks.url}/hooks` } })
    const token = await server.customerToken('webhook-watcher')
    const ok = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'x' }] },
      x: { type: 'transform-data', config: { output: 1 } }
    })
    const fails = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'x' }] },
      x: { type: 'transform-data', config: { output: { $jsonata: '$error("nope")' } } }
    })

    const good = await startRun(server, token, ok, { a: 1 })
    await finalRun(server, token, good.id)
    const bad = await startRun(server, token, fails, {})
    await finalRun(server, token, bad.id)

    const eventsOf = (runId: string) =>
      hooks.received.filter((r) => (r.body as any).data.flowRun.id === runId).map((r) => (r.body as any).eventType)
    await eventually(() => eventsOf(good.id).length === 3 && eventsOf(bad.id).length === 3, 10_000, 'webhooks')
    expect(eventsOf(good.id)).toEqual(['flowRun.queued', 'flowRun.started', 'flowRun.completed'])
    expect(eventsOf(bad.id)).toEqual(['flowRun.queued', 'flowRun.started', 'flowRun.failed'])
    const completed = hooks.received.find((r) => (r.body as any).eventType === 'flowRun.completed')!
    expect((completed.body as any).data.flowRun).toMatchObject({
      id: good.id,
      state: 'completed',
      flowInstanceId: ok,
      connectionFlowId: ok
    })
    const raw = JSON.stringify(completed.body)
    expect(completed.headers['x-workbench-signature']).toBe(
      'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex')
    )
    await server.call('PATCH', '/workspace', { token: admin, body: { webhookUri: null } })
  })

  it('runs at most `concurrency` runs of an instance at once; the rest wait queued, in order', async () => {
    // the first call stays in flight until the states are checked: no delay to outlast
    const gate = createGate()
    slow.respond('/work', { hold: gate.promise, body: { done: true } })
    const token = await server.customerToken('one-at-a-time')
    const id = await adHocFlow(
      server,
      token,
      {
        trigger: { type: 'api-trigger', links: [{ key: 'call' }] },
        call: {
          type: 'custom-http-request',
          config: { request: { uri: `${slow.url}/work`, query: { n: { $var: 'input.trigger.n' } } } }
        }
      },
      { concurrency: 1 }
    )
    const runs = []
    for (let n = 0; n < 3; n++) runs.push(await startRun(server, token, id, { n }))
    expect(runs.map((r) => r.state)).toEqual(['running', 'queued', 'queued'])
    await slow.waitFor(1)
    expect((await server.call('GET', `/flow-runs/${runs[2].id}`, { token })).body.state).toBe('queued')
    gate.open()
    const done = []
    for (const run of runs) done.push(await finalRun(server, token, run.id))
    expect(done.map((r) => r.state)).toEqual(['completed', 'completed', 'completed'])
    expect(slow.received.filter((r) => r.path === '/work').map((r) => r.query.n)).toEqual(['0', '1', '2'])
    const calls = await Promise.all(
      done.map(async (r) => (await nodeRuns(server, token, r.id)).find((n) => n.nodeKey === 'call'))
    )
    for (let i = 1; i < calls.length; i++)
      expect(Date.parse(calls[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(done[i - 1].endTime!))
  })

  it('stopping a queued run ends it at once without running it', async () => {
    // the first run holds its call open until it is stopped: the second stays queued however slow the machine
    const gate = createGate()
    slow.respond('/hold', { hold: gate.promise })
    const token = await server.customerToken('queue-stopper')
    const id = await adHocFlow(
      server,
      token,
      {
        trigger: { type: 'api-trigger', links: [{ key: 'call' }] },
        call: { type: 'custom-http-request', config: { request: { uri: `${slow.url}/hold` } } }
      },
      { concurrency: 1 }
    )
    const first = await startRun(server, token, id, {})
    const second = await startRun(server, token, id, {})
    expect(second.state).toBe('queued')
    const stopped = await server.call('POST', `/flow-runs/${second.id}/stop`, { token })
    expect(stopped.body).toMatchObject({ id: second.id, state: 'stopped', nodes: {} })
    expect(await nodeRuns(server, token, second.id)).toEqual([])
    await server.call('POST', `/flow-runs/${first.id}/stop`, { token })
    gate.open()
    expect((await finalRun(server, token, first.id)).state).toBe('stopped')
    const again = await server.call('POST', `/flow-runs/${second.id}/stop`, { token })
    expect(again.body.state).toBe('stopped')
  })
})
