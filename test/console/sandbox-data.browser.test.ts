import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually } from '../support/http-target'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 15, "a data browser for the sandbox apps": a presenter opens the demo's CRM account in
// the console, creates a contact there, and the deployed "new CRM contact → onboarding ticket"
// flow starts — its run appears on the Runs page. Then the contact is edited and deleted, and
// the helpdesk's tickets are browsed and searched.

describe('the sandbox data browser', () => {
  let server: TestServer
  let page: Page

  setUpConsoleSuite((suite) => ({ server, page } = suite), {
    prepare: async (server) => {
      await server.engine.scenarios.switchTo('demo')
      // the switch sets the imported instances up again off the request path (their triggers subscribe here)
      await eventually(
        () =>
          server.engine.flowInstances
            .list(server.engine.consoleActor, { limit: 100 })
            .items.every((i) => !i.connectionId || i.setupAt),
        20_000,
        'the demo instances set up here'
      )
    }
  })

  const dialog = () => page.getByRole('dialog')
  const northwindAccount = () =>
    server.engine.sandboxData
      .apps()
      .find((a) => a.key === 'crm')!
      .accounts.find((a) => a.connections.some((c) => c.customerName === 'Northwind Traders'))!

  it('creates a contact in the browser, and the deployed data-record flow’s run appears', async () => {
    await goTo(page, '#/data', 'Sandbox data')
    // the CRM account a customer connected to comes first, and says whose it is
    await page.getByText('Connected by').waitFor()
    const account = page.getByRole('combobox', { name: 'Account' })
    expect(await account.locator('option:checked').textContent()).toMatch(/· /)
    await account.selectOption(northwindAccount().id)
    await page.getByRole('link', { name: 'Northwind Traders' }).waitFor()
    const table = page.getByRole('table', { name: /Contacts of/ })
    await table.getByRole('row').nth(1).waitFor()
    const rowsBefore = await table.getByRole('row').count()
    await capture(page, 'sandbox-data-contacts')

    await page.getByRole('button', { name: 'New contact' }).first().click()
    await dialog().getByRole('heading', { name: 'New contact' }).waitFor()
    // the app's rules, in place: email is required
    await dialog().getByRole('button', { name: 'Create contact' }).click()
    await dialog().getByText('Email is required.').waitFor()
    await dialog().getByLabel('First name').fill('Zelda')
    await dialog().getByLabel('Last name').fill('Quintero')
    await dialog().getByLabel('Email').fill('zelda.quintero@example.com')
    await dialog().getByLabel('Lifecycle stage').selectOption('lead')
    await dialog().getByRole('button', { name: 'Create contact' }).click()
    // saved: the dialog shows the record, and the list has one more row
    await dialog().getByRole('heading', { name: 'Zelda Quintero' }).waitFor()
    await dialog().getByRole('button', { name: 'Close' }).last().click()
    await expect.poll(() => table.getByRole('row').count()).toBe(rowsBefore + 1)
    await table.getByRole('link', { name: /Zelda Quintero/ }).waitFor()

    // the record webhook started the flow: its run is on the Runs page
    await goTo(page, '#/runs', 'Runs')
    const list = page.getByRole('list', { name: 'Runs' })
    const run = list.getByRole('listitem').filter({ hasText: 'New CRM contact' }).filter({ hasText: 'Northwind' })
    await expect
      .poll(
        () =>
          server.engine.flowRuns
            .list(server.engine.consoleActor, { limit: 50 })
            .items.filter((r) => JSON.stringify(r.input ?? {}).includes('zelda.quintero@example.com')).length,
        { timeout: 20_000 }
      )
      .toBe(1)
    await run.first().waitFor()
    const newest = server.engine.flowRuns
      .list(server.engine.consoleActor, { limit: 50 })
      .items.find((r) => JSON.stringify(r.input ?? {}).includes('zelda.quintero@example.com'))!
    await goTo(page, `#/runs/${newest.id}`)
    await page.getByText('zelda.quintero@example.com').first().waitFor()
  }, 60_000)

  it('opens, edits and deletes the contact', async () => {
    await goTo(page, '#/data?app=crm', 'Sandbox data')
    await page.getByRole('combobox', { name: 'Account' }).selectOption(northwindAccount().id)
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('quintero')
    const table = page.getByRole('table', { name: /Contacts of/ })
    await expect.poll(() => table.getByRole('row').count()).toBe(2)
    await table.getByRole('link', { name: /Zelda Quintero/ }).click()
    await dialog().getByRole('heading', { name: 'Zelda Quintero' }).waitFor()
    await dialog().getByLabel('Job title').fill('Analyst')
    await dialog().getByRole('button', { name: 'Save changes' }).click()
    // saved, not merely saving: the button is also disabled while the update is in flight
    await page.getByText('Saved Zelda Quintero').waitFor()
    await expect.poll(() => dialog().getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true)
    const id = (await dialog().locator('.mono').first().textContent())!.trim()
    const ref = { app: 'crm' as const, accountId: northwindAccount().id, collection: 'contacts', id }
    expect(server.engine.sandboxData.get(ref).fields.jobTitle).toBe('Analyst')

    await dialog().getByRole('button', { name: 'Delete' }).click()
    await page
      .getByRole('dialog', { name: /Delete Zelda Quintero/ })
      .getByRole('button', { name: 'Delete contact' })
      .click()
    await page.getByText('No contacts match “quintero”').waitFor()
    expect(() => server.engine.sandboxData.get(ref)).toThrow(/No contacts record/)
  })

  it('creates a company with the keyboard alone', async () => {
    await goTo(page, '#/data?app=crm&collection=companies', 'Sandbox data')
    await page.getByRole('table', { name: /Companies of/ }).waitFor()
    // from the skip link: Tab reaches the page's primary action, Enter opens it on its first field
    await page.getByRole('link', { name: 'Skip to content' }).focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await dialog().getByRole('heading', { name: 'New company' }).waitFor()
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).id)).toBe(
      await dialog().getByLabel('Name').getAttribute('id')
    )
    await page.keyboard.type('Keyboard Co')
    await page.keyboard.press('Enter')
    await dialog().getByRole('heading', { name: 'Keyboard Co' }).waitFor()
    await page.keyboard.press('Escape')
    await page
      .getByRole('table', { name: /Companies of/ })
      .getByRole('link', { name: /Keyboard Co/ })
      .waitFor()
    expect(await page.getByRole('dialog').count()).toBe(0)
  })

  it('browses and searches the helpdesk’s tickets, and follows a write made through the app’s API', async () => {
    await goTo(page, '#/data', 'Sandbox data')
    await page.getByRole('combobox', { name: 'App' }).selectOption('helpdesk')
    const table = page.getByRole('table', { name: /Tickets of/ })
    await table.getByRole('row').nth(1).waitFor()
    const first = (await table.getByRole('row').nth(1).getByRole('link').locator('.cell-title').textContent())!
    await capture(page, 'sandbox-data-tickets')
    const helpdesk = server.engine.sandboxData.apps().find((a) => a.key === 'helpdesk')!
    const account = helpdesk.accounts.find((a) => a.connections.length) ?? helpdesk.accounts[0]
    // written by an app, not the console: the open list shows it without a reload
    server.engine.sandboxData.create({
      app: 'helpdesk',
      accountId: account.id,
      collection: 'tickets',
      fields: { subject: 'Printer on fire', priority: 'urgent' }
    })
    await table.getByRole('link', { name: /Printer on fire/ }).waitFor()
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(first.slice(0, 12))
    await expect.poll(() => table.getByRole('link', { name: /Printer on fire/ }).count()).toBe(0)
    await table
      .getByRole('link', { name: new RegExp(first.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first()
      .waitFor()
  })
})
