import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Acceptance of issue 6 for apps and connections, in real Chromium against headless mode: the
// test customer connected to the CRM through the OAuth approval page in a popup, "expire now"
// followed by a call that makes the engine refresh the token, the helpdesk's generated form,
// and the other fault controls with their visible effect.

describe('integrations and connections in a browser', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  let crmConnectionId = ''

  setUpConsoleSuite((suite) => ({ server, session, page } = suite))

  it('shows the sandbox apps and their integrations', async () => {
    await goTo(page, '#/integrations', 'Integrations')
    const crm = page.getByRole('region', { name: 'Sandbox CRM' })
    await crm.getByText('OAuth 2.0').waitFor()
    await crm.getByText('contacts', { exact: true }).waitFor()
    await crm.getByText(`${server.url}/sandbox/crm/api`).waitFor()
    await page.getByRole('region', { name: 'Sandbox Helpdesk' }).getByText('API key').waitFor()
    await capture(page, 'integrations')
  })

  it('connects the test customer to the CRM through the OAuth approval page in a popup', async () => {
    await goTo(page, '#/connections', 'Connections')
    await page.getByText('No connections yet').waitFor()
    await capture(page, 'connections-empty')
    await page.getByRole('button', { name: 'Connect a customer' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Connect a customer' })
    // the test customer is picked by default; the CRM is the first integration
    await dialog.getByText('Test Customer').waitFor()
    await dialog.getByRole('combobox', { name: 'Integration' }).selectOption('crm')

    const popupOpened = page.waitForEvent('popup')
    await dialog.getByRole('button', { name: 'Open connect page' }).click()
    const popup = await popupOpened
    await popup.waitForURL(/\/sandbox\/crm\/oauth\/authorize\?/)
    await dialog.getByText('Finish in the connect window').waitFor()
    await capture(page, 'connect-waiting')
    await popup.fill('#account', 'Globex CRM')
    await popup.click('#approve')

    // the dialog follows the popup and opens the new connection
    await page.getByRole('heading', { name: 'Sandbox CRM', level: 1 }).waitFor()
    // the connect page closes itself once it has posted the result
    await expect.poll(() => popup.isClosed()).toBe(true)
    crmConnectionId = page.url().split('/').pop()!
    const stored = server.engine.connections.get(server.engine.consoleActor, crmConnectionId)
    expect(stored).toMatchObject({
      integrationKey: 'crm',
      status: 'connected',
      externalAccount: { name: 'Globex CRM' },
      userId: server.engine.customers.testCustomer().id
    })
    await page.locator('.page-header').getByText('Connected').waitFor()
    await page.getByText('account “Globex CRM”').waitFor()
  })

  it('expires the access token now, and the next call makes the engine refresh it', async () => {
    await page.getByRole('button', { name: 'Make a test call' }).click()
    const calls = page.getByRole('table', { name: 'Test calls' })
    await calls.getByText('200 OK').waitFor()
    await calls.getByText('No refresh').waitFor()
    await page.getByTestId('last-refreshed').getByText('Not since connecting').waitFor()

    await page.getByRole('button', { name: 'Expire access token now' }).click()
    await page.getByText('Access token expired now. Make another call to see its effect.').waitFor()
    const before = server.engine.connections.get(server.engine.consoleActor, crmConnectionId).credentialsRefreshedAt
    expect(before).toBeUndefined()

    await page.getByRole('button', { name: 'Make a test call' }).click()
    await calls.getByText('Refreshed after a 401').waitFor()
    await page.getByRole('status').filter({ hasText: 'The app refused the expired token with a 401' }).waitFor()
    // the new refresh time shows in the credentials
    await expect.poll(() => page.getByTestId('last-refreshed').textContent()).not.toContain('Not since connecting')
    const after = server.engine.connections.get(server.engine.consoleActor, crmConnectionId)
    expect(after.credentialsRefreshedAt).toBeDefined()
    expect(after.status).toBe('connected')
    await capture(page, 'connection')
  })

  it('fails the next calls with 429 and adds latency, and says so on the next call', async () => {
    await page.getByRole('spinbutton', { name: 'Fail the next calls' }).fill('2')
    await page.getByRole('combobox', { name: 'Status to fail with' }).selectOption('429')
    await page.getByRole('button', { name: 'Apply' }).first().click()
    await page.getByText('Next 2 calls fail with 429').waitFor()
    await page.getByRole('button', { name: 'Make a test call' }).click()
    const calls = page.getByRole('table', { name: 'Test calls' })
    await calls.getByText('Simulated 429').waitFor()
    await page.getByText('Next 1 call fails with 429').waitFor()
    expect(server.engine.connections.faults(server.engine.consoleActor, crmConnectionId)).toMatchObject({
      failNextCount: 1,
      failNextStatus: 429
    })

    await page.getByRole('spinbutton', { name: 'Add latency' }).fill('300')
    await page.getByRole('button', { name: 'Apply' }).nth(1).click()
    await page.getByText('+300 ms on every call').waitFor()
    await page.getByRole('button', { name: 'Clear' }).click()
    await page.getByText('No faults are active.').waitFor()
    expect(server.engine.connections.faults(server.engine.consoleActor, crmConnectionId)).toMatchObject({
      failNextCount: 0,
      latencyMs: 0
    })
  })

  it('revokes the refresh token: the next refresh disconnects the connection, and reconnecting brings it back', async () => {
    await page.getByRole('button', { name: 'Revoke refresh token' }).click()
    await page.getByRole('button', { name: 'Expire access token now' }).click()
    await page.getByRole('button', { name: 'Make a test call' }).click()
    await page.getByRole('alert').filter({ hasText: 'Disconnected: the customer must reconnect' }).waitFor()
    expect(server.engine.connections.get(server.engine.consoleActor, crmConnectionId).status).toBe('disconnected')
    await capture(page, 'connection-disconnected')

    const popupOpened = page.waitForEvent('popup')
    await page.getByRole('button', { name: 'Reconnect' }).click()
    const popup = await popupOpened
    await popup.waitForURL(/\/sandbox\/crm\/oauth\/authorize\?/)
    await popup.click('#approve')
    await page.getByText(`Connected: Sandbox CRM`).waitFor()
    await expect.poll(() => popup.isClosed()).toBe(true)
    await expect
      .poll(() => server.engine.connections.get(server.engine.consoleActor, crmConnectionId).status)
      .toBe('connected')
    await page.locator('.page-header').getByText('Connected').waitFor()
  })

  it('connects the helpdesk through the API-key form, refusing a wrong key in the form', async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Initech Support' })
    await goTo(page, '#/connections', 'Connections')
    await page.getByRole('button', { name: 'Connect a customer' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Connect a customer' })
    await dialog.getByText('Test Customer').waitFor()
    await dialog.getByRole('combobox', { name: 'Integration' }).selectOption('helpdesk')
    const popupOpened = page.waitForEvent('popup')
    await dialog.getByRole('button', { name: 'Open connect page' }).click()
    const popup = await popupOpened
    await popup.waitForSelector('input[name="apiKey"][type="password"]')
    await popup.fill('input[name="apiKey"]', 'hd_live_wrong')
    await popup.click('button[type="submit"]')
    await popup.waitForSelector('.banner.error')
    await popup.fill('input[name="apiKey"]', key.apiKey)
    await popup.click('button[type="submit"]')
    await page.getByRole('heading', { name: 'Sandbox Helpdesk', level: 1 }).waitFor()
    await page.getByText('account “Initech Support”').waitFor()
    // API keys do not expire: the controls say why they are off
    expect(await page.getByRole('button', { name: 'Expire access token now' }).isDisabled()).toBe(true)

    await goTo(page, '#/connections', 'Connections')
    await expect.poll(() => page.getByRole('row').count()).toBe(3)
    await capture(page, 'connections')
    expect(session.errors).toEqual([])
  })
})
