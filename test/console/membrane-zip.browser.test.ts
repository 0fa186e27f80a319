import { readFileSync } from 'node:fs'
import { unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Issue 14: the Snapshots page offers Membrane's workspace zip, export and import with the
// dry-run report read before anything is applied.

describe('Membrane workspace (.zip) on the snapshots page', () => {
  let server: TestServer
  let page: Page
  let zipPath = ''

  setUpConsoleSuite((suite) => ({ server, page } = suite), {
    prepare: async (server) => {
      const admin = await server.adminToken()
      await server.call('POST', '/flows', {
        token: admin,
        body: { key: 'greet', name: 'Greet', nodes: { trigger: { type: 'api-trigger' } } }
      })
      await server.call('POST', '/app-data-schemas', { token: admin, body: { key: 'contact', name: 'Contact' } })
    }
  })

  it('exports the workspace as a Membrane zip', async () => {
    await goTo(page, '#/snapshots', 'Snapshots')
    const card = page.getByRole('region', { name: 'Membrane workspace (.zip)' })
    const downloading = page.waitForEvent('download')
    await card.getByRole('button', { name: 'Export .zip' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^membrane-.*\.zip$/)
    zipPath = (await download.path())!
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(zipPath)))).sort()).toEqual([
      'app-data-schemas/contact/spec.yaml',
      'flows/greet/spec.yaml',
      'integrations/crm/spec.yaml',
      'integrations/helpdesk/spec.yaml'
    ])
  })

  it('imports a zip: the dry-run report first, then the import', async () => {
    const admin = await server.adminToken()
    await server.call('DELETE', '/flows/greet', { token: admin })
    const card = page.getByRole('region', { name: 'Membrane workspace (.zip)' })
    await card.getByLabel('Membrane workspace zip').setInputFiles(zipPath)
    const apply = card.getByRole('button', { name: 'Apply zip import' })
    expect(await apply.isDisabled()).toBe(true)
    await card.getByRole('button', { name: 'Check zip (dry run)' }).click()
    await card.getByText('What the zip import would do').waitFor()
    const report = card.getByRole('table', { name: 'Membrane import report' })
    const flows = report.getByRole('row').filter({ hasText: 'Flows' })
    expect(await flows.getByRole('cell').allTextContents()).toEqual(['Flows', '1', '—', '—', '—'])
    expect((await server.call('GET', '/flows', { token: admin })).body.items).toEqual([])
    await capture(page, 'snapshots-membrane-zip-dry-run')
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'))
    await capture(page, 'snapshots-membrane-zip-dry-run-dark')
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'))
    await apply.click()
    await card.getByText('What the zip import did').waitFor()
    const listed = (await server.call('GET', '/flows', { token: admin })).body.items
    expect(listed.map((f: { key: string }) => f.key)).toEqual(['greet'])
  })

  it('refuses a file that is not a zip and says nothing changed', async () => {
    const card = page.getByRole('region', { name: 'Membrane workspace (.zip)' })
    await card
      .getByLabel('Membrane workspace zip')
      .setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('plain text') })
    await card.getByRole('button', { name: 'Check zip (dry run)' }).click()
    const alert = card.getByRole('alert')
    await alert.getByText('The zip cannot be imported; nothing changed').waitFor()
    expect(await alert.innerText()).toContain('is not a zip archive')
    await capture(page, 'snapshots-membrane-zip-error')
  })
})
