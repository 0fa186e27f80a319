import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Defect 6 of issue 15: an activity entry opens to the whole request and answer (secrets
// redacted), links to what it touched, and the log is filtered and searched.

describe('activity log in the console', () => {
  let server: TestServer
  let page: Page

  setUpConsoleSuite((suite) => ({ server, page } = suite))

  it('opens an API call to its whole request and answer, secrets redacted, linked to the customer', async () => {
    const admin = await server.adminToken()
    const created = await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Umbrella', internalId: 'umbrella', credentials: { apiKey: 'umbrella-key-4242' } }
    })
    expect(created.status).toBe(201)
    await server.call('GET', '/customers/no-such-customer', { token: admin })

    await goTo(page, '#/activity', 'Activity')
    await page.getByRole('searchbox', { name: 'Filter activity' }).fill('POST /customers')
    const row = page.getByRole('listitem', { name: /POST \/customers, status 201/ })
    await row.waitFor()
    // keyboard: focus the row, Enter opens it
    await row.focus()
    await page.keyboard.press('Enter')
    const drawer = page.getByRole('dialog', { name: /POST \/customers/ })
    await drawer.getByRole('region', { name: 'Request' }).waitFor()
    const text = await drawer.innerText()
    expect(text).toContain('Umbrella')
    expect(text).toContain('[redacted]')
    expect(text).not.toContain('umbrella-key-4242')
    expect(text).not.toContain(admin)
    await drawer.getByRole('region', { name: 'Answer' }).getByText('201').first().waitFor()
    await capture(page, 'activity-entry-open', { fullHeight: false })

    // Escape closes it and gives focus back to the row that opened it
    await page.keyboard.press('Escape')
    await expect.poll(() => drawer.count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(
      /POST \/customers/
    )

    // the link goes to the customer it created
    await row.click()
    await drawer.getByRole('link', { name: /Open customer/ }).click()
    await page.getByRole('heading', { name: 'Umbrella', level: 1 }).waitFor()
    expect(page.url()).toContain(`#/customers/${created.body.id}`)
  })

  it('filters to failures and to what an entry touched', async () => {
    await goTo(page, '#/activity', 'Activity')
    await page.getByRole('checkbox', { name: 'Failures only' }).check()
    await page.getByRole('listitem', { name: /GET \/customers\/no-such-customer, status 404/ }).waitFor()
    await expect.poll(() => page.getByRole('listitem', { name: /status 201/ }).count()).toBe(0)
    await page.getByRole('checkbox', { name: 'Failures only' }).uncheck()

    await page
      .getByRole('listitem', { name: /POST \/customers, status 201/ })
      .first()
      .click()
    await page.getByRole('button', { name: 'Entries about this customer' }).click()
    await page.getByText(/About customer /).waitFor()
    await page
      .getByRole('listitem', { name: /POST \/customers/ })
      .first()
      .waitFor()
    await expect.poll(() => page.getByRole('listitem', { name: /no-such-customer/ }).count()).toBe(0)
    await capture(page, 'activity-filtered')
  })
})
