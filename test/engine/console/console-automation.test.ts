import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleHandlers, dispatchConsoleCall, type ConsoleHandlers } from '../../../src-main/engine'
import { formInputs, step, submitForm } from '../../support/connect-flow'
import { eventually } from '../../support/http-target'
import { removeTempDirs } from '../../support/temp-dir'
import { startTestServer, type TestServer } from '../../support/test-server'

// The console methods of issue 6 and issue 7 item 6 through the handler table, as both
// transports call them, against a real headless server (the sandbox apps need its URL).

/** An HTTP service that answers only when told to, so a run can be caught mid-node. */
async function startHeldService(): Promise<{
  url: string
  waiting(): number
  release(body: unknown): void
  close(): Promise<void>
}> {
  const held: ServerResponse[] = []
  const server: Server = createServer((_req, res) => held.push(res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    waiting: () => held.length,
    release(body) {
      for (const res of held.splice(0)) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

describe('console methods for connections, flows, runs and snapshots', () => {
  let server: TestServer
  let handlers: ConsoleHandlers
  const call = async (method: string, input?: unknown): Promise<any> => {
    const result = await dispatchConsoleCall(handlers, method, input, server.engine.logger)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { result })
    return result.value
  }
  const refusal = async (method: string, input?: unknown) => {
    const result = await dispatchConsoleCall(handlers, method, input, server.engine.logger)
    if (result.ok) throw new Error(`${method} was expected to fail`)
    return result
  }

  beforeAll(async () => {
    server = await startTestServer()
    handlers = createConsoleHandlers(server.engine, { mode: 'headless', apiUrl: () => server.url })
    await call('customers.create', { name: 'Acme Rockets', internalId: 'acme' })
  })
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  let connectionId = ''

  describe('connections', () => {
    it('makes a connect link for a customer that goes through the real consent page, and reports how it ended', async () => {
      const link = await call('connections.connectLink', { customerId: 'acme', integrationKey: 'crm' })
      const url = new URL(link.url)
      expect(`${url.origin}${url.pathname}`).toBe(`${server.url}/connect`)
      expect(url.searchParams.get('integrationKey')).toBe('crm')
      expect(url.searchParams.get('requestId')).toBe(link.requestId)
      const claims = (await call('tokens.inspect', { token: url.searchParams.get('token') })) as {
        valid: boolean
        subject: unknown
      }
      expect(claims).toMatchObject({ valid: true, subject: { kind: 'customer', internalId: 'acme' } })
      expect(await call('connections.connectResult', { requestId: link.requestId })).toEqual({ state: 'pending' })

      const start = await step(link.url)
      expect(start.status).toBe(303)
      const consent = await step(new URL(start.location!, server.url).toString())
      const approved = await submitForm(`${server.url}/sandbox/crm/oauth/authorize`, {
        ...formInputs(consent.text),
        account: 'Acme CRM',
        decision: 'approve'
      })
      await step(approved.location!)

      const outcome = await call('connections.connectResult', { requestId: link.requestId })
      expect(outcome).toMatchObject({
        state: 'done',
        message: {
          type: 'newConnectionCreated',
          connection: { integrationKey: 'crm', externalAccount: { name: 'Acme CRM' } }
        }
      })
      connectionId = outcome.message.connection.id
    })

    it('lists connections with their customers named, and counts them per integration', async () => {
      const page = await call('connections.list', { customerId: 'acme' })
      expect(page.items.map((c: { id: string }) => c.id)).toEqual([connectionId])
      expect(Object.values(page.customers)).toEqual([
        expect.objectContaining({ internalId: 'acme', name: 'Acme Rockets' })
      ])
      expect((await call('connections.list', { status: 'disconnected' })).items).toEqual([])
      const overview = await call('integrations.overview')
      expect(overview.integrations.find((i: { key: string }) => i.key === 'crm').connectionCounts).toEqual({
        connected: 1,
        disconnected: 0,
        error: 0
      })
      expect(overview.sandboxApps.map((a: { key: string }) => a.key).sort()).toEqual(['crm', 'helpdesk'])
    })

    it('probes the app: a plain call, then after "expire now" a call that refreshes on the 401, then a simulated 429', async () => {
      const first = await call('connections.probe', { id: connectionId })
      expect(first).toMatchObject({ request: 'GET /me', ok: true, status: 200, simulated: false })
      expect(first.refreshed).toBeUndefined()

      const view = await call('connections.simulate', { id: connectionId, expireAccessToken: true })
      expect(view).toMatchObject({
        canExpireAccessToken: true,
        canRevokeRefreshToken: true,
        customer: { internalId: 'acme' },
        integration: { key: 'crm' }
      })
      const second = await call('connections.probe', { id: connectionId })
      expect(second).toMatchObject({ ok: true, status: 200, refreshed: 'unauthorized' })
      expect(second.connection.credentialsRefreshedAt).toBeDefined()

      expect(
        (await call('connections.simulate', { id: connectionId, failNext: { count: 1, status: 429 } })).faults
      ).toMatchObject({ failNextCount: 1, failNextStatus: 429 })
      const third = await call('connections.probe', { id: connectionId })
      expect(third).toMatchObject({ ok: false, status: 429, simulated: true })
      expect((await call('connections.get', { id: connectionId })).faults.failNextCount).toBe(0)
      const fourth = await call('connections.probe', { id: connectionId })
      expect(fourth).toMatchObject({ ok: true, status: 200 })
    })

    it('refuses faults a connection cannot have, with the reason', async () => {
      const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Desk' })
      const helpdesk = await server.engine.connections.create(server.engine.consoleActor, {
        integrationKey: 'helpdesk',
        customerId: 'acme',
        input: { apiKey: key.apiKey }
      })
      const view = await call('connections.get', { id: helpdesk.id })
      expect(view).toMatchObject({ canExpireAccessToken: false, canRevokeRefreshToken: false })
      const refused = await refusal('connections.simulate', { id: helpdesk.id, expireAccessToken: true })
      expect(refused.error.message).toContain('has no access token to expire')
      expect(
        (await refusal('connections.simulate', { id: helpdesk.id, failNext: { count: 1, status: 418 } })).status
      ).toBe(400)
      const archived = await call('connections.archive', { id: helpdesk.id })
      expect(archived.connection.archivedAt).toBeDefined()
    })
  })

  describe('flows, instances and runs', () => {
    let held: Awaited<ReturnType<typeof startHeldService>>
    beforeAll(async () => {
      held = await startHeldService()
    })
    afterAll(() => held.close())

    it('checks a draft graph and reports each problem under its node', async () => {
      const check = await call('flows.check', {
        nodes: {
          trigger: { type: 'manual-trigger', links: [{ key: 'shape' }, { key: 'nowhere' }] },
          shape: { type: 'transform-data', config: {} },
          code: { type: 'run-javascript', config: { code: 'export default (' } }
        }
      })
      const paths = check.errors.map((e: { path: string }) => e.path)
      expect(paths).toContain('nodes.shape.config.output')
      expect(paths).toContain('nodes.trigger.links[1].key')
      expect((await call('flows.check', { nodes: { trigger: { type: 'manual-trigger' } } })).errors).toEqual([])
      expect((await call('flows.check', { nodes: {} })).errors[0].message).toContain('no trigger')
    })

    it('previews formulas with the engine’s JSONata, with the customer as user, and explains a broken one', async () => {
      const mapping = await call('flows.preview', {
        kind: 'mapping',
        value: { hi: { $jsonata: "'Hello ' & input.trigger.name" }, who: { $var: 'user.internalId' }, fixed: 1 },
        scope: { input: { trigger: { name: 'Ada' } } },
        customerId: 'acme'
      })
      expect(mapping).toEqual({ ok: true, value: { hi: 'Hello Ada', who: 'acme', fixed: 1 } })
      expect(
        await call('flows.preview', {
          kind: 'expression',
          value: 'input.trigger.amount > 100',
          scope: { input: { trigger: { amount: 120 } } }
        })
      ).toEqual({ ok: true, value: true })
      const broken = await call('flows.preview', { kind: 'expression', value: 'input.trigger.(', scope: {} })
      expect(broken.ok).toBe(false)
      expect(broken.message).toContain('not a valid JSONata expression')
    })

    it('creates an ad-hoc flow, runs it, and shows a node running while it runs, then every node with its output', async () => {
      const instance = await call('instances.createAdHoc', {
        customerId: 'acme',
        name: 'Slow sync',
        nodes: {
          trigger: { type: 'manual-trigger', links: [{ key: 'fetch' }] },
          fetch: { type: 'custom-http-request', config: { request: { uri: held.url } }, links: [{ key: 'shape' }] },
          shape: {
            type: 'transform-data',
            config: { output: { got: { $var: 'input.fetch.data.value' }, name: { $var: 'input.trigger.name' } } }
          }
        }
      })
      expect(instance).toMatchObject({ isAdHoc: true, name: 'Slow sync' })
      const versions = await call('changes.get')
      const run = await call('runs.start', { flowInstanceId: instance.id, input: { name: 'Ada' } })
      await eventually(() => held.waiting() === 1, 10_000, 'the request to be held')

      const during = await call('runs.get', { id: run.id })
      expect(during.run.state).toBe('running')
      expect(during.run.nodes.fetch.state).toBe('running')
      expect(during.nodeRuns.map((r: { nodeKey: string }) => r.nodeKey)).toEqual(['trigger'])
      expect(during.output).toBeUndefined()

      held.release({ value: 42 })
      const after = await eventually(async () => {
        const view = await call('runs.get', { id: run.id })
        return view.run.state === 'completed' ? view : undefined
      })
      expect(after.nodeRuns.map((r: { nodeKey: string }) => r.nodeKey)).toEqual(['trigger', 'fetch', 'shape'])
      expect(JSON.parse(after.nodeRuns[2].outputs[0].data)).toEqual({ got: 42, name: 'Ada' })
      expect(after.output).toEqual({ got: 42, name: 'Ada' })
      expect(after).toMatchObject({
        customer: { internalId: 'acme' },
        instance: { id: instance.id, name: 'Slow sync', isAdHoc: true, archived: false }
      })
      expect(Object.keys(after.instance.nodes)).toEqual(['trigger', 'fetch', 'shape'])
      expect((await call('changes.get')).runs).toBeGreaterThan(versions.runs)

      const list = await call('runs.list', { customerId: 'acme', state: 'completed' })
      expect(list.items.map((r: { id: string }) => r.id)).toContain(run.id)
      expect(list.instances[instance.id]).toEqual({ id: instance.id, name: 'Slow sync', isAdHoc: true })
      expect(list.customers[run.userId]).toMatchObject({ internalId: 'acme' })
      expect((await call('runs.list', { customerId: 'acme', state: 'failed' })).items).toEqual([])
      expect((await call('runs.list', { from: new Date(Date.now() + 3600_000).toISOString() })).items).toEqual([])
    })

    it('stops a run that is in flight, and repeats a run with the same input', async () => {
      const [instance] = (await call('instances.list', { customerId: 'acme', isAdHoc: true })).items
      const run = await call('runs.start', { flowInstanceId: instance.id, input: { name: 'Grace' } })
      await eventually(() => held.waiting() === 1, 10_000, 'the request to be held')
      const stopped = await call('runs.stop', { id: run.id })
      expect(stopped.state).toBe('stopped')
      held.release({ value: 0 })

      const again = await call('runs.repeat', { id: run.id })
      expect(again).toMatchObject({ repeatOf: run.id, input: { name: 'Grace' } })
      await eventually(() => held.waiting() === 1, 10_000, 'the repeated request')
      held.release({ value: 7 })
      const done = await eventually(async () => {
        const view = await call('runs.get', { id: again.id })
        return view.run.state === 'completed' ? view : undefined
      })
      expect(done.output).toEqual({ got: 7, name: 'Grace' })
    })

    it('saves a template, runs it on the test customer, deploys it, customises an instance and resets it', async () => {
      const nodes = {
        trigger: { type: 'manual-trigger', links: [{ key: 'shape' }] },
        shape: { type: 'transform-data', config: { output: { v: 1 } } }
      }
      const flow = await call('flows.create', { name: 'Welcome', nodes })
      const run = await call('flows.run', { flowId: flow.id, input: { a: 1 } })
      const testCustomer = server.engine.customers.testCustomer()
      expect(run.userId).toBe(testCustomer.id)
      const listed = await call('flows.list', {})
      expect(listed.items.find((f: { id: string }) => f.id === flow.id).instanceCount).toBe(1)

      const deployed = await call('instances.deploy', { flowId: flow.id, customerId: 'acme' })
      expect(deployed).toMatchObject({ flowId: flow.id, isAdHoc: false, state: 'READY', isCustomized: false })
      const customised = await call('instances.update', {
        id: deployed.id,
        changes: { nodes: { ...nodes, shape: { ...nodes.shape, config: { output: { v: 2 } } } } }
      })
      expect(customised.isCustomized).toBe(true)
      expect(customised.nodes.shape.isCustomized).toBe(true)
      const view = await call('instances.get', { id: deployed.id })
      expect(view).toMatchObject({ customer: { internalId: 'acme' }, flow: { id: flow.id, name: 'Welcome' } })
      const reset = await call('instances.reset', { id: deployed.id })
      expect(reset.isCustomized).toBe(false)
      expect(reset.nodes.shape.config).toEqual({ output: { v: 1 } })
      expect((await call('instances.update', { id: deployed.id, changes: { enabled: false } })).enabled).toBe(false)
      expect((await call('instances.list', { flowId: flow.id })).items).toHaveLength(2)
      expect(
        (
          await refusal('instances.update', {
            id: deployed.id,
            changes: { nodes: { shape: { type: 'no-such-type' } } }
          })
        ).error.data?.errors?.[0].path
      ).toMatch(/^nodes\./)
    })
  })

  describe('deploying to a connection', () => {
    it('deploys a template with a data-record trigger to the customer’s CRM connection, with the webhook subscribed, and an ad-hoc flow on it too', async () => {
      const nodes = {
        trigger: {
          type: 'data-record-created-trigger',
          config: { dataSource: { collectionKey: 'contacts' } },
          links: [{ key: 'shape' }]
        },
        shape: { type: 'transform-data', config: { output: { email: { $var: 'input.trigger.record.email' } } } }
      }
      const flow = await call('flows.create', { name: 'New contacts', nodes })
      const instance = await call('instances.deploy', { flowId: flow.id, customerId: 'acme', connectionId })
      expect(instance).toMatchObject({ state: 'READY', connectionId, integrationKey: 'crm' })
      expect(instance.setup.triggers).toEqual([
        expect.objectContaining({ nodeKey: 'trigger', collectionKey: 'contacts', events: ['created'] })
      ])
      const view = await call('instances.get', { id: instance.id })
      expect(view.connection).toMatchObject({ id: connectionId, integrationKey: 'crm' })

      const adHoc = await call('instances.createAdHoc', {
        customerId: 'acme',
        name: 'Contacts by hand',
        nodes,
        connectionId
      })
      expect(adHoc).toMatchObject({ isAdHoc: true, connectionId, state: 'READY' })
      expect(
        (await call('instances.list', { customerId: 'acme' })).items.filter(
          (i: { connectionId?: string }) => i.connectionId === connectionId
        )
      ).toHaveLength(2)
    })
  })

  describe('snapshots and scenarios', () => {
    it("exports a customer's setup as a named file and imports it back as a copy, dry run first", async () => {
      const file = await call('snapshots.export', { customerId: 'acme', includeRuns: true })
      expect(file.fileName).toMatch(/^workbench-acme-\d{4}-\d{2}-\d{2}-\d{4}\.json$/)
      expect(file.sizeBytes).toBe(Buffer.byteLength(file.text))
      expect(file.counts).toMatchObject({ customers: 1, connections: 2 })
      expect(file.text).not.toContain('access_token')

      const conflict = await refusal('snapshots.import', { text: file.text, dryRun: true })
      expect(conflict.error.message).toContain('onConflict')
      const dry = await call('snapshots.import', { text: file.text, dryRun: true, onConflict: 'rename' })
      expect(dry).toMatchObject({ dryRun: true, counts: { customers: { renamed: 1 } } })
      expect(() => server.engine.customers.get('acme-imported')).toThrow()
      const done = await call('snapshots.import', { text: file.text, dryRun: false, onConflict: 'rename' })
      expect(done.dryRun).toBe(false)
      expect(server.engine.customers.get('acme-imported').name).toBe('Acme Rockets')
      expect((await refusal('snapshots.import', { text: '{"format": "nope"', dryRun: true })).status).toBe(400)
    })

    it('saves, lists, switches to and removes scenarios', async () => {
      const saved = await call('scenarios.save', { name: 'console-demo', description: 'From the console' })
      expect(saved).toMatchObject({ name: 'console-demo', description: 'From the console', current: false })
      await call('customers.create', { name: 'Later', internalId: 'later' })
      const report = await call('scenarios.switch', { name: 'console-demo' })
      expect(report.dryRun).toBe(false)
      expect(() => server.engine.customers.get('later')).toThrow()
      expect((await call('scenarios.list')).find((s: { name: string }) => s.name === 'console-demo').current).toBe(true)
      await call('scenarios.reset')
      expect(await call('scenarios.remove', { name: 'console-demo' })).toEqual({ removed: 'console-demo' })
      expect((await refusal('scenarios.switch', { name: '../etc' })).status).toBe(400)
    })
  })
})
