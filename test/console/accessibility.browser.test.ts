import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, settleAnimations, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Defect 10 of issue 15: axe-core on every console page, light and dark, with no serious or
// critical violation; the skip link; dialogs that start on their first field and give focus back.

// evaluated through the DevTools protocol: the console's CSP (script-src 'self') rightly refuses an inline script tag
const AXE_SOURCE = readFileSync(resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8')

interface Finding {
  id: string
  impact: string
  help: string
  nodes: string[]
}

async function seriousViolations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<any> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
      }))
  })
}

describe('accessibility of every console page (axe-core)', () => {
  let server: TestServer
  let page: Page
  const pages: [string, string | RegExp][] = []

  setUpConsoleSuite((suite) => ({ server, page } = suite), {
    prepare: async (server) => {
      await server.engine.scenarios.switchTo('demo')
    }
  })

  it('has no serious or critical violation on any page, in light and in dark', async () => {
    const actor = server.engine.consoleActor
    const customer = server.engine.customers.list({ limit: 5 }).items.find((c) => !c.isTest)!
    const connection = server.engine.connections.list(actor, {}).items[0]
    const flow = server.engine.flows.list({}).items[0]
    const instance = server.engine.flowInstances.list(actor, {}).items[0]
    const eventType = await server.call('POST', '/app-event-types', {
      token: await server.adminToken(),
      body: { key: 'a11y-event', name: 'A11y event', example: { id: 1 } }
    })
    pages.push(
      ['#/customers', 'Customers'],
      [`#/customers/${customer.id}`, customer.name],
      ['#/test-customer', 'Test customer'],
      ['#/field-schema', 'Field schema'],
      ['#/tokens', 'Tokens'],
      ['#/settings', 'Settings'],
      ['#/activity', 'Activity'],
      ['#/integrations', 'Integrations'],
      ['#/connections', 'Connections'],
      ...(connection ? [[`#/connections/${connection.id}`, /.+/] as [string, RegExp]] : []),
      ['#/flows', 'Flows'],
      ...(flow ? [[`#/flows/${flow.id}`, /.+/] as [string, RegExp]] : []),
      ['#/instances', 'Instances'],
      ...(instance ? [[`#/instances/${instance.id}`, /.+/] as [string, RegExp]] : []),
      ['#/runs', 'Runs'],
      ['#/snapshots', 'Snapshots'],
      ['#/data', 'Sandbox data'],
      ['#/data?app=helpdesk', 'Sandbox data'],
      ['#/app-events', 'App events'],
      [`#/app-events/${eventType.body.id}`, 'A11y event']
    )
    expect(pages.length).toBeGreaterThanOrEqual(15)
    const found: Record<string, Finding[]> = {}
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const [hash, heading] of pages) {
        if (typeof heading === 'string') await goTo(page, hash, heading)
        else {
          await goTo(page, hash)
          await page.locator('main').getByRole('heading').first().waitFor()
        }
        await page.waitForLoadState('networkidle').catch(() => undefined)
        await page
          .locator('.skeleton, [aria-busy="true"]')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined)
        // colours change with a transition after the scheme switches: measure the settled page
        await settleAnimations(page)
        const violations = await seriousViolations(page)
        if (violations.length) found[`${scheme} ${hash}`] = violations
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(found).toEqual({})
  }, 240_000)

  it('offers a skip link first, which moves focus to the page', async () => {
    await goTo(page, '#/customers', 'Customers')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true)
    await capture(page, 'skip-link', { fullHeight: false })
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content')
  })

  it('opens "New customer" on its first field (Enter does not cancel), and Escape gives focus back', async () => {
    await goTo(page, '#/customers', 'Customers')
    const opener = page.getByRole('button', { name: 'New customer' })
    await opener.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: /New customer/ })
    await dialog.waitFor()
    const focused = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      label: document.activeElement?.getAttribute('aria-label')
    }))
    expect(focused.tag).toBe('INPUT')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('names the workspace and the port in the title and the header, so two consoles open at once differ', async () => {
    await goTo(page, '#/runs', 'Runs')
    const port = new URL(server.url).port
    const name = server.engine.workspace.get().name
    await expect.poll(() => page.title()).toBe(`Runs · ${name} · :${port} · Integration Workbench`)
    expect(await page.locator('.sidebar .brand-sub').innerText()).toContain(`:${port}`)
  })

  // last: it leaves focus inside the page, where the skip-link check must not start
  it('has no serious or critical violation in "New HTTP integration" and "New action", in light and in dark', async () => {
    const made = await server.call('POST', '/integrations', {
      token: await server.adminToken(),
      body: {
        key: 'a11y-http',
        name: 'A11y HTTP',
        connectorId: 'http',
        parameters: { baseUrl: 'http://127.0.0.1:9/api' }
      }
    })
    expect(made.status).toBe(201)
    const found: Record<string, Finding[]> = {}
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await goTo(page, '#/integrations', 'Integrations')
      // each dialog with its errors shown, the state a person most often meets it in
      await page.getByRole('button', { name: 'New HTTP integration' }).click()
      const integration = page.getByRole('dialog', { name: 'New HTTP integration' })
      await integration.getByRole('button', { name: 'Create integration' }).click()
      await integration.getByText('Give the integration a name.').waitFor()
      await settleAnimations(page)
      const inIntegration = await seriousViolations(page)
      if (inIntegration.length) found[`${scheme} New HTTP integration`] = inIntegration
      await page.keyboard.press('Escape')
      await integration.waitFor({ state: 'detached' })

      await page.getByRole('region', { name: 'A11y HTTP' }).getByRole('button', { name: 'New action' }).click()
      const action = page.getByRole('dialog', { name: 'New action of A11y HTTP' })
      await action.getByRole('button', { name: 'Add input field' }).click()
      await action.getByRole('button', { name: 'Create action' }).click()
      await action.getByText('Name the field.').waitFor()
      await settleAnimations(page)
      const inAction = await seriousViolations(page)
      if (inAction.length) found[`${scheme} New action`] = inAction
      await page.keyboard.press('Escape')
      await action.waitFor({ state: 'detached' })
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(found).toEqual({})
  }, 120_000)
})
