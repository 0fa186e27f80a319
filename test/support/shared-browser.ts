import type { Browser } from 'playwright-core'
import { launchBrowser } from './browser'

let shared: Promise<Browser> | undefined

/**
 * One Chromium per test file, shared by its suites and sessions: each session gets its own
 * browser context (cookies, storage, permissions apart), which is all a test needs. Launching
 * Chromium is the slowest step of a browser suite, so this saves one launch per extra session.
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser()
  return shared
}

/**
 * Closes the file's browser, if it launched one. Test files share this module when they run in
 * one worker (vitest's `isolate: false`), so every file's root `afterAll` calls this — the setup
 * file `test/support/file-lifecycle.ts` registers it — rather than a hook registered here once.
 */
export async function closeSharedBrowser(): Promise<void> {
  const browser = shared
  shared = undefined
  await (await browser?.catch(() => undefined))?.close()
}
