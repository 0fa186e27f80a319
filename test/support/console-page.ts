import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, onTestFailed } from 'vitest'
import { screenshot, watchPageErrors } from './browser'
import { sharedBrowser } from './shared-browser'
import { removeTempDirs } from './temp-dir'
import { startTestServer, type TestServer } from './test-server'

/** A console page in Chromium, signed in with the launch link, and the errors it logs. */
export interface ConsoleSession {
  browser: Browser
  context: BrowserContext
  page: Page
  errors: string[]
  close(): Promise<void>
}

/** Opens the console of a test server in a fresh context of the file's browser (1360 × 860, light). */
export async function openConsole(
  server: TestServer,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}
): Promise<ConsoleSession> {
  const browser = await sharedBrowser()
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1360, height: options.height ?? 860 },
    colorScheme: options.colorScheme ?? 'light'
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  const errors = watchPageErrors(page)
  await page.goto(server.host.consoleUrl)
  await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor()
  return { browser, context, page, errors, close: () => context.close() }
}

/** A browser suite's test server and its console page. */
export interface ConsoleSuite {
  server: TestServer
  session: ConsoleSession
  page: Page
}

/**
 * Registers the hooks of a console browser suite (call it inside `describe`): before all, a test
 * server, seeded by `prepare`, and its console opened with the launch link, handed to `ready`; a
 * failing test's page saved as `failed-<test name>.png`; after all, browser and server stopped.
 */
export function setUpConsoleSuite(
  ready: (suite: ConsoleSuite) => void,
  options: { prepare?: (server: TestServer) => unknown } = {}
): void {
  let server: TestServer | undefined
  let session: ConsoleSession | undefined

  beforeAll(async () => {
    server = await startTestServer()
    await options.prepare?.(server)
    session = await openConsole(server)
    ready({ server, session, page: session.page })
  }, 60_000)

  beforeEach(() => {
    onTestFailed(async ({ task }) => {
      if (session)
        await screenshot(session.page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined)
    })
  })

  afterAll(async () => {
    await session?.close()
    await server?.stop()
    removeTempDirs()
  })
}

/** Goes to a console route (`#/runs`) and waits for its heading. */
export async function goTo(page: Page, hash: string, heading?: string | RegExp): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash)
  if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
}

/**
 * Lets the page's transitions and entrance animations (dialogs, drawers, a colour scheme's switch)
 * end; endless ones (spinners) are left running.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined))
    )
  )
}

/**
 * A screenshot of the whole page: the app scrolls inside `.main`, so the viewport grows to fit
 * first (full-height pages such as the builder keep the window size). Notices are hidden.
 */
export async function capture(page: Page, name: string, options: { fullHeight?: boolean } = {}): Promise<void> {
  await page.evaluate(() => document.querySelector<HTMLElement>('.toaster')?.style.setProperty('visibility', 'hidden'))
  await settleAnimations(page)
  const size = page.viewportSize()!
  const height =
    options.fullHeight === false
      ? size.height
      : await page.evaluate(
          () => document.querySelector('.main')?.scrollHeight ?? document.documentElement.scrollHeight
        )
  if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(height, 2600) })
  await screenshot(page, name)
  if (height > size.height) await page.setViewportSize(size)
  await page.evaluate(() => document.querySelector<HTMLElement>('.toaster')?.style.removeProperty('visibility'))
}
