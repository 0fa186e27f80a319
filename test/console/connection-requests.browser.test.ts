import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 15's "Send any request through a connection" and the operation catalogue of issue 13 on
// a connection page, in real Chromium against headless mode.

describe('requests and operations on a connection page', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  let connectionId = ''
  let apiKey = ''

  setUpConsoleSuite((suite) => ({ server, session, page } = suite), {
    prepare: async (s) => {
      const key = s.engine.sandbox.createApiKey('helpdesk', { accountName: 'Console Desk' })
      apiKey = key.apiKey
      const token = await s.customerToken(s.engine.customers.testCustomer().internalId)
      const made = await s.call('POST', '/connections', {
        token,
        body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } }
      })
      expect(made.status).toBe(201)
      connectionId = made.body.id
    }
  })

  it('sends any request through the connection and keeps the last ones', async () => {
    await goTo(page, `#/connections/${connectionId}`, 'Sandbox Helpdesk')
    const card = page.getByRole('region', { name: 'Send any request' })
    await card.getByLabel('Path').fill('/tickets')
    await card.getByLabel('Query').fill('limit=2')
    await card.getByRole('button', { name: 'Send' }).click()
    const answer = card.getByTestId('request-answer')
    await answer.getByText('200', { exact: true }).waitFor()
    await answer.getByText(/\d+(\.\d+)? ms/).waitFor()

    await card.getByLabel('Method').selectOption('POST')
    await card.getByLabel('Body (JSON)').fill('{"subject": "Sent from the console", "priority": "high"}')
    await card.getByRole('button', { name: 'Send' }).click()
    await answer.getByText('201', { exact: true }).waitFor()
    const history = card.getByRole('table', { name: 'Last requests' })
    await history.getByText('POST /tickets').waitFor()
    await history.getByText('GET /tickets').waitFor()
    const tickets = await fetch(`${server.url}/sandbox/helpdesk/api/tickets?limit=100`, {
      headers: { 'x-api-key': apiKey }
    }).then((r) => r.json() as Promise<{ data: Array<{ subject: string }> }>)
    expect(tickets.data.map((t) => t.subject)).toContain('Sent from the console')

    await card.getByLabel('Body (JSON)').fill('{"subject": ')
    await card.getByRole('button', { name: 'Send' }).click()
    await card.getByText(/The body is not JSON/).waitFor()
    await capture(page, 'connection-send-request')
  })

  it('runs an operation from a form made from its input schema, and shows the problems the engine names', async () => {
    const card = page.getByRole('region', { name: 'Operations' })
    await card.getByLabel('Operation', { exact: true }).selectOption('create-ticket')
    await card.getByLabel(/^Subject/).fill('Operation ticket')
    await card.getByLabel(/^Priority/).selectOption('urgent')
    await card.getByRole('button', { name: 'Run operation' }).click()
    await card.getByRole('group', { name: 'Operation output' }).getByText('Operation ticket').first().waitFor()

    await card.getByLabel('Operation', { exact: true }).selectOption('get-ticket')
    await card.getByRole('button', { name: 'Run operation' }).click()
    await card.getByText('input.id is required').first().waitFor()
    await card.getByRole('alert').filter({ hasText: 'does not match its schema' }).waitFor()
    await capture(page, 'connection-operations')

    await page.getByRole('radio', { name: 'Dark theme' }).click()
    await capture(page, 'connection-operations-dark')
    await page.getByRole('radio', { name: 'Light theme' }).click()
    expect(session.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([])
  }, 60_000)
})
