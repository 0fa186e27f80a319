import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import { startHttpTarget, type HttpTarget } from '../support/http-target'
import type { TestServer } from '../support/test-server'

// Issue 15's "pages for creating HTTP-connector integrations and actions": made in the console,
// in real Chromium against headless mode, then run against a real HTTP service on 127.0.0.1.

/** A field's label, with or without the required mark after it. */
const named = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`)

describe('HTTP integrations and their actions, created in the console', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  let target: HttpTarget

  beforeAll(async () => {
    target = await startHttpTarget()
  })
  afterAll(async () => {
    await target.close()
  })

  setUpConsoleSuite((suite) => ({ server, session, page } = suite))

  it('creates an HTTP integration, with the problems shown under their fields first', async () => {
    await goTo(page, '#/integrations', 'Integrations')
    await page.getByRole('button', { name: 'New HTTP integration' }).click()
    const dialog = page.getByRole('dialog', { name: 'New HTTP integration' })
    await dialog.getByLabel(named('Key')).fill('billing service')
    await dialog.getByLabel(named('Base URL')).fill('ftp://127.0.0.1/api')
    await dialog.getByRole('button', { name: 'Create integration' }).click()
    // the message shows up, and it is the one the field's control is described by (read out with it)
    const expectErrorUnder = async (label: string, text: string | RegExp) => {
      const message = dialog.locator('.field-error').filter({ hasText: text })
      await message.waitFor()
      const id = await message.getAttribute('id')
      const describedBy = await dialog.getByLabel(named(label)).getAttribute('aria-describedby')
      expect(describedBy?.split(' ')).toContain(id)
    }
    await expectErrorUnder('Name', 'Give the integration a name.')
    await expectErrorUnder('Key', /Use letters, digits/)
    await expectErrorUnder('Base URL', 'Use an absolute http:// or https:// URL.')
    expect(await dialog.getByLabel(named('Key')).getAttribute('aria-invalid')).toBe('true')

    // the engine's own check, placed under its field: a key already taken
    await dialog.getByLabel(named('Name')).fill('Billing')
    await dialog.getByLabel(named('Key')).fill('crm')
    await dialog.getByLabel(named('Base URL')).fill(`${target.url}/api`)
    await dialog.getByLabel(named('Authentication')).selectOption({ label: 'No authentication' })
    await dialog.getByRole('button', { name: 'Create integration' }).click()
    await expectErrorUnder('Key', 'An integration with key "crm" already exists.')
    await capture(page, 'http-integration-errors')

    await dialog.getByLabel(named('Key')).fill('billing')
    await dialog.getByRole('button', { name: 'Create integration' }).click()
    await dialog.waitFor({ state: 'detached' })
    const card = page.getByRole('region', { name: 'Billing' })
    await card.getByText('billing · http').waitFor()
    await card.getByText('0 actions').waitFor()
    const stored = server.engine.integrations.list(server.engine.consoleActor, { limit: 100 }).items
    expect(stored.find((i) => i.key === 'billing')).toMatchObject({ name: 'Billing', connectorId: 'http' })
    expect(session.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([])
  })

  it('adds an action with its input as fields, and it runs against the service through a connection', async () => {
    const card = page.getByRole('region', { name: 'Billing' })
    await card.getByRole('button', { name: 'New action' }).click()
    const dialog = page.getByRole('dialog', { name: 'New action of Billing' })
    await dialog.getByLabel(named('Path')).fill('invoices')
    await dialog.getByRole('button', { name: 'Add input field' }).click()
    await dialog.getByRole('button', { name: 'Create action' }).click()
    await dialog.getByText('Give the action a name.').waitFor()
    await dialog.getByText('Start the path with "/"; it is relative to the base URL.').waitFor()
    await dialog.getByRole('group', { name: 'Input field 1' }).getByText('Name the field.').waitFor()

    await dialog.getByLabel(named('Name')).fill('Create invoice')
    await dialog.getByLabel(named('Key')).fill('create-invoice')
    await dialog.getByLabel(named('Method')).selectOption('POST')
    await dialog.getByLabel(named('Path')).fill('/invoices')
    const first = dialog.getByRole('group', { name: 'Input field 1' })
    await first.getByLabel(named('Field name')).fill('amount')
    await first.getByLabel(named('Type')).selectOption({ label: 'Number' })
    await first.getByLabel(named('Required')).check()
    await dialog.getByRole('button', { name: 'Add input field' }).click()
    const second = dialog.getByRole('group', { name: 'Input field 2' })
    await second.getByLabel(named('Field name')).fill('memo')
    await capture(page, 'http-action-new')
    await dialog.getByRole('button', { name: 'Create action' }).click()
    await dialog.waitFor({ state: 'detached' })
    await card.getByRole('list', { name: 'Actions of Billing' }).getByText('Create invoice').waitFor()
    await card.getByText('1 action', { exact: true }).waitFor()
    await capture(page, 'http-integrations')

    target.respond('/api/invoices', (request) => ({ status: 201, body: { id: 'inv-1', ...(request.body as object) } }))
    const token = await server.customerToken('billing-customer')
    const connected = await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'billing', authOptionKey: 'none', input: {} }
    })
    expect(connected.status).toBe(201)
    const ran = await server.call('POST', '/actions/create-invoice/run', {
      token,
      body: { input: { amount: 42, memo: 'From the console' } }
    })
    expect(ran.body.output).toEqual({ id: 'inv-1', amount: 42, memo: 'From the console' })
    expect(target.received.at(-1)).toMatchObject({ method: 'POST', path: '/api/invoices' })

    // the input the form described is checked: no request for a run without the required amount
    const before = target.received.length
    const refused = await server.call('POST', '/actions/create-invoice/run', { token, body: { input: { memo: 'x' } } })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('amount')
    expect(target.received.length).toBe(before)
  })

  it('is made with the keyboard alone, from the opener to the created action', async () => {
    const card = page.getByRole('region', { name: 'Billing' })
    await card.getByRole('button', { name: 'New action' }).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'New action of Billing' })
    await dialog.waitFor()
    const focusedLabel = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        const id = el?.id
        return (
          (id && document.querySelector(`label[for="${id}"]`)?.textContent?.replace('*', '').trim()) ||
          el?.getAttribute('aria-label') ||
          el?.closest('label')?.textContent?.trim() ||
          el?.textContent?.trim() ||
          ''
        )
      })
    // the dialog starts on its first field and Tab walks the form in reading order
    expect(await focusedLabel()).toBe('Name')
    await page.keyboard.type('List invoices')
    await page.keyboard.press('Tab')
    expect(await focusedLabel()).toBe('Key')
    await page.keyboard.type('list-invoices')
    await page.keyboard.press('Tab')
    expect(await focusedLabel()).toBe('Method')
    await page.keyboard.press('Tab')
    expect(await focusedLabel()).toBe('Path')
    await page.keyboard.type('/invoices')
    await page.keyboard.press('Tab')
    expect(await focusedLabel()).toBe('Add input field')
    await page.keyboard.press('Enter')
    // the new field takes the typing
    expect(await focusedLabel()).toBe('Field name')
    await page.keyboard.type('status')
    await page.keyboard.press('Tab')
    expect(await focusedLabel()).toBe('Type')
    await page.keyboard.press('Tab')
    expect(await focusedLabel()).toBe('Required')
    await page.keyboard.press('Space')
    expect(await dialog.getByRole('group', { name: 'Input field 1' }).getByLabel('Required').isChecked()).toBe(true)
    // Enter in a text field submits the form
    await dialog.getByRole('group', { name: 'Input field 1' }).getByLabel('Field name').focus()
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    await card.getByRole('list', { name: 'Actions of Billing' }).getByText('List invoices').waitFor()
    expect(await card.getByRole('button', { name: 'New action' }).evaluate((el) => el === document.activeElement)).toBe(
      true
    )

    target.respond('/api/invoices', (request) => ({ status: 200, body: { query: request.query } }))
    const token = await server.customerToken('billing-customer')
    const ran = await server.call('POST', '/actions/list-invoices/run', { token, body: { input: { status: 'open' } } })
    expect(ran.body.output).toEqual({ query: { status: 'open' } })
    expect(target.received.at(-1)).toMatchObject({ method: 'GET', path: '/api/invoices' })
  })
})
