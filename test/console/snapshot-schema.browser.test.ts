import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { capture, goTo, setUpConsoleSuite } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Defects 8 and 9 of issue 15 on the snapshots page: a customer file's field schema is compared
// in the dry run and kept, replaced or merged as chosen; a truncated file gets the engine's words.

const FILE_SCHEMA = {
  type: 'object',
  properties: { plan: { type: 'string', enum: ['free', 'pro'] }, seats: { type: 'integer' } }
}

describe('snapshots page: field schema of a customer file, damaged files', () => {
  let server: TestServer
  let page: Page
  let text: string

  setUpConsoleSuite((suite) => ({ server, page } = suite), {
    prepare: (server) => {
      server.engine.workspace.patch({ userFieldsSchema: FILE_SCHEMA })
      server.engine.customers.create({ name: 'Hooli', internalId: 'hooli', fields: { plan: 'pro', seats: 3 } })
      text = JSON.stringify(server.engine.snapshots.exportSnapshot({ customer: 'hooli' }))
      // the workspace moves on: another schema, and the customer gone, as in a fresh workspace
      server.engine.workspace.patch({
        userFieldsSchema: { type: 'object', properties: { region: { type: 'string' } } }
      })
      server.engine.customers.archive('hooli')
    }
  })

  it('reports the schema difference in the dry run and takes the file’s schema when chosen', async () => {
    await goTo(page, '#/snapshots', 'Snapshots')
    const importCard = page.getByRole('region', { name: 'Import' })
    await importCard
      .getByLabel('Snapshot file')
      .setInputFiles({ name: 'hooli.json', mimeType: 'application/json', buffer: Buffer.from(text) })
    await importCard.getByRole('radio', { name: 'Import as a copy' }).click()
    await importCard.getByRole('button', { name: 'Check (dry run)' }).click()
    await importCard.getByText(/field schema differs.*2 fields only in the file \(plan, seats\)/).waitFor()
    await capture(page, 'snapshots-schema-difference')

    await importCard.getByRole('radio', { name: "Use the file's" }).click()
    await importCard.getByRole('button', { name: 'Check (dry run)' }).click()
    await importCard.getByText('What the import would do').waitFor()
    await importCard.getByRole('button', { name: 'Apply import' }).click()
    await importCard.getByText('What the import did').waitFor()
    expect(server.engine.workspace.fieldSchema()).toEqual(FILE_SCHEMA)
  })

  it('says a truncated file is truncated, in the words the REST API uses, not the parser’s', async () => {
    const importCard = page.getByRole('region', { name: 'Import' })
    const cut = text.slice(0, Math.floor(text.length / 2))
    await importCard
      .getByLabel('Snapshot file')
      .setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(cut) })
    // the engine's own words (as POST /snapshots/import answers), not the browser's JSON.parse text
    const rest = await server.call('POST', '/snapshots/import', {
      token: await server.adminToken(),
      body: { snapshot: cut, dryRun: true }
    })
    expect(rest.status).toBe(400)
    await importCard.getByText(rest.body.message).waitFor()
    expect(await importCard.innerText()).not.toContain('Not valid JSON:')
    await capture(page, 'snapshots-truncated')
  })
})
