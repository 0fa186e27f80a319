import { AppEventLogRecordApiResponse, AppEventSubscriptionApiResponse, AppEventTypeApiResponse } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalRun } from '../support/flow-helpers'
import { startHttpTarget, type HttpTarget } from '../support/http-target'
import { bothSdks } from '../support/sdk-clients'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let yourApp: HttpTarget
let admin: string

const orderSchema = {
  type: 'object',
  required: ['orderId', 'customerId', 'total'],
  properties: { orderId: { type: 'string' }, customerId: { type: 'string' }, total: { type: 'number' } }
}

beforeAll(async () => {
  server = await startTestServer()
  yourApp = await startHttpTarget()
  admin = await server.adminToken()
  const patched = await server.call('PATCH', '/workspace', { token: admin, body: { apiBaseUri: `${yourApp.url}/api` } })
  expect(patched.status).toBe(200)
})
afterAll(async () => {
  await server.stop()
  await yourApp.close()
  removeTempDirs()
})

const clients = bothSdks(() => server.url)

const flowOn = (eventKey: string) => ({
  trigger: { type: 'app-event-trigger', config: { appEventKey: eventKey }, links: [{ key: 'note' }] },
  note: {
    type: 'transform-data',
    config: { output: { order: { $var: 'input.trigger.orderId' }, by: { $var: 'user.internalId' } } }
  }
})

