import { statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from '../support/browser'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { HEADLESS_JS, spawnNode, type RunningProcess } from './process-helpers'

// Defect 7 of issue 15, against the built server: the console link survives restarts until
// rotated, new tabs of a signed-in browser get in, and every page says when the server is down.

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as { port: number }).port
  await new Promise((r) => probe.close(r))
  return port
}

async function start(dataDir: string, port: number): Promise<{ run: RunningProcess; consoleUrl: string }> {
  const run = spawnNode(HEADLESS_JS, ['--port', String(port), '--data-dir', dataDir], { WORKBENCH_LOG_LEVEL: 'warn' })
  const [, consoleUrl] = await run.waitFor(/Console\s+(http:\/\/127\.0\.0\.1:\d+\/console\/#secret=[\w-]+)/)
  return { run, consoleUrl }
}

async function stop(run: RunningProcess): Promise<void> {
  run.child.kill('SIGTERM')
  await run.exited
}

describe('the console session across tabs and restarts (built headless server)', () => {
  let browser: Browser | undefined
  const running: RunningProcess[] = []

  afterAll(async () => {
    await browser?.close()
    for (const run of running) if (run.child.exitCode === null) await stop(run)
    removeTempDirs()
  })

  it('lets new tabs in, keeps the link across a restart, shows the server down and recovers, and locks out a rotated link', async () => {
    const dataDir = makeTempDir()
    const port = await freePort()
    const first = await start(dataDir, port)
    running.push(first.run)
    expect(statSync(join(dataDir, 'console-secret')).mode & 0o777).toBe(0o600)

    browser = await launchBrowser()
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const tab = await context.newPage()
    tab.setDefaultTimeout(15_000)
    await tab.goto(first.consoleUrl)
    await tab.getByRole('heading', { name: 'Customers', level: 1 }).waitFor()

    // a new tab of the same browser, without the secret in its URL
    const second = await context.newPage()
    second.setDefaultTimeout(15_000)
    await second.goto(`http://127.0.0.1:${port}/console/#/settings`)
    await second.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    expect(await second.getByRole('heading', { name: 'Unlock the console' }).count()).toBe(0)
    await second.close()

    // the server stops: the open page says so, then recovers by itself when it is back
    await stop(first.run)
    await tab.getByRole('alert').filter({ hasText: 'The Workbench is not answering' }).waitFor()
    expect(await tab.locator('.app[data-offline]').count()).toBe(1)
    await screenshot(tab, 'console-server-down')
    const again = await start(dataDir, port)
    running.push(again.run)
    expect(again.consoleUrl).toBe(first.consoleUrl)
    await tab.getByRole('alert').filter({ hasText: 'The Workbench is not answering' }).waitFor({ state: 'detached' })
    expect(await tab.locator('.app[data-offline]').count()).toBe(0)

    // the same URL in a browser that never saw it, after the restart
    const fresh = await browser.newContext()
    const other = await fresh.newPage()
    other.setDefaultTimeout(15_000)
    await other.goto(first.consoleUrl)
    await other.getByRole('heading', { name: 'Customers', level: 1 }).waitFor()

    // rotating in Settings: this tab goes on, the old link and the other browser are locked out
    await tab.evaluate(() => (window.location.hash = '#/settings'))
    await tab.getByRole('button', { name: 'Rotate console secret' }).click()
    await tab.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click()
    await tab.getByText('Console secret rotated').waitFor()
    await tab.reload()
    await tab.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await other.reload()
    await other.getByRole('heading', { name: 'Unlock the console' }).waitFor()
    const stale = await (await browser.newContext()).newPage()
    await stale.goto(first.consoleUrl)
    await stale.getByRole('heading', { name: 'Unlock the console' }).waitFor()
    await fresh.close()
  }, 120_000)
})
