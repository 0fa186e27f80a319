import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import type { Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, watchPageErrors } from '../support/browser'
import { connectBoth } from '../support/sandbox-client'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

const APP_ROOT = resolve(__dirname, 'react-app')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }

let server: TestServer
let app: Server
let appUrl: string
let browser: Browser
let customerToken: string

beforeAll(async () => {
  server = await startTestServer()
  const admin = await server.adminToken()
  for (const [path, body] of [
    [
      '/flows',
      { key: 'react-flow', name: 'React flow', integrationKey: 'crm', nodes: { trigger: { type: 'api-trigger' } } }
    ],
    [
      '/actions',
      {
        key: 'react-action',
        name: 'React action',
        integrationKey: 'crm',
        type: 'list-data-records',
        config: { dataSource: { collectionKey: 'contacts' } }
      }
    ]
  ] as const) {
    const made = await server.call('POST', path, { token: admin, body })
    expect(made.status).toBe(201)
  }
  customerToken = await server.customerToken('react-customer', { name: 'React Customer' })
  await connectBoth(server, customerToken, { crm: 'React CRM', helpdesk: 'React Desk' })

  // the page is bundled here, as an app would build it, so the test runs what the package ships
  const outDir = makeTempDir()
  await build({
    root: APP_ROOT,
    base: './',
    logLevel: 'silent',
    configFile: false,
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: false }
  })
  app = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app')
    if (url.pathname === '/token') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(customerToken)
      return
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    const file = join(outDir, url.pathname === '/' ? 'index.html' : url.pathname)
    if (!file.startsWith(outDir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((done) => app.listen(0, '127.0.0.1', done))
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  app?.closeAllConnections()
  await new Promise((done) => app?.close(done))
  await server?.stop()
  removeTempDirs()
})

describe('@membranehq/react against the Workbench', { timeout: 120_000 }, () => {
  it('every hook loads without an error state, and the connect UI connects', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } })
    const errors = watchPageErrors(page)
    page.on('response', (r) => {
      if (r.status() === 404) errors.push(`404 ${r.url()}`)
    })
    await page.goto(`${appUrl}/?api=${encodeURIComponent(server.url)}`)
    await page.waitForSelector('tr[data-hook]')
    await page.waitForFunction(
      () => {
        const states = (window as unknown as { hookStates: Record<string, { loading: boolean; id?: string }> })
          .hookStates
        const all = Object.values(states)
        return all.length >= 13 && all.every((s) => !s.loading) && !!states.useConnection?.id
      },
      undefined,
      { timeout: 60_000 }
    )
    const states = await page.evaluate(
      () =>
        (window as unknown as { hookStates: Record<string, { error?: string; count?: number; id?: string }> })
          .hookStates
    )
    const failing = Object.entries(states).filter(([, s]) => s.error)
    expect(failing).toEqual([])
    expect(states.useIntegrations.count).toBeGreaterThanOrEqual(2)
    expect(states.useConnections.count).toBe(2)
    for (const name of [
      'useIntegration',
      'useConnection',
      'useFlow',
      'useFlowInstance',
      'useAction',
      'useActionInstance'
    ])
      expect(states[name].id, name).toBeTruthy()
    await screenshot(page, 'react-hooks')

    await page.click('#connect')
    await page.waitForSelector('#__integration-app-popup')
    const frame = await (async () => {
      await expect
        .poll(() => page.frames().some((f) => /\/screens\/connect/.test(f.url())), { timeout: 20_000 })
        .toBe(true)
      return page.frames().find((f) => /\/screens\/connect/.test(f.url()))!
    })()
    await frame.waitForSelector('[data-connect="crm"]')
    const popupEvent = page.waitForEvent('popup')
    await frame.click('[data-connect="crm"]')
    const popup = await popupEvent
    await popup.waitForSelector('#approve')
    await popup.fill('#account', 'React CRM again')
    await popup.click('#approve')
    await page.waitForFunction(
      () => document.getElementById('outcome')?.textContent?.startsWith('connected'),
      undefined,
      {
        timeout: 30_000
      }
    )
    expect(errors).toEqual([])
    await page.close()
  })
})