describe.each(clients)('app events through $name', ({ name: sdkName, make: makeClient }) => {
  const key = `order-placed-${sdkName.replace(/[@/]/g, '')}`
  const flowKey = `on-${key}`

  it('your app gets the subscribe request when a flow with the trigger is deployed, posts to the webhookUri, and only that customer’s flow runs', async () => {
    const adminClient: any = makeClient(admin)
    const created = await adminClient.appEventTypes.create({
      key,
      name: 'Order placed',
      schema: orderSchema,
      example: { orderId: 'o-1', customerId: 'alice', total: 10 },
      userIdFormula: { $var: '$.customerId' },
      subscribeRequest: {
        method: 'POST',
        uri: '/subscriptions',
        body: { event: key, webhookUri: { $var: 'webhookUri' }, customer: { $var: 'user.internalId' } }
      }
    })
    expect(AppEventTypeApiResponse.parse(created)).toMatchObject({ key, name: 'Order placed' })
    expect(created.globalWebhookUri).toMatch(new RegExp(`^${server.url}/webhooks/app-events/`))
    const listed = await adminClient.appEventTypes.find()
    expect(listed.items.map((t: any) => AppEventTypeApiResponse.parse(t).key)).toContain(key)
    expect(AppEventTypeApiResponse.parse(await adminClient.appEventType(key).get())).toMatchObject({ id: created.id })

    await server.call('POST', '/flows', { token: admin, body: { key: flowKey, name: 'On order', nodes: flowOn(key) } })
    const before = yourApp.received.length
    const alice: any = makeClient(await server.customerToken(`alice-${sdkName}`))
    const bob: any = makeClient(await server.customerToken(`bob-${sdkName}`))
    const aliceInstance = await alice.flowInstance({ flowKey, autoCreate: true }).get()
    const bobInstance = await bob.flowInstance({ flowKey, autoCreate: true }).get()
    await yourApp.waitFor(before + 2)
    const subscribeCalls = yourApp.received.slice(before).filter((r) => r.path === '/api/subscriptions')
    expect(subscribeCalls.map((r) => (r.body as any).customer).sort()).toEqual([`alice-${sdkName}`, `bob-${sdkName}`])
    const aliceCall = subscribeCalls.find((r) => (r.body as any).customer === `alice-${sdkName}`)!
    expect(aliceCall.headers['x-integration-app-token']).toBeTruthy()

    const subscription = await alice.appEventSubscription({ appEventTypeId: created.id }).get()
    expect(AppEventSubscriptionApiResponse.parse(subscription)).toMatchObject({
      appEventTypeId: created.id,
      isSubscribed: true,
      webhookUri: (aliceCall.body as any).webhookUri
    })
    expect(subscription.subscriptionRequest).toMatchObject({ method: 'POST', uri: '/subscriptions' })

    // Your app posts the event to the URL it was given, with no token.
    const posted = await fetch((aliceCall.body as any).webhookUri, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-77', customerId: `alice-${sdkName}`, total: 42 })
    })
    expect(posted.status).toBe(200)
    const result = await posted.json()
    expect(result.launchedFlowRunIds).toHaveLength(1)
    const run = await finalRun(server, admin, result.launchedFlowRunIds[0])
    expect(run).toMatchObject({ flowInstanceId: aliceInstance.id, state: 'completed' })
    expect((await server.call('GET', `/flow-runs/${run.id}/output`, { token: admin })).body).toEqual({
      order: 'o-77',
      by: `alice-${sdkName}`
    })
    const bobRuns = await server.call('GET', `/flow-runs?flowInstanceId=${bobInstance.id}`, { token: admin })
    expect(bobRuns.body.items).toEqual([])

    // The log keeps it, and each customer sees only their own.
    const aliceLog = await alice.get('app-events', { appEventTypeId: created.id })
    expect(aliceLog.items).toHaveLength(1)
    expect(AppEventLogRecordApiResponse.parse(aliceLog.items[0])).toMatchObject({
      appEventSubscriptionId: subscription.id,
      event: { orderId: 'o-77' },
      launchedFlowRunIds: result.launchedFlowRunIds
    })
    expect((await bob.get('app-events', { appEventTypeId: created.id })).items).toEqual([])
  })

  it('the global webhook finds the customer with userIdFormula; bad payloads and unknown types answer 400 and start nothing', async () => {
    const type: any = await (makeClient(admin) as any).appEventType(key).get()
    const bobId = `bob-${sdkName}`
    const global = await server.call('POST', new URL(type.globalWebhookUri).pathname, {
      body: { orderId: 'o-8', customerId: bobId, total: 5 }
    })
    expect(global.status).toBe(200)
    expect(global.body.launchedFlowRunIds).toHaveLength(1)
    const run = await finalRun(server, admin, global.body.launchedFlowRunIds[0])
    expect((await server.call('GET', `/flow-runs/${run.id}/output`, { token: admin })).body).toEqual({
      order: 'o-8',
      by: bobId
    })

    const logBefore = (await server.call('GET', `/app-events?appEventTypeId=${type.id}`, { token: admin })).body.items
    const bad = await server.call('POST', new URL(type.globalWebhookUri).pathname, {
      body: { orderId: 'o-9', customerId: bobId, total: 'a lot' }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/payload\.total/)
    expect(bad.body.data.errors[0].path).toBe('payload.total')
    const bobToken = await server.customerToken(bobId)
    const shortcut = await server.call('POST', `/app-events/${key}`, { token: bobToken, body: { orderId: 'o-10' } })
    expect(shortcut.status).toBe(400)
    expect(shortcut.body.message).toMatch(/customerId|total/)
    const unknown = await server.call('POST', '/app-events/no-such-event', { token: bobToken, body: {} })
    expect(unknown.status).toBe(400)
    expect(unknown.body.data.errors[0].path).toBe('eventKey')
    const logAfter = (await server.call('GET', `/app-events?appEventTypeId=${type.id}`, { token: admin })).body.items
    expect(logAfter).toHaveLength(logBefore.length)

    // The shortcut takes the same path for good payloads.
    const ok = await server.call('POST', `/app-events/${key}`, {
      token: bobToken,
      body: { orderId: 'o-11', customerId: bobId, total: 1 }
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ eventKey: key, appEventTypeId: type.id, launchedFlowRunIds: [expect.any(String)] })
  })

  it('subscribe() sends the subscribe request again; listing, archive and the unsubscribe request', async () => {
    const adminClient: any = makeClient(admin)
    const type: any = await adminClient.appEventType(key).patch({
      unsubscribeRequest: { method: 'DELETE', uri: '/subscriptions', query: { customer: { $var: 'user.internalId' } } }
    })
    const carol: any = makeClient(await server.customerToken(`carol-${sdkName}`))
    const before = yourApp.received.length
    const sub = carol.appEventSubscription({ appEventTypeId: type.id, autoCreate: true })
    const first = await sub.get()
    expect(AppEventSubscriptionApiResponse.parse(first).isSubscribed).toBe(true)
    await sub.subscribe()
    const paths = yourApp.received.slice(before).map((r) => `${r.method} ${r.path}`)
    expect(paths).toEqual(['POST /api/subscriptions', 'POST /api/subscriptions'])
    const mine = await carol.appEventSubscriptions.find()
    expect(mine.items.map((s: any) => AppEventSubscriptionApiResponse.parse(s).id)).toEqual([first.id])
    const all = await adminClient.appEventSubscriptions.find({ appEventTypeId: type.id })
    expect(all.items.length).toBeGreaterThanOrEqual(3)
    await sub.archive()
    const last = yourApp.received[yourApp.received.length - 1]
    expect(`${last.method} ${last.path}`).toBe('DELETE /api/subscriptions')
    expect(last.query.customer).toBe(`carol-${sdkName}`)
    const gone = await fetch(first.webhookUri, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(gone.status).toBe(404)
  })
})
