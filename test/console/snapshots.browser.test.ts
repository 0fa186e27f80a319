import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import { connectCrm } from '../support/connect-flow'
import { adHocFlow, runToEnd } from '../support/flow-helpers'
import type { TestServer } from '../support/test-server'

// Issue 7 item 6: the snapshots page in real Chromium against headless mode. A customer's setup
// exported as a download, imported back into the same workspace as a copy with the dry-run
// report read first; scenarios saved, switched to, reset and deleted.

describe('snapshots page in a browser', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  let exported = ''

  setUpConsoleSuite((suite) => ({ server, session, page } = suite), {
    prepare: async (server) => {
      const token = await server.customerToken('acme', { name: 'Acme Rockets' })
      await connectCrm(server, token, { account: 'Acme CRM' })
      const flowId = await adHocFlow(server, token, {
        trigger: { type: 'manual-trigger', links: [{ key: 'shape' }] },
        shape: { type: 'transform-data', config: { output: { hello: { $var: 'input.trigger.name' } } } }
      })
      await runToEnd(server, token, flowId, { name: 'Ada' })
    }
  })

  it("exports one customer's setup as a file", async () => {
    await goTo(page, '#/snapshots', 'Snapshots')
    const exportCard = page.getByRole('region', { name: 'Export' })
    await exportCard.getByRole('combobox', { name: 'Customer' }).fill('Acme')
    await page.getByRole('option', { name: /Acme Rockets/ }).click()
    await exportCard.getByText('Include finished runs').click()
    await exportCard.getByRole('textbox', { name: 'Description' }).fill('QA-42: Acme setup')
    const downloading = page.waitForEvent('download')
    await exportCard.getByRole('button', { name: 'Export file' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^workbench-acme-\d{4}-\d{2}-\d{2}-\d{4}\.json$/)
    exported = (await download.path())!
    const file = JSON.parse(readFileSync(exported, 'utf8'))
    expect(file).toMatchObject({
      format: 'integration-workbench-snapshot',
      scope: { kind: 'customer' },
      secrets: { mode: 'omitted' },
      description: 'QA-42: Acme setup'
    })
    expect(file.customers.map((c: { internalId: string }) => c.internalId)).toEqual(['acme'])
    expect(file.connections).toHaveLength(1)
    expect(file.flowRuns).toHaveLength(1)
    await exportCard.getByText(/^Saved workbench-acme-/).waitFor()
  })

  it('imports the file into the same workspace as a copy: a dry-run report first, then the import', async () => {
    const importCard = page.getByRole('region', { name: 'Import' })
    await importCard.getByLabel('Snapshot file').setInputFiles(exported)
    await importCard.getByText("One customer's setup").waitFor()
    await importCard.getByText('QA-42: Acme setup').waitFor()
    // applying needs a check first
    expect(await importCard.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true)
    await importCard.getByRole('radio', { name: 'Import as a copy' }).click()
    await importCard.getByRole('button', { name: 'Check (dry run)' }).click()
    const report = importCard.getByRole('table', { name: 'Import report' })
    await importCard.getByText('What the import would do').waitFor()
    const customersRow = report.getByRole('row').filter({ hasText: 'Customers' })
    // only the outcomes that occur get a column
    expect(await report.getByRole('columnheader').allTextContents()).toEqual(['Section', 'Added', 'Skipped', 'Renamed'])
    expect(await customersRow.getByRole('cell').allTextContents()).toEqual(['Customers', '—', '—', '1'])
    expect(server.engine.customers.count(false)).toBe(2)
    await capture(page, 'snapshots-dry-run')

    await importCard.getByRole('button', { name: 'Apply import' }).click()
    await importCard.getByText('What the import did').waitFor()
    const copy = server.engine.customers.get('acme-imported')
    expect(copy.name).toBe('Acme Rockets')
    const connections = server.engine.connections.list(server.engine.consoleActor, { userId: copy.id }).items
    expect(connections).toHaveLength(1)
    // without secrets in the file, the copy's connection must be reconnected
    expect(connections[0].status).toBe('disconnected')
    expect(server.engine.flowInstances.list(server.engine.consoleActor, { userId: copy.id }).items).toHaveLength(1)
    await importCard.getByRole('button', { name: /Show the \d+ items?/ }).click()
    await importCard.getByRole('table', { name: 'Import items' }).getByText('acme-imported').waitFor()
    await capture(page, 'snapshots')
  })

  it('refuses a damaged file and says what is wrong, changing nothing', async () => {
    const importCard = page.getByRole('region', { name: 'Import' })
    const broken = JSON.parse(readFileSync(exported, 'utf8'))
    broken.version = 99
    await importCard
      .getByLabel('Snapshot file')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) })
    await importCard.getByRole('button', { name: 'Check (dry run)' }).click()
    await importCard
      .getByRole('alert')
      .filter({ hasText: 'The file cannot be imported; nothing changed' })
      .getByText(/version/)
      .first()
      .waitFor()
    expect(server.engine.customers.count(false)).toBe(3)
  })

  it('saves the workspace as a scenario, switches back to it after changes, resets it and deletes it', async () => {
    const scenarios = page.getByRole('region', { name: 'Scenarios' })
    // the built-in demo is offered before anything is saved
    await scenarios.getByRole('row').filter({ hasText: 'demo' }).getByText('Built in').waitFor()
    await scenarios.getByRole('button', { name: 'Save current as scenario' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save the workspace as a scenario' })
    await dialog.getByRole('textbox', { name: 'Name' }).fill('acme-demo')
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Acme with its copy, CRM connected')
    await dialog.getByRole('button', { name: 'Save scenario' }).click()
    const row = scenarios.getByRole('row').filter({ hasText: 'acme-demo' })
    await row.getByText('Acme with its copy, CRM connected').waitFor()

    // a change after saving, then back to the scenario
    server.engine.customers.create({ name: 'Late Arrival', internalId: 'late' })
    await row.getByRole('button', { name: 'Switch to acme-demo' }).click()
    await page.getByRole('dialog', { name: 'Switch to “acme-demo”?' }).getByRole('button', { name: 'Switch' }).click()
    await scenarios.getByText('Switched to “acme-demo”').waitFor()
    await row.getByText('Current').waitFor()
    expect(() => server.engine.customers.get('late')).toThrow(/No customer/)
    expect(server.engine.customers.get('acme-imported').name).toBe('Acme Rockets')
    await capture(page, 'snapshots-scenarios')

    server.engine.customers.create({ name: 'Another Late One', internalId: 'late-2' })
    await scenarios.getByRole('button', { name: 'Reset “acme-demo”' }).click()
    await page.getByRole('dialog', { name: 'Reset “acme-demo”?' }).getByRole('button', { name: 'Reset' }).click()
    await scenarios.getByText('Reset “acme-demo” to its start').waitFor()
    expect(() => server.engine.customers.get('late-2')).toThrow(/No customer/)

    await row.getByRole('button', { name: 'Delete acme-demo' }).click()
    await page
      .getByRole('dialog', { name: 'Delete scenario “acme-demo”?' })
      .getByRole('button', { name: 'Delete' })
      .click()
    await expect.poll(() => row.count()).toBe(0)
    expect(
      server.engine.scenarios
        .list()
        .filter((s) => s.savedAt)
        .map((s) => s.name)
    ).toEqual([])
    // the damaged file's refusal is the one failed request the page saw
    expect(session.errors.filter((e) => !e.includes('status of 400'))).toEqual([])
  })
})
