import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { connectCrm } from '../support/connect-flow'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 12, item 6: the field mapping editor on the test customer's CRM connection, with the
// preview of a real sandbox record, saving the customer's mapping (checked through REST) and reset.

const PERSON_SCHEMA = {
  type: 'object',
  properties: { fullName: { type: 'string' }, email: { type: 'string' }, stage: { type: 'string' } }
}

describe('the field mapping editor in a browser', () => {
  let server: TestServer
  let page: Page
  let connectionId = ''
  let admin = ''

  setUpConsoleSuite((suite) => ({ server, page } = suite), {
    prepare: async (s) => {
      admin = await s.adminToken()
      await s.call('POST', '/data-sources', {
        token: admin,
        body: { key: 'contacts', name: 'Contacts', udm: 'contacts' }
      })
      const made = await s.call('POST', '/field-mappings', {
        token: admin,
        body: {
          key: 'people',
          name: 'People',
          dataSourceKey: 'contacts',
          appSchema: PERSON_SCHEMA,
          direction: 'both',
          defaultImportValue: {
            fullName: { $jsonata: 'firstName & " " & lastName' },
            email: { $var: '$.email' },
            stage: { $var: '$.lifecycleStage' }
          },
          defaultExportValue: { email: { $var: '$.email' } }
        }
      })
      expect(made.status).toBe(201)
      const test = s.engine.customers.testCustomer()
      const token = await s.customerToken(test.internalId, { name: test.name })
      const run = await connectCrm(s, token, { account: 'Globex CRM' })
      connectionId = run.connection!.id
    }
  })

  it('lists data sources and field mappings, with a detail page for each', async () => {
    await page.getByRole('link', { name: 'Data sources' }).click()
    const sources = page.getByRole('table', { name: 'Data sources' })
    await sources.getByRole('link', { name: 'contacts' }).waitFor()
    await sources.getByText('UDM contacts').waitFor()
    await capture(page, 'data-sources')
    await sources.getByRole('link', { name: 'contacts' }).click()
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor()
    await page.getByText('No per-integration versions').waitFor()

    await page.getByRole('link', { name: 'Field mappings' }).click()
    const mappings = page.getByRole('table', { name: 'Field mappings' })
    await mappings.getByRole('link', { name: 'people' }).click()
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor()
    await capture(page, 'field-mapping-detail')
  })

  it('changes an expression, sees the preview change, saves the customer mapping and resets it', async () => {
    await goTo(page, `#/connections/${connectionId}`, 'Sandbox CRM')
    const editor = page.getByRole('region', { name: 'Field mapping: People' })
    await editor.waitFor()
    const preview = editor.getByTestId('preview-fullName')
    await expect.poll(() => preview.textContent()).not.toBe('—')
    const before = await preview.textContent()
    const email = (await editor.getByTestId('preview-email').textContent()) ?? ''
    expect(email).toContain('@')
    await capture(page, 'field-mapping-editor')

    const input = editor.getByLabel('Expression for fullName')
    await input.fill('$.email')
    await expect.poll(() => preview.textContent()).toBe(email)
    expect(email).not.toBe(before)

    // an expression that does not parse shows its error on the field and blocks saving
    await input.fill('= email &')
    await editor
      .getByText(/importValue\.fullName/)
      .first()
      .waitFor()
    await expect
      .poll(() => editor.getByRole('button', { name: 'Save as this customer’s mapping' }).isDisabled())
      .toBe(true)
    await capture(page, 'field-mapping-editor-error')
    await input.fill('$.email')
    await expect.poll(() => preview.textContent()).toBe(email)

    await editor.getByRole('button', { name: 'Save as this customer’s mapping' }).click()
    await editor.getByText('Saved as this customer’s mapping.').waitFor()
    const listed = await server.call('GET', `/field-mapping-instances?connectionId=${connectionId}`, { token: admin })
    expect(listed.status).toBe(200)
    const instance = listed.body.items.find((i: { fieldMappingKey?: string; key?: string }) => i.key === 'people')
    expect(instance).toMatchObject({
      isCustomized: true,
      importValue: { fullName: { $var: '$.email' }, email: { $var: '$.email' } }
    })

    await page.getByRole('radio', { name: 'Dark theme' }).click()
    await capture(page, 'field-mapping-editor-dark')
    await page.getByRole('radio', { name: 'Light theme' }).click()

    await editor.getByRole('button', { name: 'Reset to default' }).click()
    await editor.getByText('Back to the default mapping.').waitFor()
    await expect.poll(() => preview.textContent()).toBe(before)
    const after = await server.call('GET', `/field-mapping-instances/${instance.id}`, { token: admin })
    expect(after.body).toMatchObject({ isCustomized: false })
  })
})
