import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adHocFlow, finalRun } from '../support/flow-helpers'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

const onOrder = (filter?: string) => ({
  trigger: {
    type: 'app-event-trigger',
    config: { appEventKey: 'order.created', ...(filter ? { filter } : {}) },
    links: [{ key: 'note' }]
  },
  note: {
    type: 'transform-data',
    config: { output: { order: { $var: 'input.trigger.id' }, by: { $var: 'user.internalId' } } }
  }
})

describe('app events from your app', () => {
  it('starts every enabled matching flow of the customer with the payload as input', async () => {
    const token = await server.customerToken('shop-1')
    const all = await adHocFlow(server, token, onOrder())
    const bigOnly = await adHocFlow(server, token, onOrder('payload.total > 100'))
    const disabled = await adHocFlow(server, token, onOrder(), { enabled: false })
    const otherEvent = await adHocFlow(server, token, {
      ...onOrder(),
      trigger: { ...onOrder().trigger, config: { appEventKey: 'order.refunded' } }
    })
    const elsewhere = await adHocFlow(server, await server.customerToken('shop-2'), onOrder())

    const small = await server.call('POST', '/app-events/order.created', { token, body: { id: 'o-1', total: 20 } })
    expect(small.status).toBe(200)
    expect(small.body).toMatchObject({ eventKey: 'order.created', launchedFlowRunIds: [expect.any(String)] })
    const run = await finalRun(server, token, small.body.launchedFlowRunIds[0])
    expect(run).toMatchObject({
      flowInstanceId: all,
      state: 'completed',
      launchedBy: { type: 'app-event-trigger', ids: [small.body.id] },
      input: { id: 'o-1', total: 20 }
    })
    expect((await server.call('GET', `/flow-runs/${run.id}/output`, { token })).body).toEqual({
      order: 'o-1',
      by: 'shop-1'
    })

    const big = await server.call('POST', '/app-events/order.created', { token, body: { id: 'o-2', total: 500 } })
    const instances = await Promise.all(
      big.body.launchedFlowRunIds.map(async (id: string) => (await finalRun(server, token, id)).flowInstanceId)
    )
    expect(instances.sort()).toEqual([all, bigOnly].sort())
    for (const id of [disabled, otherEvent])
      expect((await server.call('GET', `/flow-runs?flowInstanceId=${id}`, { token })).body.items).toEqual([])
    const admin = await server.adminToken()
    expect((await server.call('GET', `/flow-runs?flowInstanceId=${elsewhere}`, { token: admin })).body.items).toEqual(
      []
    )
  })

  it('takes the customer from ?customerId= with an admin token, and explains when it is missing', async () => {
    const token = await server.customerToken('shop-3')
    await adHocFlow(server, token, onOrder())
    const admin = await server.adminToken()
    const missing = await server.call('POST', '/app-events/order.created', { token: admin, body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toMatch(/add \?customerId=/)
    const sent = await server.call('POST', '/app-events/order.created?customerId=shop-3', {
      token: admin,
      body: { id: 'o-9' }
    })
    expect(sent.body.launchedFlowRunIds).toHaveLength(1)
    const badKey = await server.call('POST', '/app-events/order%20created', { token, body: {} })
    expect(badKey.status).toBe(400)
  })
})
