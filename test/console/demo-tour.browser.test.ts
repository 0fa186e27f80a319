import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// A presenter's path: the built-in demo loaded from the snapshots page in one click, then the
// pages a demo shows (apps, connections, the deployed CRM → helpdesk flow with its webhook
// subscription, the run history with its failure, a customer), each with the demo's real data.

describe('the demo scenario in the console', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page

  setUpConsoleSuite((suite) => ({ server, session, page } = suite))

  it('loads the demo from the snapshots page in one click', async () => {
    await goTo(page, '#/snapshots', 'Snapshots')
    const scenarios = page.getByRole('region', { name: 'Scenarios' })
    await scenarios.getByRole('button', { name: 'Switch to demo' }).click()
    await page.getByRole('dialog', { name: 'Switch to “demo”?' }).getByRole('button', { name: 'Switch' }).click()
    await scenarios.getByText('Switched to “demo”').waitFor({ timeout: 30_000 })
    await scenarios.getByRole('row').filter({ hasText: 'demo' }).getByText('Current').waitFor()
    // the sidebar follows: the demo's workspace name and customer count
    await page.getByText('Acme SaaS (demo) · Headless').waitFor()
    expect(server.engine.customers.get('northwind').name).toBe('Northwind Traders')
  }, 60_000)

  it('shows the apps and the customers’ connections', async () => {
    await goTo(page, '#/integrations', 'Integrations')
    const crm = page.getByRole('region', { name: 'Sandbox CRM' })
    await expect
      .poll(async () =>
        Number(
          await crm
            .getByRole('link', { name: /\d connected$/ })
            .first()
            .locator('.count-value')
            .textContent()
        )
      )
      .toBeGreaterThan(0)
    await capture(page, 'demo-integrations')
    await goTo(page, '#/connections', 'Connections')
    await page.getByRole('link', { name: /Northwind Traders helpdesk/ }).waitFor()
    await capture(page, 'demo-connections')
  })

  it('opens the deployed CRM → helpdesk flow with its connection and webhook subscription', async () => {
    await goTo(page, '#/instances', 'Instances')
    const row = page.getByRole('row').filter({ hasText: 'Northwind Traders' }).filter({ hasText: 'New CRM contact' })
    await row
      .getByRole('link', { name: /New CRM contact/ })
      .first()
      .click()
    await page.locator('.react-flow__node').first().waitFor()
    await page.locator('.connection-chip').waitFor()
    await page.getByRole('button', { name: 'Setup details' }).click()
    const setup = page.getByRole('dialog', { name: 'Setup' })
    await setup.getByRole('table').getByText('contacts').waitFor()
    await capture(page, 'demo-instance-setup', { fullHeight: false })
    await setup.getByRole('button', { name: 'Close' }).first().click()
    // the trigger's form offers the collections of the connection's app
    const trigger = page
      .locator('.react-flow__node')
      .filter({ hasText: /Data Record Created/i })
      .first()
    await trigger.click()
    await page.locator('.node-panel').getByText('Collection').waitFor()
    await capture(page, 'demo-builder', { fullHeight: false })
  })

  it('shows the run history with its failure, and the failed node’s error', async () => {
    await goTo(page, '#/runs', 'Runs')
    const list = page.getByRole('list', { name: 'Runs' })
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(3)
    await capture(page, 'demo-runs')
    await page.getByRole('radio', { name: 'Failed' }).click()
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1)
    await list.getByRole('listitem').first().click()
    await page.getByRole('alert').filter({ hasText: 'The run failed' }).waitFor()
    await page
      .getByLabel(/^Run of node /)
      .getByRole('alert')
      .waitFor()
    await capture(page, 'demo-run-failed')
  })

  it('shows a customer with its connections, flows and runs', async () => {
    await goTo(page, '#/customers/northwind', 'Northwind Traders')
    await page.getByRole('region', { name: 'Connections' }).getByText('Northwind Traders helpdesk').waitFor()
    await page
      .getByRole('region', { name: 'Flows' })
      .getByText(/New CRM contact/)
      .waitFor()
    await page.getByRole('region', { name: 'Recent runs' }).getByRole('link').first().waitFor()
    await capture(page, 'demo-customer')
    expect(session.errors).toEqual([])
  })
})
