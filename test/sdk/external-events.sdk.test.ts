import {
  ExternalEventLogRecordApiResponse,
  ExternalEventPullApiResponse,
  ExternalEventSubscriptionApiResponse
} from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalRun } from '../support/flow-helpers'
import { connectCrm } from '../support/connect-flow'
import { eventually } from '../support/http-target'
import { personalCrmToken, sandboxApi } from '../support/sandbox-client'
import { bothSdks } from '../support/sdk-clients'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

beforeAll(async () => {
  server = await startTestServer({ engineOptions: { sandbox: { webhooks: { retryDelaysMs: [50, 100] } } } })
  admin = await server.adminToken()
  const made = await server.call('POST', '/flows', {
    token: admin,
    body: {
      key: 'on-new-contact',
      name: 'On new contact',
      integrationKey: 'crm',
      nodes: {
        trigger: {
          type: 'data-record-created-trigger',
          config: { dataSource: { collectionKey: 'contacts' } },
          links: [{ key: 'note' }]
        },
        note: { type: 'transform-data', config: { output: { email: { $var: 'input.trigger.record.email' } } } }
      }
    }
  })
  expect(made.status).toBe(201)
})
afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

const clients = bothSdks(() => server.url)

describe.each(clients)('external events through $name', ({ name: sdkName, make: makeClient }) => {
  it('a deployed data-record trigger is an external event subscription of the connection: find, get, deliveries logged, unsubscribe / subscribe, pullEvents', async () => {
    const account = `Ext CRM ${sdkName}`
    const token = await server.customerToken(`ext-${sdkName}`)
    const run = await connectCrm(server, token, { account })
    const connection = run.connection!
    const client: any = makeClient(token)
    const instance = await client
      .flowInstance({ flowKey: 'on-new-contact', integrationKey: 'crm', autoCreate: true })
      .get()
    expect(instance.state).toBe('READY')

    const found = await client.externalEventSubscriptions().find()
    expect(found.items).toHaveLength(1)
    const sub = ExternalEventSubscriptionApiResponse.parse(found.items[0])
    expect(sub).toMatchObject({
      connectionId: connection.id,
      status: 'subscribed',
      config: { type: 'data-record-created', dataSource: { collectionKey: 'contacts' } }
    })
    expect(ExternalEventSubscriptionApiResponse.parse(await client.externalEventSubscription(sub.id).get()).id).toBe(
      sub.id
    )
    const other: any = makeClient(await server.customerToken(`ext-other-${sdkName}`))
    expect((await other.externalEventSubscriptions().find()).items).toEqual([])
    await expect(other.externalEventSubscription(sub.id).get()).rejects.toThrow()

    // A contact created at the app arrives by webhook, starts the flow and is logged.
    const personal = await personalCrmToken(server, account)
    await sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com'
    })
    const logged = await eventually(
      async () => {
        const page = await client.get('external-event-log-records', { externalEventSubscriptionId: sub.id })
        return page.items.length ? page.items : undefined
      },
      15_000,
      'the delivery to be logged'
    )
    const record = ExternalEventLogRecordApiResponse.parse(logged[0])
    expect(record).toMatchObject({
      status: 'success',
      connectionId: connection.id,
      externalEventSubscriptionId: sub.id
    })
    expect(record.launchedFlowRunIds).toHaveLength(1)
    expect((await finalRun(server, token, record.launchedFlowRunIds![0])).state).toBe('completed')

    // Unsubscribed, the app's webhook is gone; a new contact is only found by pulling.
    await client.externalEventSubscription(sub.id).unsubscribe()
    expect((await client.externalEventSubscription(sub.id).get()).status).toBe('unsubscribed')
    expect((await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data).toEqual([])
    await sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.com'
    })
    await client.externalEventSubscription(sub.id).pullEvents()
    const pulls = await client.get('external-event-pulls', { externalEventSubscriptionId: sub.id })
    expect(pulls.items).toHaveLength(1)
    const pull = ExternalEventPullApiResponse.parse(pulls.items[0])
    expect(pull).toMatchObject({ status: 'success', collectedEventIds: [expect.any(String)] })
    const pulledEvent = await client.get(`external-event-log-records/${pull.collectedEventIds[0]}`)
    expect(pulledEvent.payload.record).toMatchObject({ email: 'grace@example.com' })
    const pulledRun = await finalRun(server, token, pulledEvent.launchedFlowRunIds[0])
    expect(await server.call('GET', `/flow-runs/${pulledRun.id}/output`, { token })).toMatchObject({
      body: { email: 'grace@example.com' }
    })
    // A second pull finds nothing new.
    await client.externalEventSubscription(sub.id).pullEvents()
    const again = await client.get('external-event-pulls', { externalEventSubscriptionId: sub.id })
    expect(again.items[0].collectedEventIds).toEqual([])

    await client.externalEventSubscription(sub.id).subscribe()
    expect((await client.externalEventSubscription(sub.id).get()).status).toBe('subscribed')
    const hooks = (await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data
    expect(hooks).toHaveLength(1)
    expect(hooks[0].url).toBe(sub.webhookUri)
  })
})
