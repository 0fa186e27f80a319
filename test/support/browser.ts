import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

/**
 * Debian's Chromium. Its old headless shell (`apt-get install -y chromium-headless-shell`, the same
 * Blink build without the browser UI) is preferred when present: it runs the same pages for about
 * half the CPU of the full browser, and the suite is CPU-bound on two cores. `.ci/run` installs both.
 */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path)) ??
  '/usr/bin/chromium'

/** Where browser tests save screenshots (`artifacts/screenshots/<name>.png`). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../artifacts/screenshots')

/**
 * Launches headless Chromium with the flags this network needs (no background connections).
 * Fails loudly when Chromium is missing rather than skipping: a skipped browser test would
 * pass with the feature broken.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium chromium-headless-shell" (or set CHROMIUM_PATH).`
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ],
    timeout: 30_000
  })
}

/** Collects page errors, console errors and failed responses, so a test can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return errors
}

/** Saves a full-page screenshot as `artifacts/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
