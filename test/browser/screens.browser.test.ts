import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot, watchPageErrors } from '../support/browser'
import { rawRequest } from '../support/raw-http'
import {
  approveCrm,
  resultOf,
  screenFrame,
  screenshotSchemes,
  sdkAppPage,
  setUpSdkPageSuite,
  type AppPage,
  type SdkPageSuite
} from '../support/sdk-page'
import type { TestServer } from '../support/test-server'

/** The test app: the SDK's browser bundle with `uiUri` pointed at the Workbench, one button per screen. */
const APP_PAGE = sdkAppPage({
  title: 'Screens app',
  buttons: {
    'ui-connect': 'Connect (ui.connect)',
    'open-crm': 'Open CRM',
    'new-helpdesk': 'New helpdesk connection',
    configure: 'Configure flow'
  },
  screens: true,
  script: `
  document.getElementById('ui-connect').onclick = () => run('uiConnect', () => client.ui.connect({ integrationKey: 'crm' }))
  document.getElementById('open-crm').onclick = () => run('open', () => client.integration('crm').open())
  document.getElementById('new-helpdesk').onclick = () => run('newConnection', () => client.integration('helpdesk').openNewConnection())
  document.getElementById('configure').onclick = () => run('configure', () => client.flowInstance(params.get('instance')).openConfiguration())`
})

const FLOW_KEY = 'push-deals'

let server: TestServer
let suite: SdkPageSuite

setUpSdkPageSuite(
  (ready) => {
    suite = ready
    server = ready.server
  },
  {
    app: APP_PAGE,
    prepare: async (s) => {
      const made = await s.call('POST', '/flows', {
        token: await s.adminToken(),
        body: {
          key: FLOW_KEY,
          name: 'Push deals',
          description: 'Sends won deals to the CRM.',
          integrationKey: 'crm',
          parametersSchema: {
            type: 'object',
            properties: {
              stage: { type: 'string', title: 'Stage', enum: ['won', 'lost'] },
              minimum: { type: 'integer', title: 'Minimum amount', minimum: 0 }
            },
            required: ['stage']
          },
          nodes: { trigger: { type: 'api-trigger' } }
        }
      })
      expect(made.status).toBe(201)
    }
  }
)

function openApp(token: string, query: Record<string, string> = {}): Promise<AppPage> {
  return suite.openApp({ token, ...query }, { width: 1100, height: 820 })
}

