import { describe, expect, it } from 'vitest'
import { screenshot, watchPageErrors } from '../support/browser'
import {
  approveCrm,
  resultOf,
  sdkAppPage,
  setUpSdkPageSuite,
  type AppPage,
  type SdkPageSuite
} from '../support/sdk-page'
import type { TestServer } from '../support/test-server'

/** The test app's page: loads the SDK's browser bundle and connects on a button click, as a real app does. */
const APP_PAGE = sdkAppPage({
  title: 'Test app',
  buttons: {
    'connect-crm': 'Connect CRM',
    'connect-helpdesk': 'Connect helpdesk'
  },
  script: `
  document.getElementById('connect-crm').onclick = () => run('crm', async () => {
    const connection = await client.integration('crm').connect()
    const contacts = await client.connection(connection.id).proxy.get('/contacts?limit=5')
    return { connection, contacts }
  })
  document.getElementById('connect-helpdesk').onclick = () => run('helpdesk', async () => {
    const connection = await client.integration('helpdesk').connect()
    const tickets = await client.connection('helpdesk').proxy.get('/tickets?limit=3')
    return { connection, tickets }
  })`
})

let server: TestServer
let suite: SdkPageSuite

setUpSdkPageSuite(
  (ready) => {
    suite = ready
    server = ready.server
  },
  { app: APP_PAGE }
)

async function openApp(customerId: string): Promise<AppPage> {
  const token = await server.customerToken(customerId, { name: 'Browser Customer' })
  return suite.openApp({ token }, { width: 1000, height: 760 })
}

describe('connect() in a real browser', () => {
  it('connects the CRM through the consent page and lists contacts through the proxy', async () => {
    const { page, errors } = await openApp('browser-crm')
    const popupEvent = page.waitForEvent('popup')
    await page.click('#connect-crm')
    const popup = await popupEvent
    const popupErrors = watchPageErrors(popup)
    await approveCrm(popup, 'Browser Test Co', { screenshotAs: 'sandbox-crm-authorize' })

    const result = await resultOf(page, 'crm')
    expect(result.error).toBeUndefined()
    expect(result.ok).toBe(true)
    expect(result.value.connection).toMatchObject({
      integrationKey: 'crm',
      status: 'connected',
      externalAccount: { name: 'Browser Test Co' }
    })
    expect(result.value.contacts.data).toHaveLength(5)
    expect(result.value.contacts.data[0]).toMatchObject({
      id: expect.stringMatching(/^ct_/),
      email: expect.stringContaining('@')
    })
    await popup.waitForEvent('close', { timeout: 10_000 })

    const stored = await server.call('GET', `/connections/${result.value.connection.id}`, {
      token: await server.adminToken()
    })
    expect(stored.body.userId).toBe(server.engine.customers.get('browser-crm').id)
    expect(errors).toEqual([])
    expect(popupErrors).toEqual([])
    await page.close()
  })

  it('connects the helpdesk through the API-key form generated from the input schema', async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Browser Desk' })
    const { page, errors } = await openApp('browser-helpdesk')
    const popupEvent = page.waitForEvent('popup')
    await page.click('#connect-helpdesk')
    const popup = await popupEvent
    await popup.waitForSelector('input[name="apiKey"][type="password"]')
    await screenshot(popup, 'connect-api-key-form')

    await popup.fill('input[name="apiKey"]', 'hd_live_definitely-wrong')
    await popup.click('button[type="submit"]')
    await popup.waitForSelector('.banner.error')
    expect(await popup.textContent('.banner.error')).toContain('Sandbox Helpdesk did not accept these credentials')
    await screenshot(popup, 'connect-api-key-form-error')

    await popup.fill('input[name="apiKey"]', key.apiKey)
    await popup.click('button[type="submit"]')
    const result = await resultOf(page, 'helpdesk')
    expect(result.error).toBeUndefined()
    expect(result.value.connection).toMatchObject({
      integrationKey: 'helpdesk',
      externalAccount: { name: 'Browser Desk' }
    })
    expect(result.value.tickets.data).toHaveLength(3)
    expect(errors).toEqual([])
    await page.close()
  })
})
