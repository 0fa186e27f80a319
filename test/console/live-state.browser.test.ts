import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 15, defect 1: whatever changes the workspace (a scenario switch in the console, a REST
// call from elsewhere), every open page and the shared field schema follow without a reload.

describe('the console never shows stale workspace state', () => {
  let server: TestServer
  let page: Page

  setUpConsoleSuite((suite) => {
    ;({ server, page } = suite)
  })

  it('switching to the demo scenario shows the demo field schema on a customer page without a reload', async () => {
    // the console has loaded the workspace before the switch: no field schema yet
    await goTo(page, '#/field-schema', 'Field schema')
    await goTo(page, '#/snapshots', 'Snapshots')
    await page.getByRole('button', { name: 'Switch to demo' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Switch', exact: true }).click()
    await page.getByRole('heading', { name: 'Switched to “demo”' }).waitFor({ timeout: 30_000 })

    await goTo(page, '#/customers', 'Customers')
    await page
      .getByRole('option', { name: /Northwind Traders/ })
      .first()
      .click()
    await page.getByRole('heading', { name: 'Northwind Traders', level: 1 }).waitFor()
    // the demo schema's fields are the form: a select for the plan holding the stored value
    await expect.poll(() => page.getByRole('combobox', { name: /^Plan/ }).inputValue()).toBe('enterprise')
    await expect.poll(() => page.getByRole('combobox', { name: /^Data region/ }).inputValue()).toBe('eu-west')
    expect(await page.getByText(/fields? not in the schema/).count()).toBe(0)
    await capture(page, 'live-demo-customer')

    // the schema page's impact check runs against the demo schema and the demo customers
    await goTo(page, '#/field-schema', 'Field schema')
    await page.getByText('supportTier', { exact: true }).first().waitFor()
  })

  it('a change made through the REST API appears on the open customer page and in the field schema', async () => {
    const token = await server.adminToken()
    await goTo(page, '#/customers/globex', 'Globex Corporation')
    const renamed = await server.call('PATCH', '/customers/globex', { token, body: { name: 'Globex Renamed' } })
    expect(renamed.status).toBe(200)
    await page.getByRole('heading', { name: 'Globex Renamed', level: 1 }).waitFor()

    const workspace = (await server.call('GET', '/workspace', { token })).body
    const schema = structuredClone(workspace.userFieldsSchema)
    schema.properties.costCenter = { type: 'string', title: 'Cost center' }
    expect((await server.call('PATCH', '/workspace', { token, body: { userFieldsSchema: schema } })).status).toBe(200)
    // the open customer form grows the new field
    await page.getByRole('textbox', { name: /^Cost center/ }).waitFor()
    expect(await page.getByRole('textbox', { name: /^Name/ }).inputValue()).toBe('Globex Renamed')
  })
})