describe('the SDK screens in a real browser', { timeout: 120_000 }, () => {
  let token: string
  let connectionId: string

  beforeAll(async () => {
    token = await server.customerToken('screens-customer', { name: 'Screens Customer' })
  })

  it('client.ui.connect({integrationKey: "crm"}) connects through the consent page and resolves with the connection', async () => {
    const { page, errors } = await openApp(token)
    await page.click('#ui-connect')
    const frame = await screenFrame(page, /\/screens\/connect/)
    expect(await frame.textContent('h1')).toContain('Connect Sandbox CRM')
    await screenshot(page, 'screens-ui-connect')
    const popup = page.waitForEvent('popup')
    await frame.click('[data-connect="crm"]')
    await approveCrm(popup, 'Screens Co')
    const result = await resultOf(page, 'uiConnect')
    expect(result.error).toBeUndefined()
    expect(result.value).toMatchObject({ integrationKey: 'crm', externalAccount: { name: 'Screens Co' } })
    connectionId = result.value.id
    await expect.poll(() => page.locator('#__integration-app-popup').count()).toBe(0)
    const stored = await server.call('GET', `/connections/${connectionId}`, { token })
    expect(stored.body).toMatchObject({ connected: true, integrationKey: 'crm' })
    expect(errors).toEqual([])
    await page.close()
  })

  it("integration('crm').open() shows the connection and lets the customer turn a flow on and configure it", async () => {
    const { page, errors } = await openApp(token)
    await page.click('#open-crm')
    let frame = await screenFrame(page, /\/embed\/integrations\//)
    expect(await frame.textContent('h1')).toBe('Sandbox CRM')
    expect(await frame.textContent('.brand')).toContain('Connected · ')
    await screenshot(page, 'screens-integration-open')
    await frame.click('a[aria-label="Set up Push deals"]')
    await frame.waitForSelector('select[name="stage"]')
    await frame.fill('input[name="minimum"]', '-5')
    await frame.click('button:has-text("Save")')
    await frame.waitForSelector('.field-error')
    const problems = await frame.locator('.field-error').allTextContents()
    expect(problems).toEqual(['Stage is required', 'Minimum amount must be >= 0, got number -5'])
    await frame.selectOption('select[name="stage"]', 'won')
    await frame.fill('input[name="minimum"]', '500')
    await frame.click('button:has-text("Save")')
    await frame.waitForSelector('.banner.ok')
    await screenshot(page, 'screens-flow-configuration')
    await frame.click('a:has-text("Sandbox CRM")')
    await frame.waitForSelector('a:has-text("Configure")')
    expect(await frame.textContent('.rows')).toContain('On')
    const instance = await server.call('GET', `/flow-instance?flowKey=${FLOW_KEY}&integrationKey=crm`, { token })
    expect(instance.body).toMatchObject({ enabled: true, parameters: { stage: 'won', minimum: 500 } })
    frame = page.frames().find((f) => /\/embed\//.test(f.url()))!
    await frame.click('[data-close]')
    const result = await resultOf(page, 'open')
    expect(result.ok).toBe(true)
    await expect.poll(() => page.locator('#__integration-app-popup').count()).toBe(0)
    // the one 422 is the form sent back with its errors on purpose above
    expect(errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)'
    ])
    await page.close()
  })

  it('flowInstance(id).openConfiguration() edits the same parameters', async () => {
    const instance = await server.call('GET', `/flow-instance?flowKey=${FLOW_KEY}&integrationKey=crm`, { token })
    const { page, errors } = await openApp(token, { instance: instance.body.id })
    await page.click('#configure')
    const frame = await screenFrame(page, /\/embed\/flow-instances\/.+\/configuration/)
    expect(await frame.inputValue('input[name="minimum"]')).toBe('500')
    await frame.selectOption('select[name="stage"]', 'lost')
    await frame.click('button:has-text("Save")')
    await frame.waitForSelector('.banner.ok')
    await frame.click('[data-close]')
    expect((await resultOf(page, 'configure')).ok).toBe(true)
    const after = await server.call('GET', `/flow-instance?id=${instance.body.id}`, { token })
    expect(after.body.parameters).toEqual({ stage: 'lost', minimum: 500 })
    expect(errors).toEqual([])
    await page.close()
  })

  it("integration('helpdesk').openNewConnection() connects with an API key typed in the connect window", async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Screens Desk' })
    const { page, errors } = await openApp(token)
    await page.click('#new-helpdesk')
    const frame = await screenFrame(page, /\/embed\/integrations\/helpdesk\/connect/)
    const popupEvent = page.waitForEvent('popup')
    await frame.click('[data-connect="helpdesk"]')
    const popup = await popupEvent
    await popup.waitForSelector('input[name="apiKey"]')
    await popup.fill('input[name="apiKey"]', key.apiKey)
    await popup.click('button[type="submit"]')
    const result = await resultOf(page, 'newConnection')
    expect(result.value).toMatchObject({ integrationKey: 'helpdesk', externalAccount: { name: 'Screens Desk' } })
    expect(errors).toEqual([])
    await page.close()
  })

  it('a connection request link connects the customer and reports success', async () => {
    const other = await server.customerToken('request-customer', { name: 'Request Customer' })
    const made = await server.call('POST', '/connection-requests', { token: other, body: { integrationKey: 'crm' } })
    expect(made.status).toBe(201)
    expect(made.body.url).toBe(`${server.url}/screens/connections?connectionRequestId=${made.body.requestId}`)
    const page = await suite.browser.newPage()
    const errors = watchPageErrors(page)
    await page.goto(made.body.url)
    const popup = page.waitForEvent('popup')
    await page.click('#connect')
    await approveCrm(popup, 'Requested Co')
    await page.waitForSelector('#status.banner.ok')
    const after = await server.call('GET', `/connection-requests/${made.body.requestId}`, { token: other })
    expect(after.body).toMatchObject({ status: 'success', resultConnectionId: expect.any(String) })
    const theirs = await server.call('GET', `/connections/${after.body.resultConnectionId}`, { token: other })
    expect(theirs.body.externalAccount.name).toBe('Requested Co')
    expect(errors).toEqual([])
    await page.close()
  })

  it('screens in the console look, light and dark', async () => {
    await screenshotSchemes(
      suite.browser,
      `${server.url}/embed/integrations/crm?token=${encodeURIComponent(token)}`,
      'screens-integration',
      { width: 760, height: 640 }
    )
  })

  it('refuses a foreign Host, a form from another origin and a missing token', async () => {
    const hostStatus = (
      await rawRequest(server.url, {
        path: `/embed/integrations/crm?token=${encodeURIComponent(token)}`,
        headers: { host: 'evil.example' }
      })
    ).status
    expect(hostStatus).toBe(403)
    const instance = await server.call('GET', `/flow-instance?flowKey=${FLOW_KEY}&integrationKey=crm`, { token })
    const forged = await fetch(`${server.url}/embed/flow-instances/${instance.body.id}/configuration`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: new URLSearchParams({ token, stage: 'won', enabled: '' }).toString()
    })
    expect(forged.status).toBe(403)
    const still = await server.call('GET', `/flow-instance?id=${instance.body.id}`, { token })
    expect(still.body.enabled).toBe(true)
    const anonymous = await fetch(`${server.url}/screens/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'integrationKey=crm'
    })
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).toContain('needs the customer token')
  })
})
