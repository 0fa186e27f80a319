import type { Dialog, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 15, defect 4: no lost edits in the builder. A new flow is not "Saved", leaving with
// unsaved edits asks, a deleted node comes back with undo (button, notice or Ctrl+Z) and goes
// again with redo, Escape closes the side panel, new flows get names of their own and node keys
// are safe in JSONata.

const card = (page: Page, key: string) => page.locator(`[data-node-key="${key}"]`)

describe('builder editing keeps the work', () => {
  let server: TestServer
  let page: Page
  let testCustomerId = ''

  setUpConsoleSuite((suite) => {
    ;({ server, page } = suite)
    testCustomerId = server.engine.customers.testCustomer().id
  })

  it('a new flow says it is not saved, and a second new flow gets a name of its own', async () => {
    await goTo(page, `#/flows/new?customer=${testCustomerId}`)
    const name = page.getByRole('textbox', { name: 'Flow name' })
    await expect.poll(() => name.inputValue()).toBe('Test Customer flow')
    await page.getByText('Not saved yet').waitFor()
    expect(await page.locator('.builder-status').getByText('Saved', { exact: true }).count()).toBe(0)
    const palette = page.getByRole('complementary', { name: 'Node types' })
    await palette.getByRole('button', { name: 'Add API Trigger', exact: true }).click()
    await card(page, 'trigger').waitFor()
    await page.getByRole('button', { name: 'Save flow' }).click()
    await page.locator('.builder-status').getByText('Saved', { exact: true }).waitFor()

    await goTo(page, '#/flows', 'Flows')
    await goTo(page, `#/flows/new?customer=${testCustomerId}`)
    await expect.poll(() => page.getByRole('textbox', { name: 'Flow name' }).inputValue()).toBe('Test Customer flow 2')
  })

  it('undoes a deleted node from the notice and with Ctrl+Z, redoes with Ctrl+Shift+Z; Escape closes the panel', async () => {
    const palette = page.getByRole('complementary', { name: 'Node types' })
    await palette.getByRole('button', { name: 'Add API Trigger', exact: true }).click()
    await palette.getByRole('button', { name: 'Add Transform Data', exact: true }).click()
    // the key is camelCase: `input.transformData` works in JSONata
    const panel = page.getByRole('complementary', { name: 'Node transformData' })
    await panel.waitFor()
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })

    await card(page, 'transformData').click()
    await panel.getByRole('button', { name: 'Delete node' }).click()
    await card(page, 'transformData').waitFor({ state: 'detached' })
    const notice = page.getByRole('status').filter({ hasText: 'Deleted node' })
    await notice.waitFor()
    await capture(page, 'builder-deleted-notice', { fullHeight: false })
    await notice.getByRole('button', { name: 'Undo' }).click()
    await card(page, 'transformData').waitFor()

    // the canvas's own Delete key, then the keyboard's undo and redo
    await card(page, 'transformData').click()
    await page.keyboard.press('Escape')
    await page.locator('.react-flow__node[data-id="transformData"]').click()
    await page.keyboard.press('Delete')
    await card(page, 'transformData').waitFor({ state: 'detached' })
    await page.locator('.react-flow__pane').click()
    await page.keyboard.press('Control+z')
    await card(page, 'transformData').waitFor()
    await page.keyboard.press('Control+Shift+z')
    await card(page, 'transformData').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Undo' }).first().click()
    await card(page, 'transformData').waitFor()
    expect(await page.getByRole('button', { name: 'Redo' }).isEnabled()).toBe(true)
  })

  it('draws the toolbar (undo, redo, not saved) and the canvas at 1280×720 and 1440×900, light and dark', async () => {
    const size = page.viewportSize()!
    try {
      for (const [width, height] of [
        [1280, 720],
        [1440, 900]
      ])
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.setViewportSize({ width, height })
          await page.emulateMedia({ colorScheme })
          await card(page, 'transformData').waitFor()
          await page.getByRole('button', { name: 'Undo' }).first().waitFor()
          await capture(page, `builder-toolbar-${width}-${colorScheme}`, { fullHeight: false })
        }
    } finally {
      await page.setViewportSize(size)
      await page.emulateMedia({ colorScheme: 'light' })
    }
  })

  it('asks before leaving with unsaved edits, and stays when the person says no', async () => {
    const asked: string[] = []
    let answer = false
    const onDialog = (dialog: Dialog) => {
      asked.push(dialog.message())
      void (answer ? dialog.accept() : dialog.dismiss())
    }
    page.on('dialog', onDialog)
    try {
      await page.getByRole('link', { name: 'Runs' }).first().click()
      await expect.poll(() => asked.length).toBe(1)
      expect(asked[0]).toContain('unsaved changes')
      // still in the builder, with the draft
      await card(page, 'transformData').waitFor()
      expect(await page.evaluate(() => window.location.hash)).toContain('flows/new')

      answer = true
      await page.getByRole('link', { name: 'Runs' }).first().click()
      await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor()
      expect(asked).toHaveLength(2)
    } finally {
      page.off('dialog', onDialog)
    }
  })
})
