import { MembraneClient } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adHocFlow, finalRun, startRun } from '../support/flow-helpers'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let token: string
let twoTriggers: string

beforeAll(async () => {
  server = await startTestServer()
  token = await server.customerToken('run-api')
  twoTriggers = await adHocFlow(server, token, {
    api: { type: 'api-trigger', links: [{ key: 'echo' }] },
    byHand: { type: 'manual-trigger', config: { defaultInput: { from: 'default' } }, links: [{ key: 'echo' }] },
    nightly: { type: 'schedule-trigger', config: { cron: '0 2 * * *', timezone: 'UTC' }, links: [{ key: 'echo' }] },
    echo: {
      type: 'transform-data',
      config: { output: { $jsonata: '$merge([input.api, input.byHand, input.nightly])' } }
    }
  })
})
afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

describe('POST /flow-runs and run reads', () => {
  it('starts at the only API trigger by default, at any named trigger, and never at a step', async () => {
    const byDefault = await startRun(server, token, twoTriggers, { from: 'api' })
    expect(byDefault.startNodeKey).toBe('api')
    expect((await server.call('GET', `/flow-runs/${byDefault.id}/output`, { token })).body).toEqual({ from: 'api' })

    const manual = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: twoTriggers, startNodeKey: 'byHand' }
    })
    expect(manual.body).toMatchObject({ startNodeKey: 'byHand', launchedBy: { type: 'manual' } })
    await finalRun(server, token, manual.body.id)
    expect((await server.call('GET', `/flow-runs/${manual.body.id}/output`, { token })).body).toEqual({
      from: 'default'
    })

    const viaAlias = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: twoTriggers, nodeKey: 'nightly', input: { from: 'test' } }
    })
    expect(viaAlias.body.startNodeKey).toBe('nightly')

    const step = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: twoTriggers, startNodeKey: 'echo' }
    })
    expect(step.status).toBe(400)
    expect(step.body.message).toBe(
      'Node "echo" is a transform-data step, not a trigger: runs start at a trigger ("api", "byHand", "nightly").'
    )
    const missingNode = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: twoTriggers, startNodeKey: 'nope' }
    })
    expect(missingNode.body.data.errors).toEqual([{ path: 'startNodeKey', message: 'no such node' }])
  })

  it('answers bad requests with the error body naming the field', async () => {
    const missing = await server.call('POST', '/flow-runs', { token, body: { input: {} } })
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({
      type: 'bad_request',
      key: 'invalid_data',
      data: { errors: [{ path: 'flowInstanceId', message: 'flowInstanceId is required' }] }
    })
    const unknown = await server.call('POST', '/flow-runs', { token, body: { flowInstanceId: 'nope' } })
    expect(unknown.status).toBe(404)
    expect(unknown.body.message).toBe('No flow instance with id "nope".')
    expect((await server.call('GET', '/flow-runs/nope', { token })).status).toBe(404)
    const badState = await server.call('GET', '/flow-runs?state=done', { token })
    expect(badState.body.message).toMatch(/state must be one of queued, running, completed, failed, stopped/)
    const badDate = await server.call('GET', '/flow-runs?from=yesterday', { token })
    expect(badDate.body.data.errors[0].path).toBe('from')
    const badLimit = await server.call('GET', '/flow-runs?limit=5000', { token })
    expect(badLimit.body.message).toMatch(/limit must be an integer from 1 to 1000/)
  })

  it('filters runs by time and reads node outputs through the SDK', async () => {
    const run = await startRun(server, token, twoTriggers, { from: 'window' })
    await finalRun(server, token, run.id)
    const inWindow = (
      await server.call('GET', `/flow-runs?flowInstanceId=${twoTriggers}&from=${encodeURIComponent(run.startTime)}`, {
        token
      })
    ).body.items
    expect(inWindow.map((r: any) => r.id)).toContain(run.id)
    const before = (
      await server.call('GET', `/flow-runs?flowInstanceId=${twoTriggers}&to=${encodeURIComponent(run.startTime)}`, {
        token
      })
    ).body.items
    expect(before.map((r: any) => r.id)).not.toContain(run.id)

    const client = new MembraneClient({ token, apiUri: server.url })
    const outputs: any = await client.flowRun(run.id).getNodeOutputs('echo', {})
    expect(outputs.items).toEqual([{ id: expect.any(String), data: { from: 'window' } }])
    expect(await client.flowRun(run.id).getNodeOutput('echo', outputs.items[0].id)).toEqual({
      id: outputs.items[0].id,
      data: { from: 'window' }
    })
  })
})
