import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, watchPageErrors } from '../support/browser'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

const SDK_BUNDLE = resolve(__dirname, '../../node_modules/@membranehq/sdk/dist/bundle.js')

/** The test app's page: loads the SDK's browser bundle and connects on a button click, as a real app does. */
const APP_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Test app</title></head>
<body>
<h1>Test app</h1>
<button id="connect-crm">Connect CRM</button>
<button id="connect-helpdesk">Connect helpdesk</button>
<script src="/sdk/bundle.js"></script>
<script>
  const params = new URLSearchParams(location.search)
  const client = new MembraneClient({ token: params.get('token'), apiUri: params.get('api') })
  window.results = {}
  const run = (key, fn) => fn().then(
    (value) => { window.results[key] = { ok: true, value } },
    (error) => { window.results[key] = { ok: false, error: String((error && error.message) || error), data: error && error.data } }
  )
  document.getElementById('connect-crm').onclick = () => run('crm', async () => {
    const connection = await client.integration('crm').connect()
    const contacts = await client.connection(connection.id).proxy.get('/contacts?limit=5')
    return { connection, contacts }
  })
  document.getElementById('connect-helpdesk').onclick = () => run('helpdesk', async () => {
    const connection = await client.integration('helpdesk').connect()
    const tickets = await client.connection('helpdesk').proxy.get('/tickets?limit=3')
    return { connection, tickets }
  })
</script>
</body></html>`

let server: TestServer
let app: Server
let appUrl: string
let browser: Browser

beforeAll(async () => {
  server = await startTestServer()
  // The app lives on its own origin, like a real customer-facing app.
  app = createServer((req, res) => {
    if (req.url?.startsWith('/sdk/bundle.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      res.end(readFileSync(SDK_BUNDLE))
    } else if (req.url?.startsWith('/favicon')) {
      res.writeHead(204).end()
    } else {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(APP_PAGE)
    }
  })
  await new Promise<void>((done) => app.listen(0, '127.0.0.1', done))
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  app?.closeAllConnections()
  await new Promise((done) => app?.close(done))
  await server?.stop()
  removeTempDirs()
})

async function openApp(customerId: string): Promise<{ page: Page; errors: string[] }> {
  const token = await server.customerToken(customerId, { name: 'Browser Customer' })
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } })
  const errors = watchPageErrors(page)
  await page.goto(`${appUrl}/?token=${encodeURIComponent(token)}&api=${encodeURIComponent(server.url)}`)
  return { page, errors }
}

async function resultOf(
  page: Page,
  key: string
): Promise<{ ok: boolean; value?: any; error?: string; data?: unknown }> {
  await page.waitForFunction(
    (k) => (window as unknown as { results: Record<string, unknown> }).results[k] !== undefined,
    key,
    { timeout: 20_000 }
  )
  return page.evaluate((k) => (window as unknown as { results: Record<string, any> }).results[k], key)
}

describe('connect() in a real browser', () => {
  it('connects the CRM through the consent page and lists contacts through the proxy', async () => {
    const { page, errors } = await openApp('browser-crm')
    const popupEvent = page.waitForEvent('popup')
    await page.click('#connect-crm')
    const popup = await popupEvent
    const popupErrors = watchPageErrors(popup)
    await popup.waitForURL(/\/sandbox\/crm\/oauth\/authorize\?/)
    await popup.waitForSelector('#approve')
    await popup.fill('#account', 'Browser Test Co')
    await screenshot(popup, 'sandbox-crm-authorize')
    await popup.click('#approve')

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
