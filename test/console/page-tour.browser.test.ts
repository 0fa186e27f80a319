import { copyFileSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConsole } from '../support/console-page'
import { screenshot } from '../support/browser'
import { startTestServer, type TestServer } from '../support/test-server'

// Every page of the console on the demo workspace, at the two window sizes people use (1280 × 720
// laptop, 1440 × 900 desktop) in light and dark: each renders its heading (the builder's: its crumbs and name) with no page error and no
// sideways scrolling of the window. The 1440 × 900 screenshots (TOUR_SCREENSHOTS=all: every size)
// land in artifacts/screenshots/tour-*.png for a person to look at; UPDATE_README_SCREENSHOTS=1
// also copies the README's set into docs/screenshots.

const README_SHOTS: Record<string, string> = {
  customers: 'customers',
  tokens: 'tokens',
  connection: 'connection',
  snapshots: 'snapshots',
  run: 'flow-run',
  flow: 'flow-builder'
}

let server: TestServer
const pages: Array<{ name: string; hash: string }> = []

beforeAll(async () => {
  server = await startTestServer()
  const admin = await server.adminToken()
  expect((await server.call('POST', '/demo-scenarios/demo/switch', { token: admin })).status).toBe(200)
  const customers = (await server.call('GET', '/customers', { token: admin })).body.items
  const northwind = customers.find((c: { internalId: string }) => c.internalId === 'northwind')
  const token = await server.customerToken('northwind')
  const connection = (await server.call('GET', '/connections', { token })).body.items[0]
  const run = (await server.call('GET', '/flow-runs?limit=1', { token })).body.items[0]
  const instance = (await server.call('GET', '/flow-instances', { token })).body.items[0]
  const flow = (await server.call('GET', '/flows', { token: admin })).body.items[0]
  pages.push(
    { name: 'customers', hash: '#/customers' },
    { name: 'customer', hash: `#/customers/${northwind.id}` },
    { name: 'field-schema', hash: '#/field-schema' },
    { name: 'tokens', hash: '#/tokens' },
    { name: 'integrations', hash: '#/integrations' },
    { name: 'connections', hash: '#/connections' },
    { name: 'connection', hash: `#/connections/${connection.id}` },
    { name: 'flows', hash: '#/flows' },
    { name: 'flow', hash: `#/flows/${flow.id}` },
    { name: 'instances', hash: '#/instances' },
    { name: 'instance', hash: `#/instances/${instance.id}` },
    { name: 'runs', hash: '#/runs' },
    { name: 'run', hash: `#/runs/${run.id}` },
    { name: 'data-sources', hash: '#/data-sources' },
    { name: 'field-mappings', hash: '#/field-mappings' },
    { name: 'sandbox-data', hash: '#/data' },
    { name: 'app-events', hash: '#/app-events' },
    { name: 'snapshots', hash: '#/snapshots' },
    { name: 'activity', hash: '#/activity' },
    { name: 'settings', hash: '#/settings' }
  )
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

describe.each([
  { width: 1280, height: 720, colorScheme: 'light' as const },
  { width: 1440, height: 900, colorScheme: 'light' as const },
  { width: 1280, height: 720, colorScheme: 'dark' as const },
  { width: 1440, height: 900, colorScheme: 'dark' as const }
])('every console page at $width × $height, $colorScheme', (view) => {
  it('renders its heading, with no page error and no sideways scroll', async () => {
    const session = await openConsole(server, view)
    try {
      for (const { name, hash } of pages) {
        await session.page.evaluate((to) => (window.location.hash = to), hash)
        await session.page.locator('h1:visible, .builder-heading').first().waitFor()
        // wait for the page's loading state to end before judging its width
        await expect.poll(() => session.page.locator('.spinner').count(), { message: `${name} still loading` }).toBe(0)
        const overflow = await session.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        )
        expect(overflow, `${name} scrolls sideways at ${view.width} wide`).toBeLessThanOrEqual(0)
        // a full-page PNG costs more than the checks above: by default one size in light and dark
        if (view.width !== 1440 && process.env.TOUR_SCREENSHOTS !== 'all') continue
        const file = await screenshot(session.page, `tour-${view.width}-${view.colorScheme}-${name}`)
        const readmeName = README_SHOTS[name]
        if (process.env.UPDATE_README_SCREENSHOTS === '1' && readmeName && view.colorScheme === 'light') {
          const docs = resolve(__dirname, '../../docs/screenshots')
          mkdirSync(docs, { recursive: true })
          copyFileSync(file, join(docs, `${readmeName}.png`))
        }
      }
      expect(session.errors).toEqual([])
    } finally {
      await session.close()
    }
  })
})
