import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { capture, goTo, openConsole, type ConsoleSession } from '../support/console-page'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

// Issue 15, defect 5: tables stay inside their cards at 1280 wide (customer page's connections
// and flows, the connections list), and a name cut short can be read whole (it wraps or has a tooltip).

/** Tables wider than their card, and cut names without a tooltip, on the page shown. */
async function overflowOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    for (const table of document.querySelectorAll<HTMLTableElement>('.main table')) {
      const card = table.closest<HTMLElement>('.card') ?? table.parentElement!
      const t = table.getBoundingClientRect()
      const c = card.getBoundingClientRect()
      if (t.right > c.right + 1 || t.left < c.left - 1)
        problems.push(
          `${table.getAttribute('aria-label') ?? 'table'}: ${Math.round(t.width)} wide in a ${Math.round(c.width)} card`
        )
      for (const cell of table.querySelectorAll<HTMLElement>('td *')) {
        if (cell.children.length || !cell.textContent?.trim()) continue
        const cut = cell.scrollWidth > cell.clientWidth + 1 && getComputedStyle(cell).textOverflow === 'ellipsis'
        if (cut && !cell.closest('[title]')) problems.push(`"${cell.textContent.trim()}" cut without a tooltip`)
      }
    }
    return problems
  })
}

describe('tables fit their cards', () => {
  let server: TestServer
  const sessions: ConsoleSession[] = []

  beforeAll(async () => {
    server = await startTestServer()
    const token = await server.adminToken()
    const switched = await server.call('POST', '/demo-scenarios/demo/switch', { token })
    if (switched.status !== 200) throw new Error(`demo scenario: ${switched.status}`)
  }, 90_000)

  afterAll(async () => {
    for (const s of sessions) await s.close()
    await server?.stop()
    removeTempDirs()
  })

  for (const [width, height] of [
    [1280, 720],
    [1440, 900]
  ])
    for (const colorScheme of ['light', 'dark'] as const)
      it(`customer page and connections list at ${width}×${height}, ${colorScheme}`, async () => {
        const session = await openConsole(server, { width, height, colorScheme })
        sessions.push(session)
        const { page } = session
        try {
          await goTo(page, '#/customers/northwind', 'Northwind Traders')
          await page.getByRole('table').first().waitFor()
          expect(await overflowOf(page)).toEqual([])
          await capture(page, `tables-customer-${width}-${colorScheme}`)

          await goTo(page, '#/connections', 'Connections')
          await page.getByRole('table').first().waitFor()
          expect(await overflowOf(page)).toEqual([])
          await capture(page, `tables-connections-${width}-${colorScheme}`)
        } catch (error) {
          await screenshot(page, `failed-tables-${width}-${colorScheme}`)
          throw error
        }
      }, 60_000)
})
