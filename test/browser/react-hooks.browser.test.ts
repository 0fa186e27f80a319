import { existsSync, readFileSync } from 'node:fs'
import type { RequestListener } from 'node:http'
import { extname, join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { connectBoth } from '../support/sandbox-client'
import { approveCrm, screenFrame, setUpSdkPageSuite, type SdkPageSuite } from '../support/sdk-page'
import { makeTempDir } from '../support/temp-dir'

const APP_ROOT = resolve(__dirname, 'react-app')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }

let suite: SdkPageSuite
let customerToken: string
let outDir: string

/** The app's server: the built page, and the customer's token at `/token` (the provider fetches it). */
const app: RequestListener = (req, res) => {
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
}

setUpSdkPageSuite((ready) => (suite = ready), {
  app,
  timeout: 180_000,
  prepare: async (server) => {
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
    outDir = makeTempDir()
    await build({
      root: APP_ROOT,
      base: './',
      logLevel: 'silent',
      configFile: false,
      plugins: [react()],
      build: { outDir, emptyOutDir: true, minify: false }
    })
  }
})

describe('@membranehq/react against the Workbench', { timeout: 120_000 }, () => {
  it('every hook loads without an error state, and the connect UI connects', async () => {
    const { page, errors } = await suite.openApp({}, { width: 1000, height: 800 })
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
    const frame = await screenFrame(page, /\/screens\/connect/)
    await frame.waitForSelector('[data-connect="crm"]')
    const popup = page.waitForEvent('popup')
    await frame.click('[data-connect="crm"]')
    await approveCrm(popup, 'React CRM again')
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
