import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import type { TestServer } from '../support/test-server'

describe('run retention in the console settings', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page

  setUpConsoleSuite((suite) => ({ server, session, page } = suite))

  it('shows the defaults and saves a new age and count limit, and "forever"', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    const days = page.getByLabel('Keep runs for')
    const count = page.getByLabel('Runs kept per flow instance')
    await days.scrollIntoViewIfNeeded()
    expect(await days.inputValue()).toBe('30')
    expect(await count.inputValue()).toBe('10000')
    await days.selectOption('90')
    await expect.poll(() => server.engine.workspace.get().runRetentionDays).toBe(90)
    await count.selectOption({ label: 'No limit' })
    await expect.poll(() => server.engine.workspace.get().runRetentionPerInstance).toBe(null)
    await expect.poll(() => count.inputValue()).toBe('forever')
    await capture(page, 'settings-run-retention')
    await page.getByRole('radio', { name: 'Dark theme' }).click()
    await capture(page, 'settings-run-retention-dark')
    await page.getByRole('radio', { name: 'Light theme' }).click()
    expect(session.errors).toEqual([])
  }, 60_000)
})
