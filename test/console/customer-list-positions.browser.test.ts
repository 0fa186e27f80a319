import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CONSOLE_SECRET_HEADER } from '../../src-main/contract/console-api'
import { capture, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// The customers list at 100,000 customers: the answer says how many there are, the scroll bar is
// as long as the whole list, and a jump anywhere reads the page there directly.

const SEEDED = 100_000
const TOTAL = SEEDED + 1 // and the test customer, first in the list
const ROW_HEIGHT = 52 // CustomersPage's row height

describe('customers list at 100,000 customers', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  const offsets: Array<number | undefined> = []

  // seeded in the first test, not in the suite's set-up: 100,000 inserts on a busy machine can
  // take longer than the set-up's time limit
  setUpConsoleSuite((suite) => ({ server, session, page } = suite))

  const consoleCall = (method: string, body: unknown) =>
    server.call('POST', `/console-api/${method}`, {
      body,
      headers: { [CONSOLE_SECRET_HEADER]: new URL(server.host.consoleUrl).hash.replace('#secret=', '') }
    })

  it('answers a page at any position with the total, and refuses a bad position naming it', async () => {
    server.engine.customers.createMany(
      Array.from({ length: SEEDED }, (_, i) => ({ name: `Customer ${i}`, internalId: `cust-${i}` })),
      'engine'
    )
    const first = await consoleCall('customers.list', { limit: 3 })
    expect(first.status).toBe(200)
    expect(first.body.total).toBe(TOTAL)
    expect(first.body.offset).toBe(0)
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Test Customer', 'Customer 0', 'Customer 1'])

    const middle = await consoleCall('customers.list', { offset: 73_456, limit: 2 })
    expect(middle.body).toMatchObject({ total: TOTAL, offset: 73_456 })
    expect(middle.body.items.map((c: { name: string }) => c.name)).toEqual(['Customer 73455', 'Customer 73456'])
    // its cursor continues from there
    const next = await consoleCall('customers.list', { cursor: middle.body.cursor, limit: 1 })
    expect(next.body.items[0].name).toBe('Customer 73457')
    expect(next.body.total).toBe(TOTAL)

    const end = await consoleCall('customers.list', { offset: TOTAL - 1, limit: 5 })
    expect(end.body.items.map((c: { name: string }) => c.name)).toEqual(['Customer 99999'])
    expect(end.body.cursor).toBeUndefined()
    const beyond = await consoleCall('customers.list', { offset: TOTAL + 10, limit: 5 })
    expect(beyond.body).toMatchObject({ items: [], total: TOTAL })

    // positions count what the view shows: archiving one moves the ones after it up
    server.engine.customers.archive('cust-10', 'engine')
    const shifted = await consoleCall('customers.list', { offset: 11, limit: 1 })
    expect(shifted.body).toMatchObject({ total: TOTAL - 1, items: [{ name: 'Customer 11' }] })
    const archived = await consoleCall('customers.list', { archivedOnly: true, offset: 0 })
    expect(archived.body).toMatchObject({ total: 1, items: [{ name: 'Customer 10' }] })
    server.engine.customers.restore('cust-10', 'engine')
    const searched = await consoleCall('customers.list', { search: 'Customer 7345', offset: 3, limit: 2 })
    expect(searched.body.total).toBe(11) // 7345 and 73450..73459
    expect(searched.body.items.map((c: { name: string }) => c.name)).toEqual(['Customer 73452', 'Customer 73453'])

    const both = await consoleCall('customers.list', { offset: 10, cursor: middle.body.cursor })
    expect(both.status).toBe(400)
    expect(JSON.stringify(both.body)).toContain('offset')
    const negative = await consoleCall('customers.list', { offset: -1 })
    expect(negative.status).toBe(400)
    expect(JSON.stringify(negative.body)).toContain('offset')
  }, 120_000)

  it('shows a scroll bar over every customer and loads the page where a jump lands, not the ones before', async () => {
    page.on('request', (request) => {
      if (request.url().endsWith('/customers.list'))
        offsets.push((request.postDataJSON() as { offset?: number }).offset)
    })
    await page.reload()
    const list = page.getByRole('listbox', { name: 'Customers' })
    await list.waitFor()
    await page.getByText(`${TOTAL.toLocaleString('en')} customers`).waitFor()
    // the list is virtual: a few dozen rows in the page, a scroll range for all of them
    expect(await list.getByRole('option').count()).toBeLessThan(60)
    const size = await list.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }))
    expect(size.scrollHeight).toBeGreaterThanOrEqual(TOTAL * ROW_HEIGHT)
    expect(size.scrollHeight).toBeLessThan((TOTAL + 2) * ROW_HEIGHT)

    // drag the scroll bar to 73% of the list: the rows there come from the page at that position
    offsets.length = 0
    const position = 73_000
    await list.evaluate((el, top) => (el.scrollTop = top), position * ROW_HEIGHT)
    await list.getByRole('option', { name: /^Customer 72999 .*cust-72999/ }).waitFor()
    expect(offsets.length).toBeGreaterThan(0)
    for (const offset of offsets) {
      expect(offset).toBeGreaterThanOrEqual(72_800)
      expect(offset).toBeLessThanOrEqual(73_200)
    }
    await capture(page, 'customers-jump')

    // the keyboard's End goes to the last customer the same way
    offsets.length = 0
    await list.focus()
    await list.press('End')
    await list.getByRole('option', { name: /^Customer 99999 .*cust-99999/ }).waitFor()
    expect(offsets.every((offset) => offset !== undefined && offset >= 99_800)).toBe(true)
    expect(session.errors).toEqual([])
  }, 60_000)
})
