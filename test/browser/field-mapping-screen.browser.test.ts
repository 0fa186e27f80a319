import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { connectBoth } from '../support/sandbox-client'
import {
  resultOf,
  screenFrame,
  screenshotSchemes,
  sdkAppPage,
  setUpSdkPageSuite,
  type AppPage,
  type SdkPageSuite
} from '../support/sdk-page'
import type { TestServer } from '../support/test-server'

// The embedded field mapping instance configuration screen: a customer edits their own mapping
// inside your app, opened by the SDK's browser bundle (`uiUri` at the Workbench) and from the
// integration page.

const APP_PAGE = sdkAppPage({
  title: 'Mapping app',
  buttons: {
    'configure-mapping': 'Configure mapping',
    'open-crm': 'Open CRM'
  },
  screens: true,
  script: `
  document.getElementById('configure-mapping').onclick = () =>
    run('mapping', () => client.fieldMappingInstance(params.get('instance')).openConfiguration())
  document.getElementById('open-crm').onclick = () => run('open', () => client.integration('crm').open())`
})

const PERSON = {
  type: 'object',
  properties: { fullName: { type: 'string', title: 'Full name' }, email: { type: 'string', title: 'Email' } }
}

let server: TestServer
let suite: SdkPageSuite
let token: string
let instanceId: string

setUpSdkPageSuite(
  (ready) => {
    suite = ready
    server = ready.server
  },
  {
    app: APP_PAGE,
    prepare: async (s) => {
      const admin = await s.adminToken()
      for (const [path, body] of [
        ['/data-sources', { key: 'contacts', name: 'Contacts', udm: 'contacts' }],
        [
          '/field-mappings',
          {
            key: 'contact-person',
            name: 'Contact as person',
            dataSourceKey: 'contacts',
            direction: 'import',
            appSchema: PERSON,
            defaultImportValue: { fullName: { $jsonata: 'firstName & " " & lastName' }, email: { $var: '$.email' } }
          }
        ]
      ] as const) {
        const made = await s.call('POST', path, { token: admin, body })
        expect(made.status, JSON.stringify(made.body)).toBe(201)
      }
      token = await s.customerToken('mapping-customer', { name: 'Mapping Customer' })
      const { crm } = await connectBoth(s, token, { crm: 'Mapping Co', helpdesk: 'Mapping Desk' })
      const instance = await s.call(
        'GET',
        `/field-mapping-instance?fieldMappingKey=contact-person&connectionId=${crm.id}&autoCreate=true`,
        { token }
      )
      expect(instance.status, JSON.stringify(instance.body)).toBe(200)
      instanceId = instance.body.id
    }
  }
)

function openApp(): Promise<AppPage> {
  return suite.openApp({ token, instance: instanceId }, { width: 1100, height: 820 })
}

async function mapping(): Promise<{ importValue: unknown; customized: { importValue: boolean } }> {
  return (await server.call('GET', `/field-mapping-instances/${instanceId}`, { token })).body
}

describe('the field mapping configuration screen', { timeout: 120_000 }, () => {
  it('fieldMappingInstance(id).openConfiguration(): a bad expression shows on its field, a good one is saved, reset', async () => {
    const { page, errors } = await openApp()
    await page.click('#configure-mapping')
    const frame = await screenFrame(page, /\/embed\/field-mapping-instances\/.+\/configuration/)
    expect(await frame.textContent('h1')).toBe('Contact as person')
    expect(await frame.inputValue('input[name="field.email"]')).toBe('$.email')
    expect(await frame.inputValue('input[name="field.fullName"]')).toBe('= firstName & " " & lastName')

    await frame.fill('input[name="field.fullName"]', '= firstName & (')
    await frame.click('button:has-text("Save")')
    await frame.waitForSelector('.field-error')
    expect(await frame.getAttribute('input[name="field.fullName"]', 'aria-invalid')).toBe('true')
    expect(await frame.locator('.field-error').allTextContents()).toEqual([
      expect.stringContaining('importValue.fullName.$jsonata is not a valid JSONata expression')
    ])
    expect(await frame.textContent('.banner.error')).toBe('Nothing was saved: fix the field marked below.')
    // what the customer typed stays in the field; nothing was saved
    expect(await frame.inputValue('input[name="field.fullName"]')).toBe('= firstName & (')
    expect((await mapping()).customized.importValue).toBe(false)
    await screenshot(page, 'screens-field-mapping-error')

    await frame.fill('input[name="field.fullName"]', '= $uppercase(firstName)')
    await frame.fill('input[name="field.email"]', '')
    await frame.click('button:has-text("Save")')
    await frame.waitForSelector('.banner.ok')
    expect(await frame.textContent('.banner.ok')).toContain('Saved as your mapping')
    expect(await mapping()).toMatchObject({
      importValue: { fullName: { $jsonata: '$uppercase(firstName)' } },
      customized: { importValue: true }
    })
    expect((await mapping()).importValue).not.toHaveProperty('email')
    await screenshot(page, 'screens-field-mapping-saved')

    await frame.click('button:has-text("Reset to default")')
    await frame.waitForSelector('.banner.ok:has-text("default")')
    expect(await frame.inputValue('input[name="field.email"]')).toBe('$.email')
    expect((await mapping()).customized.importValue).toBe(false)

    await frame.click('[data-close]')
    expect(await resultOf(page, 'mapping')).toMatchObject({ ok: true })
    // the one 422 is the form sent back with its error on purpose above
    expect(errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)'
    ])
    await page.close()
  })

  it("integration('crm').open() lists the field mapping and opens the same screen", async () => {
    const { page, errors } = await openApp()
    await page.click('#open-crm')
    const frame = await screenFrame(page, /\/embed\/integrations\//)
    await frame.waitForSelector('h2:has-text("Field mappings")')
    await frame.click('a[aria-label="Edit Contact as person"]')
    await frame.waitForSelector('input[name="field.email"]')
    await frame.fill('input[name="field.email"]', 'fixed@example.com')
    await frame.click('button:has-text("Save")')
    await frame.waitForSelector('.banner.ok')
    expect((await mapping()).importValue).toMatchObject({ email: 'fixed@example.com' })
    await frame.click('a:has-text("Sandbox CRM")')
    await frame.waitForSelector('h2:has-text("Field mappings")')
    expect(await frame.textContent('.rows:last-of-type')).toContain('Yours')
    expect(errors).toEqual([])
    await page.close()
  })

  it('looks like the console, light and dark', async () => {
    await screenshotSchemes(
      suite.browser,
      `${server.url}/embed/field-mapping-instances/${instanceId}/configuration?token=${encodeURIComponent(token)}`,
      'screens-field-mapping',
      { width: 760, height: 720 }
    )
  })
})
