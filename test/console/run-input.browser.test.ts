import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { FlowDto } from '../../src-main/contract/flows'
import type { FlowInstanceDto } from '../../src-main/contract/flow-instances'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import { adHocFlow, finalRun, nodeRuns } from '../support/flow-helpers'
import type { TestServer } from '../support/test-server'

// Issue 15, defect 3: "Run" on a flow with a data-record trigger offered the API trigger's sample
// ({email: "ada@example.com", …}) and the run opened a ticket called "Onboard  " for nobody; the
// template's previews rendered against the same sample. The run dialog and the previews start from
// input that fits the trigger, a real record read through the connection or the last run's input,
// and the dialog says which. Against the demo scenario: Northwind's CRM holds real contacts.

interface RecordEvent {
  event: string
  collectionKey: string
  recordId: string
  record: { id: string; firstName: string; lastName: string; email: string }
}

/** The run dialog's input, parsed from its editor. */
async function dialogInput(page: Page): Promise<RecordEvent> {
  return JSON.parse(await page.getByRole('dialog').locator('.cm-content').innerText()) as RecordEvent
}

describe('the run dialog and the previews start from input that fits the trigger', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  let northwind = ''
  let freshFlowId = ''
  let deployedId = ''
  let templateId = ''

  setUpConsoleSuite((suite) => ({ server, session, page } = suite), {
    prepare: async (s) => {
      const admin = await s.adminToken()
      expect((await s.call('POST', '/scenarios/demo/switch', { token: admin })).status).toBe(200)
      northwind = await s.customerToken('northwind')
      const flows = (await s.call('GET', '/flows?limit=100', { token: admin })).body.items as FlowDto[]
      const template = flows.find((f) => f.key === 'new-contact-to-ticket')!
      templateId = template.id
      // a flow on Northwind's CRM that has never run: the scenario's new contact → ticket, as Northwind's own
      freshFlowId = await adHocFlow(s, northwind, template.nodes, {
        name: 'Fresh contact flow',
        integrationKey: 'crm'
      })
      const instances = (await s.call('GET', '/flow-instances?limit=100', { token: northwind })).body
        .items as FlowInstanceDto[]
      deployedId = instances.find((i) => i.flowKey === 'new-contact-to-ticket')!.id
    }
  })

  it('offers a real CRM contact for a flow that never ran, says so, and the run uses it', async () => {
    await goTo(page, `#/instances/${freshFlowId}`)
    await page.locator('.react-flow__node[data-id="shape"]').waitFor()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Run the flow' })
    await dialog
      .getByTestId('run-input-source')
      .getByText(/A real contacts record .* read through Northwind Traders CRM/)
      .waitFor()
    const input = await dialogInput(page)
    expect(input).toMatchObject({ event: 'created', collectionKey: 'contacts' })
    expect(input.recordId).toBe(input.record.id)
    expect(input.record.email).toMatch(/@northwind\.(test|example)$/)
    expect(await dialog.getByText('ada@example.com').count()).toBe(0)
    await capture(page, 'builder-run-dialog-record', { fullHeight: false })

    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    await page
      .getByRole('status', { name: 'Run progress' })
      .getByText(/^Completed in/)
      .waitFor({ timeout: 20_000 })
    const runs = (await server.call('GET', `/flow-runs?flowInstanceId=${freshFlowId}`, { token: northwind })).body
      .items as Array<{ id: string }>
    expect(runs).toHaveLength(1)
    const run = await finalRun(server, northwind, runs[0].id)
    expect(run.state).toBe('completed')
    const shape = (await nodeRuns(server, northwind, run.id)).find((r) => r.nodeKey === 'shape')
    expect(JSON.parse(shape.outputs[0].data)).toEqual({
      subject: `Onboard ${input.record.firstName} ${input.record.lastName}`,
      requesterEmail: input.record.email,
      description: 'New contact in the CRM for Northwind Traders. Reach out within one business day.'
    })
  }, 60_000)

  it("offers the last run's input for a flow that ran before, and says so", async () => {
    await goTo(page, `#/instances/${deployedId}`)
    await page.locator('.react-flow__node[data-id="shape"]').waitFor()
    await page.getByRole('status', { name: 'Run progress' }).waitFor()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Run the flow' })
    await dialog.getByTestId('run-input-source').getByText("The last run's input.").waitFor()
    const input = await dialogInput(page)
    expect(input.collectionKey).toBe('contacts')
    expect(input.record.email).toMatch(/@northwind\.(test|example)$/)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it("previews a template's nodes against a real record mapped through the trigger's field mapping", async () => {
    await goTo(page, `#/flows/${templateId}`)
    await page.locator('.react-flow__node[data-id="shape"]').click()
    const preview = page.locator('.formula-preview').first()
    await preview.getByText('against a real record of the collection').waitFor()
    await preview.getByText(/Onboard (Ada Lovelace|Grace Hopper|Alan Turing|Turing, Alan)/).waitFor()
    await capture(page, 'builder-template-preview-record', { fullHeight: false })
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Run the flow' })
    await dialog
      .getByTestId('run-input-source')
      .getByText(/A real contacts record/)
      .waitFor()
    expect((await dialogInput(page)).record.email).toMatch(/\.(test|example)$/)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(session.errors).toEqual([])
  })
})
