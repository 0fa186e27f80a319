import { readFileSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { screenshot, watchPageErrors } from './browser'
import { sharedBrowser } from './shared-browser'
import { removeTempDirs } from './temp-dir'
import { startTestServer, type TestServer } from './test-server'

/** The SDK's browser bundle (it defines `MembraneClient`), which app pages load as `/sdk/bundle.js`. */
const SDK_BUNDLE = resolve(__dirname, '../../node_modules/@membranehq/sdk/dist/bundle.js')

/** A page of the customer's app in the file's browser, and the errors it logs. */
export interface AppPage {
  page: Page
  errors: string[]
}

/** A browser suite of a customer's app on its own origin, calling a test server through an SDK. */
export interface SdkPageSuite {
  server: TestServer
  /** The file's Chromium (closed by `file-lifecycle.ts`). */
  browser: Browser
  /** The app's origin, another port of 127.0.0.1 than the Workbench's. */
  appUrl: string
  /**
   * Opens the app's page with `api` (the Workbench's URL) and `query` in its query string. Besides
   * the page's errors, every 404 it meets is one: a route the SDK calls that the Workbench lacks.
   */
  openApp(query: Record<string, string>, viewport: { width: number; height: number }): Promise<AppPage>
}

/** What an app page's `run(key, fn)` stored in `window.results[key]`. */
export interface AppResult {
  ok: boolean
  value?: any
  error?: string
  data?: unknown
}

/**
 * Registers the hooks of an SDK page suite (call it at the file's top level): before all, a test
 * server, seeded by `prepare`, and the app served on its own origin (as a real customer-facing
 * app), handed to `ready`; after all, the app and the server stopped. `app` is either the HTML of
 * a page that loads the SDK's browser bundle from `/sdk/bundle.js`, or the app's own handler.
 */
export function setUpSdkPageSuite(
  ready: (suite: SdkPageSuite) => void,
  options: { app: string | RequestListener; prepare?: (server: TestServer) => unknown; timeout?: number }
): void {
  let server: TestServer | undefined
  let app: Server | undefined

  beforeAll(async () => {
    const started = await startTestServer()
    server = started
    await options.prepare?.(started)
    const listening = createServer(typeof options.app === 'string' ? sdkBundleApp(options.app) : options.app)
    app = listening
    await new Promise<void>((done) => listening.listen(0, '127.0.0.1', done))
    const appUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
    const browser = await sharedBrowser()
    ready({
      server: started,
      browser,
      appUrl,
      async openApp(query, viewport) {
        const page = await browser.newPage({ viewport })
        const errors = watchPageErrors(page)
        page.on('response', (r) => {
          if (r.status() === 404) errors.push(`404 ${r.url()}`)
        })
        await page.goto(`${appUrl}/?${new URLSearchParams({ api: started.url, ...query })}`)
        return { page, errors }
      }
    })
  }, options.timeout)

  afterAll(async () => {
    app?.closeAllConnections()
    await new Promise((done) => (app ? app.close(done) : done(undefined)))
    await server?.stop()
    removeTempDirs()
  })
}

/** The app's handler: the SDK's browser bundle at `/sdk/bundle.js`, `html` at every other path. */
function sdkBundleApp(html: string): RequestListener {
  const bundle = readFileSync(SDK_BUNDLE)
  return (req, res) => {
    if (req.url?.startsWith('/sdk/bundle.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      res.end(bundle)
    } else if (req.url?.startsWith('/favicon')) {
      res.writeHead(204).end()
    } else {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(html)
    }
  }
}

/**
 * The HTML of a customer's app page: the SDK's browser bundle, `client` (a `MembraneClient` with the
 * `token` and `api` of the query string, and `uiUri` at the Workbench too when `screens`: the SDK
 * opens its screens from there), `params` (the query string), and `run(key, fn)`, which stores fn's
 * outcome in `window.results[key]` for {@link resultOf}. `buttons` are id → label; `script` wires them.
 */
export function sdkAppPage(options: {
  title: string
  buttons: Record<string, string>
  script: string
  screens?: boolean
}): string {
  const buttons = Object.entries(options.buttons).map(([id, label]) => `<button id="${id}">${label}</button>`)
  const uiUri = options.screens ? ", uiUri: params.get('api')" : ''
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${options.title}</title></head>
<body>
<h1>${options.title}</h1>
${buttons.join('\n')}
<script src="/sdk/bundle.js"></script>
<script>
  const params = new URLSearchParams(location.search)
  const client = new MembraneClient({ token: params.get('token'), apiUri: params.get('api')${uiUri} })
  window.results = {}
  const run = (key, fn) => fn().then(
    (value) => { window.results[key] = { ok: true, value } },
    (error) => { window.results[key] = { ok: false, error: String((error && error.message) || error), data: error && error.data } }
  )
${options.script}
</script>
</body></html>`
}

/** Waits for the app page's `run(key, …)` to settle and returns what it stored. */
export async function resultOf(page: Page, key: string): Promise<AppResult> {
  await page.waitForFunction(
    (k) => (window as unknown as { results: Record<string, unknown> }).results[k] !== undefined,
    key,
    { timeout: 30_000 }
  )
  return page.evaluate((k) => (window as unknown as { results: Record<string, AppResult> }).results[k], key)
}

/** The SDK's iframe whose URL matches `path`, once its screen has loaded. */
export async function screenFrame(page: Page, path: RegExp): Promise<Frame> {
  await page.waitForSelector('#__integration-app-popup')
  const found = () => page.frames().find((f) => path.test(f.url()))
  await expect.poll(() => !!found(), { timeout: 20_000 }).toBe(true)
  const frame = found()!
  await frame.waitForSelector('h1')
  return frame
}

/**
 * Approves the CRM consent page in a popup, as a person would: the account name typed, then
 * Approve. `screenshotAs` saves the filled page first.
 */
export async function approveCrm(
  popup: Page | Promise<Page>,
  account: string,
  options: { screenshotAs?: string } = {}
): Promise<void> {
  const consent = await popup
  await consent.waitForURL(/\/sandbox\/crm\/oauth\/authorize\?/)
  await consent.waitForSelector('#approve')
  await consent.fill('#account', account)
  if (options.screenshotAs) await screenshot(consent, options.screenshotAs)
  await consent.click('#approve')
}

/** Screenshots of a Workbench screen in both colour schemes, as `<name>-light.png` and `<name>-dark.png`. */
export async function screenshotSchemes(
  browser: Browser,
  url: string,
  name: string,
  viewport: { width: number; height: number }
): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ colorScheme: scheme, viewport })
    await page.goto(url)
    await page.waitForSelector('h1')
    await screenshot(page, `${name}-${scheme}`)
    await page.close()
  }
}
