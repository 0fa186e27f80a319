import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { FlowRunDto } from '../../src-main/contract/flow-runs'
import { capture, goTo, setUpConsoleSuite, type ConsoleSession } from '../support/console-page'
import type { TestServer } from '../support/test-server'

// Acceptance of issue 6 for the builder and runs, in real Chromium against headless mode:
// a three-node ad-hoc flow for the test customer built on the canvas, run with input, each
// node's output read on the run page; then a node broken, the failed run repeated after the fix.

/** Replaces the text of the CodeMirror editor inside `scope`. */
async function typeInEditor(page: Page, scope: Locator, text: string): Promise<void> {
  const editor = scope.locator('.cm-content').first()
  await editor.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(text)
}

/** Drags a link from the bottom handle of one node to the top handle of another, as a person does. */
async function link(page: Page, from: string, to: string): Promise<void> {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`)
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`)
  const a = (await source.boundingBox())!
  const b = (await target.boundingBox())!
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 6 })
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 })
  await page.mouse.up()
}

function nodeCard(page: Page, key: string): Locator {
  return page.locator(`[data-node-key="${key}"]`)
}

/** The output the run page shows for one node (clicked in the timeline). */
async function outputOnRunPage(page: Page, nodeKey: string): Promise<unknown> {
  await page
    .getByRole('list', { name: 'Node timeline' })
    .getByRole('button', { name: new RegExp(nodeKey) })
    .first()
    .click()
  const details = page.getByLabel(`Run of node ${nodeKey}`)
  await details.getByRole('tab', { name: 'Output' }).click()
  const view = details.getByRole('group', { name: `Output of ${nodeKey}` })
  await view.waitFor()
  // the copy button hands over the exact JSON the tree shows
  await view.getByRole('button', { name: `Copy Output of ${nodeKey} as JSON` }).click()
  return JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))
}

