import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { connectCrm } from '../support/connect-flow'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 13, item 7: the app event types page with a test event that shows the runs it started,
// and a customer's app event and external event subscriptions on the customer page.

const ORDER_SCHEMA = {
  type: 'object',
  properties: { orderId: { type: 'string' }, total: { type: 'number' } },
  required: ['orderId']
}

describe('app events in the console', () => {
  let server: TestServer
  let page: Page
  let testCustomerId = ''

  setUpConsoleSuite((suite) => ({ server, page } = suite), {
    prepare: async (s) => {
      const admin = await s.adminToken()
      const type = await s.call('POST', '/app-event-types', {
        token: admin,
        body: {
          key: 'order-placed',
          name: 'Order placed',
          schema: ORDER_SCHEMA,
          example: { orderId: 'o-1', total: 10 }
        }
      })
      expect(type.status, JSON.stringify(type.body)).toBe(201)
      const flow = await s.call('POST', '/flows', {
        token: admin,
        body: {
          key: 'on-order',
          name: 'On order',
          nodes: {
            trigger: { type: 'app-event-trigger', config: { appEventKey: 'order-placed' }, links: [{ key: 'note' }] },
            note: { type: 'transform-data', config: { output: { order: { $var: 'input.trigger.orderId' } } } }
          }
        }
      })
      expect(flow.status, JSON.stringify(flow.body)).toBe(201)
      const test = s.engine.customers.testCustomer()
      testCustomerId = test.id
      const token = await s.customerToken(test.internalId, { name: test.name })
      const instance = await s.call('GET', '/flow-instance?flowKey=on-order&autoCreate=true', { token })
      expect(instance.status, JSON.stringify(instance.body)).toBe(200)
      // a record trigger too, so the customer has an external event subscription
      const run = await connectCrm(s, token, { account: 'Events CRM' })
      const watch = await s.call('POST', '/flows', {
        token: admin,
        body: {
          key: 'on-contact',
          name: 'On contact',
          integrationKey: 'crm',
          nodes: {
            trigger: { type: 'data-record-created-trigger', config: { dataSource: { collectionKey: 'contacts' } } }
          }
        }
      })
      expect(watch.status, JSON.stringify(watch.body)).toBe(201)
      const deployed = await s.call(
        'GET',
        `/flow-instance?flowKey=on-contact&connectionId=${run.connection!.id}&autoCreate=true`,
        {
          token
        }
      )
      expect(deployed.status, JSON.stringify(deployed.body)).toBe(200)
    }
  })

  it('lists app event types; a test event that breaks the schema starts nothing, a good one shows the run it started', async () => {
    await page.getByRole('link', { name: 'App events' }).click()
    const table = page.getByRole('table', { name: 'App event types' })
    await table.getByRole('link', { name: 'order-placed' }).click()
    await page.getByRole('heading', { name: 'Order placed', level: 1 }).waitFor()
    const payload = page.getByLabel('Payload (JSON)')
    expect(JSON.parse(await payload.inputValue())).toEqual({ orderId: 'o-1', total: 10 })

    await payload.fill('{"total": "ten"}')
    await page.getByRole('button', { name: 'Send test event' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Nothing was started' })
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(/orderId/)
    const before = (await server.call('GET', '/flow-runs?limit=100', { token: await server.adminToken() })).body.items
    expect(before).toEqual([])

    await payload.fill('{"orderId": "o-42", "total": 42}')
    await page.getByRole('button', { name: 'Send test event' }).click()
    const runs = page.getByRole('table', { name: 'Runs the event started' })
    await runs.waitFor()
    await runs.getByText('The event started 1 run').waitFor()
    const link = runs.getByRole('link')
    const runId = (await link.textContent())!
    const stored = await server.call('GET', `/flow-runs/${runId}`, { token: await server.adminToken() })
    expect(stored.body).toMatchObject({ input: { orderId: 'o-42', total: 42 } })
    await capture(page, 'app-event-type')
    await link.click()
    await expect.poll(() => page.url()).toContain(`#/runs/${runId}`)
  })

  it("shows the customer's app event and external event subscriptions on the customer page", async () => {
    await goTo(page, `#/customers/${testCustomerId}`)
    const appTable = page.getByRole('table', { name: 'App event subscriptions' })
    await appTable.getByRole('link', { name: 'Order placed' }).waitFor()
    await appTable.locator('.badge', { hasText: 'Subscribed' }).waitFor()
    const external = page.getByRole('table', { name: 'External event subscriptions' })
    await external.locator('.badge', { hasText: 'subscribed' }).waitFor()
    await capture(page, 'customer-event-subscriptions', { fullHeight: true })
  })
})
