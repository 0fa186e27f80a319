import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { capture, goTo, settleAnimations, setUpConsoleSuite } from '../support/console-page'
import { adHocFlow } from '../support/flow-helpers'
import { createGate, startHttpTarget, type HttpTarget } from '../support/http-target'
import type { TestServer } from '../support/test-server'

// Issue 15, defect 2: re-running a flow in the builder left the canvas blank (every node hidden)
// until a reload, and blinked nodes hidden on each poll of the run. Every frame of the canvas is
// watched during the runs: no node may ever be hidden or missing.

/** Starts recording, on every animation frame, whether any node of the canvas was hidden or missing. */
async function watchCanvas(page: Page, expected: number): Promise<void> {
  await page.evaluate((count) => {
    const w = window as unknown as { canvasWatch?: { bad: string[]; frames: number; stop: boolean } }
    const state = { bad: [] as string[], frames: 0, stop: false }
    w.canvasWatch = state
    const look = () => {
      if (state.stop) return
      state.frames++
      const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      if (nodes.length !== count) state.bad.push(`${nodes.length} of ${count} nodes on the canvas`)
      for (const n of nodes) {
        const style = getComputedStyle(n)
        const box = n.getBoundingClientRect()
        if (style.visibility === 'hidden' || box.width === 0 || box.height === 0)
          state.bad.push(`${n.dataset.id} hidden (${style.visibility}, ${box.width}×${box.height})`)
      }
      requestAnimationFrame(look)
    }
    requestAnimationFrame(look)
  }, expected)
}

async function stopWatching(page: Page): Promise<{ bad: string[]; frames: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { canvasWatch: { bad: string[]; frames: number; stop: boolean } }
    w.canvasWatch.stop = true
    return { bad: [...new Set(w.canvasWatch.bad)], frames: w.canvasWatch.frames }
  })
}

/** Resolves once the page has read the run (`runs.get`) `count` more times. */
function runReads(page: Page, count: number): Promise<void> {
  let seen = 0
  return new Promise((resolve) => {
    const onResponse = (response: { url(): string }) => {
      if (!response.url().endsWith('/console-api/runs.get') || ++seen < count) return
      page.off('response', onResponse)
      resolve()
    }
    page.on('response', onResponse)
  })
}

describe('builder re-runs keep the canvas drawn', () => {
  let server: TestServer
  let page: Page
  let target: HttpTarget
  let instanceId = ''
  // the slow step answers when the round opens its gate: each run stays in flight across several polls
  let gate = createGate()

  setUpConsoleSuite(
    (suite) => {
      ;({ server, page } = suite)
    },
    {
      prepare: async (s) => {
        target = await startHttpTarget()
        target.respond('/slow', () => ({ body: { ok: true }, hold: gate.promise }))
        const token = await s.customerToken('acme', { name: 'Acme' })
        instanceId = await adHocFlow(s, token, {
          trigger: { type: 'api-trigger', links: [{ key: 'fetch' }] },
          fetch: {
            type: 'custom-http-request',
            config: { request: { uri: `${target.url}/slow` } },
            links: [{ key: 'shape' }]
          },
          shape: { type: 'transform-data', config: { output: { done: true } } }
        })
      }
    }
  )
  afterAll(() => target?.close())

  it("offers the last run's input in the run dialog, not the generic sample", async () => {
    const token = await server.customerToken('acme', { name: 'Acme' })
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
      shape: { type: 'transform-data', config: { output: { got: { $var: 'input.trigger.record.name' } } } }
    })
    const started = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: id, input: { record: { id: 'c-42', name: 'Grace Hopper' } } }
    })
    expect(started.status).toBe(201)
    await goTo(page, `#/instances/${id}`)
    await page.locator('.react-flow__node[data-id="shape"]').waitFor()
    await page.getByRole('status', { name: 'Run progress' }).waitFor()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('"Grace Hopper"').waitFor()
    expect(await dialog.getByText('ada@example.com').count()).toBe(0)
    await settleAnimations(page)
    await capture(page, 'builder-run-dialog-last-input', { fullHeight: false })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it('shows every node throughout three runs in a row', async () => {
    await goTo(page, `#/instances/${instanceId}`)
    await page.locator('.react-flow__node[data-id="shape"]').waitFor()
    for (let round = 1; round <= 3; round++) {
      gate = createGate()
      await watchCanvas(page, 3)
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await settleAnimations(page)
      await page.getByRole('dialog').getByRole('button', { name: 'Run', exact: true }).click()
      const strip = page.getByRole('status', { name: 'Run progress' })
      await strip.getByText('Running').waitFor()
      // three polls of the run in flight, each redrawing the canvas, before the slow step answers
      await runReads(page, 3)
      gate.open()
      await strip.getByText(/^Completed in/).waitFor({ timeout: 20_000 })
      const seen = await stopWatching(page)
      expect(seen.frames).toBeGreaterThan(0)
      expect(seen.bad, `round ${round}`).toEqual([])
      expect(server.engine.changes.current().runs).toBeGreaterThan(0)
    }
    await capture(page, 'builder-after-reruns', { fullHeight: false })
  })
})