describe('flow builder and runs in a browser', () => {
  let server: TestServer
  let session: ConsoleSession
  let page: Page
  let testCustomerId: string
  let flowId = ''
  let firstRunId = ''

  setUpConsoleSuite((suite) => {
    ;({ server, session, page } = suite)
    testCustomerId = server.engine.customers.testCustomer().id
  })

  it('builds a three-node ad-hoc flow for the test customer on the canvas, with the engine checking each node', async () => {
    await goTo(page, `#/customers/${testCustomerId}`, 'Test Customer')
    await page.getByRole('button', { name: 'New ad-hoc flow' }).click()
    await page.getByRole('complementary', { name: 'Node types' }).waitFor()
    await page.getByRole('textbox', { name: 'Flow name' }).fill('Greet new signups')

    // the palette lists every node type of the registry
    const palette = page.getByRole('complementary', { name: 'Node types' })
    for (const name of [
      'API Trigger',
      'Manual Trigger',
      'Schedule Trigger',
      'App Event Trigger',
      'Transform Data',
      'Filter',
      'For Each',
      'HTTP Request',
      'API Request to Your App',
      'Run JavaScript',
      'Run Action'
    ]) {
      await palette.getByRole('button', { name: `Add ${name}`, exact: true }).waitFor()
    }

    await palette.getByRole('button', { name: 'Add Manual Trigger', exact: true }).click()
    await nodeCard(page, 'trigger').waitFor()
    // nothing selected: the next node is placed on its own, then linked by dragging
    await page.getByRole('button', { name: 'Close the node panel' }).click()
    await palette.getByRole('button', { name: 'Add Transform Data', exact: true }).click()
    await nodeCard(page, 'transformData').waitFor()
    await page.getByRole('button', { name: 'Close the node panel' }).click()
    await link(page, 'trigger', 'transformData')
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1)

    // the engine's check marks the unconfigured node, and the panel says which field
    await expect.poll(() => nodeCard(page, 'transformData').getAttribute('class')).toContain('has-problems')
    await nodeCard(page, 'transformData').click()
    const panel = page.getByRole('complementary', { name: 'Node transformData' })
    await panel.getByText('Required.').waitFor()

    await panel.getByRole('radio', { name: 'JSON', exact: true }).click()
    await typeInEditor(
      page,
      panel,
      '{"greeting": {"$jsonata": "\'Hello \' & input.trigger.name"}, "email": {"$var": "input.trigger.email"}}'
    )
    // the preview evaluates the mapping with the engine's JSONata against the sample input
    await panel.getByRole('group', { name: 'Result of Output' }).getByText('"Hello Ada Lovelace"').waitFor()
    await expect.poll(() => nodeCard(page, 'transformData').getAttribute('class')).not.toContain('has-problems')

    // with the transform selected, a new node is added after it and linked
    await palette.getByRole('button', { name: 'Add Run JavaScript', exact: true }).click()
    await nodeCard(page, 'runJavascript').waitFor()
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2)
    const code = page.getByRole('complementary', { name: 'Node runJavascript' })
    await typeInEditor(
      page,
      code,
      'export default async function ({ input, user }) {\n  console.log("greeting", input.transformData.greeting)\n  return { message: input.transformData.greeting + "!", to: input.transformData.email, by: user.internalId }\n}\n'
    )
    await page.locator('.builder-status').getByText('Valid', { exact: true }).waitFor()

    // from the keyboard: a node reached with Tab opens with Enter
    await page.getByRole('button', { name: 'Close the node panel' }).click()
    await page.locator('.react-flow__node[data-id="trigger"]').focus()
    await page.keyboard.press('Enter')
    await page.getByRole('complementary', { name: 'Node trigger' }).waitFor()

    await page.getByRole('button', { name: 'Save flow' }).click()
    await page.locator('.builder-status').getByText('Saved', { exact: true }).waitFor()
    await expect.poll(() => page.url()).toMatch(/#\/instances\/[0-9a-f]+$/)
    flowId = page.url().split('/').pop()!
    const stored = server.engine.flowInstances.dto(
      server.engine.flowInstances.rowFor(server.engine.consoleActor, flowId)
    )
    expect(stored).toMatchObject({ name: 'Greet new signups', isAdHoc: true, userId: testCustomerId })
    expect(Object.keys(stored.nodes).sort()).toEqual(['runJavascript', 'transformData', 'trigger'])
    expect(stored.nodes.trigger.links).toEqual([{ key: 'transformData' }])
    expect(stored.nodes.transformData.links).toEqual([{ key: 'runJavascript' }])
  })

  it('runs it with chosen input: the canvas shows each node finishing, and a node shows its input and output', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Run the flow' })
    await typeInEditor(page, dialog, '{"name": "Grace", "email": "grace@example.com"}')
    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    const strip = page.getByRole('status', { name: 'Run progress' })
    await strip.getByText(/Completed in/).waitFor()
    for (const key of ['trigger', 'transformData', 'runJavascript'])
      await expect.poll(() => nodeCard(page, key).getAttribute('class')).toContain('run-completed')

    await nodeCard(page, 'runJavascript').click()
    const panel = page.getByRole('complementary', { name: 'Node runJavascript' })
    await panel.getByRole('tab', { name: 'Last run', selected: true }).waitFor()
    await panel.getByRole('group', { name: 'Output of runJavascript' }).getByText('"Hello Grace!"').waitFor()
    await page.locator('.palette-groups').evaluate((e) => (e.scrollTop = 0))
    await capture(page, 'flow-builder-last-run', { fullHeight: false })

    // the mapping's preview now uses what the node really got in the run
    await nodeCard(page, 'transformData').click()
    const transform = page.getByRole('complementary', { name: 'Node transformData' })
    await transform.getByRole('tab', { name: 'Settings' }).click()
    await transform.getByText('against what it got in the last run').waitFor()
    await transform.getByRole('group', { name: 'Result of Output' }).getByText('"Hello Grace"').waitFor()
    await capture(page, 'flow-builder', { fullHeight: false })
  })

  it("reads each node's output on the run page", async () => {
    await page.getByRole('link', { name: 'Open run page' }).click()
    await page.getByRole('list', { name: 'Node timeline' }).waitFor()
    firstRunId = page.url().split('/').pop()!
    expect(await outputOnRunPage(page, 'trigger')).toEqual({ name: 'Grace', email: 'grace@example.com' })
    expect(await outputOnRunPage(page, 'transformData')).toEqual({
      greeting: 'Hello Grace',
      email: 'grace@example.com'
    })
    expect(await outputOnRunPage(page, 'runJavascript')).toEqual({
      message: 'Hello Grace!',
      to: 'grace@example.com',
      by: 'test-customer'
    })
    // logs of the code node
    const details = page.getByLabel('Run of node runJavascript')
    await details.getByRole('tab', { name: /Logs/ }).click()
    await details.getByRole('table', { name: 'Logs' }).getByText('greeting Hello Grace').waitFor()
    await details.getByRole('tab', { name: 'Output' }).click()
    await capture(page, 'flow-run')
    expect((await server.engine.flowRuns.get(server.engine.consoleActor, firstRunId)).state).toBe('completed')
  })

  it('repeats a failed run after the node is fixed, with the same input', async () => {
    // break the code node: it now reads a field the input does not have
    await page.getByRole('link', { name: 'Open flow' }).click()
    await nodeCard(page, 'runJavascript').click()
    const panel = page.getByRole('complementary', { name: 'Node runJavascript' })
    await panel.getByRole('tab', { name: 'Settings' }).click()
    await typeInEditor(
      page,
      panel,
      'export default ({ input }) => ({ city: input.trigger.address.city.toUpperCase() })\n'
    )
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.locator('.builder-status').getByText('Saved', { exact: true }).waitFor()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Run the flow' })
    await typeInEditor(
      page,
      dialog,
      '{"name": "Linus", "email": "linus@example.com", "address": {"street": "Main St 1"}}'
    )
    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    await page
      .getByRole('status', { name: 'Run progress' })
      .getByText(/^Failed: Node "runJavascript"/)
      .waitFor()
    await expect.poll(() => nodeCard(page, 'runJavascript').getAttribute('class')).toContain('run-failed')

    await page.getByRole('link', { name: 'Open run page' }).click()
    const failure = page.getByRole('alert').filter({ hasText: 'The run failed' })
    await failure.getByText(/cannot read property 'toUpperCase' of undefined/).waitFor()
    const failedRunId = page.url().split('/').pop()!
    await capture(page, 'flow-run-failed')

    // fix the node in the flow, save, and come back to the failed run
    await failure.getByRole('link', { name: 'the flow' }).click()
    await nodeCard(page, 'runJavascript').click()
    const fix = page.getByRole('complementary', { name: 'Node runJavascript' })
    await fix.getByRole('tab', { name: 'Settings' }).click()
    await typeInEditor(
      page,
      fix,
      'export default ({ input }) => ({ city: (input.trigger.address.city ?? "unknown").toUpperCase(), street: input.trigger.address.street })\n'
    )
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.locator('.builder-status').getByText('Saved', { exact: true }).waitFor()
    await goTo(page, `#/runs/${failedRunId}`)
    await page.getByRole('button', { name: 'Repeat' }).click()

    await expect.poll(() => page.url()).not.toContain(failedRunId)
    await page.getByRole('heading', { name: 'Greet new signups', level: 1 }).waitFor()
    await page.locator('.page-header').getByText('Completed').waitFor()
    await page.getByRole('link', { name: 'Repeat of a run' }).waitFor()
    expect(await outputOnRunPage(page, 'runJavascript')).toEqual({ city: 'UNKNOWN', street: 'Main St 1' })
    const repeated = server.engine.flowRuns.get(server.engine.consoleActor, page.url().split('/').pop()!) as FlowRunDto
    expect(repeated).toMatchObject({
      state: 'completed',
      repeatOf: failedRunId,
      input: { name: 'Linus', email: 'linus@example.com', address: { street: 'Main St 1' } }
    })
    await capture(page, 'flow-run-repeated')
  })

  it('lists the runs with filters, live, and shows them on the instances page', async () => {
    await goTo(page, '#/runs', 'Runs')
    const list = page.getByRole('list', { name: 'Runs' })
    await expect.poll(() => list.getByRole('listitem').count()).toBe(3)
    await page.getByRole('radio', { name: 'Failed' }).click()
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1)
    await page.getByRole('radio', { name: 'All' }).click()
    await expect.poll(() => list.getByRole('listitem').count()).toBe(3)

    // a run started elsewhere (the REST API) appears without a reload
    const token = await server.customerToken('test-customer')
    const started = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: flowId, input: { name: 'Live', email: 'live@example.com', address: { city: 'Oslo' } } }
    })
    expect(started.status).toBe(201)
    await expect.poll(() => list.getByRole('listitem').count()).toBe(4)
    await capture(page, 'runs')

    await goTo(page, '#/instances', 'Instances')
    await page.getByRole('link', { name: /Greet new signups/ }).waitFor()
    await page.getByRole('switch', { name: 'Greet new signups enabled' }).click()
    await expect.poll(() => server.engine.flowInstances.rowFor(server.engine.consoleActor, flowId).enabled).toBe(0)
    await page.getByRole('switch', { name: 'Greet new signups enabled' }).click()
    await expect.poll(() => server.engine.flowInstances.rowFor(server.engine.consoleActor, flowId).enabled).toBe(1)
    await capture(page, 'instances')
    expect(session.errors).toEqual([])
  })
})
