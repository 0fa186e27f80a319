import { IntegrationAppClient as IAClient } from '@integration-app/sdk'
import {
  ActionApiResponse,
  FlowApiResponse,
  FlowInstanceApiResponse,
  IntegrationApiResponse,
  MembraneClient,
  PackageApiResponse,
  ScreenApiResponse
} from '@membranehq/sdk'
import { describe, expect, it } from 'vitest'
import { connectBoth } from '../support/sandbox-client'
import { bothSdks } from '../support/sdk-clients'
import { setUpTestServer, type TestServer } from '../support/test-server'

// Shapes the SDKs and @membranehq/react read, answered as Membrane answers them, through both SDKs
// and checked with @membranehq/sdk's own zod schemas.

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

const SDKS = bothSdks(() => server.url)

describe.each(SDKS)('shapes through $name', ({ make, tag }) => {
  it("integrations.find() items carry the calling customer's connection, as the single get does", async () => {
    const token = await server.customerToken(`list-${tag}`)
    const { crm } = await connectBoth(server, token, { crm: `List ${tag}`, helpdesk: `List ${tag}` })
    const client = make(token)
    const listed = await client.integrations.find()
    const crmItem = listed.items.find((i) => i.key === 'crm')!
    expect(IntegrationApiResponse.parse(crmItem).connection?.id).toBe(crm.id)
    expect(crmItem.connection).toEqual((await client.integration('crm').get()).connection)
    // another customer's list shows no connection of this one
    const other = make(await server.customerToken(`list-other-${tag}`))
    expect((await other.integrations.find()).items.every((i) => i.connection === undefined)).toBe(true)
    // an admin has no connection of its own
    expect((await make(admin).integrations.find()).items.every((i) => i.connection === undefined)).toBe(true)
  })

  it('flowInstance({flowKey, integrationKey, instanceKey}).put() creates the instance, then replaces it', async () => {
    const flowKey = `put-flow-${tag}`
    expect(
      (
        await server.call('POST', '/flows', {
          token: admin,
          body: { key: flowKey, name: 'Put flow', integrationKey: 'crm', nodes: { trigger: { type: 'api-trigger' } } }
        })
      ).status
    ).toBe(201)
    const token = await server.customerToken(`put-${tag}`)
    await connectBoth(server, token, { crm: `Put ${tag}`, helpdesk: `Put ${tag}` })
    const client = make(token)
    const selector = { flowKey, integrationKey: 'crm', instanceKey: 'second' }
    const created = FlowInstanceApiResponse.parse(await client.flowInstance(selector).put({ name: 'Mine' } as never))
    expect(created).toMatchObject({ name: 'Mine', instanceKey: 'second' })
    const replaced = FlowInstanceApiResponse.parse(
      await client.flowInstance(selector).put({ name: 'Renamed', enabled: false } as never)
    )
    expect(replaced).toMatchObject({ id: created.id, name: 'Renamed', enabled: false })
    const mine = await client.flowInstances.find({ flowKey } as never)
    expect(mine.items.map((i) => i.id)).toEqual([created.id])
    // a bad body (sent raw: @membranehq/sdk checks it before sending) answers 400 and creates nothing
    const bad = await server.call('PUT', `/flow-instance?flowKey=${flowKey}&integrationKey=crm&instanceKey=bad`, {
      token,
      body: { name: 7 }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.data.errors[0].path).toBe('name')
    expect((await client.flowInstances.find({ flowKey } as never)).items).toHaveLength(1)
  })

  it("getNodeOutputs items carry the node's data, as the node runs do", async () => {
    const flowKey = `outputs-${tag}`
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: flowKey, name: 'Outputs', integrationKey: 'crm', nodes: { trigger: { type: 'api-trigger' } } }
    })
    const token = await server.customerToken(`outputs-${tag}`)
    await connectBoth(server, token, { crm: `Out ${tag}`, helpdesk: `Out ${tag}` })
    const client = make(token)
    const instance = await client.connection('crm').flow(flowKey).get({ autoCreate: true })
    const run = (await client.flowInstance(instance.id).run({ input: { n: 1 } } as never)) as { id: string }
    const outputs = (await client.flowRun(run.id).getNodeOutputs('trigger')) as {
      items: { id: string; data: unknown }[]
    }
    expect(outputs.items).toEqual([{ id: expect.any(String), data: { n: 1 } }])
  })

  it('an HTTP-connector integration is created without parameters and reports hasMissingParameters', async () => {
    const created = IntegrationApiResponse.parse(
      await make(admin).integrations.create({
        key: `bare-http-${tag}`,
        name: 'Bare HTTP',
        connectorId: 'http'
      } as never)
    )
    expect(created.hasMissingParameters).toBe(true)
    expect(IntegrationApiResponse.parse(await make(admin).integration(`bare-http-${tag}`).get())).toMatchObject({
      hasMissingParameters: true
    })
    const patched = await make(admin)
      .integration(`bare-http-${tag}`)
      .patch({ parameters: { baseUrl: 'http://127.0.0.1:9' } } as never)
    expect(IntegrationApiResponse.parse(patched).hasMissingParameters).toBe(false)
  })

  it('screens.find() lists the integration screen the Workbench draws; screen(id).get() reads it', async () => {
    const client = make(await server.customerToken(`screens-${tag}`))
    const listed = await client.screens.find()
    expect(listed.items.map((s) => ScreenApiResponse.parse(s).key)).toEqual(['integration'])
    expect(listed.items[0].blocks.map((b) => b.type)).toEqual(['flow', 'field-mapping'])
    expect(ScreenApiResponse.parse(await client.screen('integration').get())).toEqual(listed.items[0])
    await expect(client.screen('nope').get()).rejects.toMatchObject({ data: { key: 'not_found' } })
  })
})

describe('Membrane scenarios and packages, beside the demo scenarios', () => {
  it("@integration-app/sdk scenarios.find() and @membranehq/sdk packages.find() answer Membrane's lists, empty", async () => {
    const token = await server.customerToken('packages')
    const ia = new IAClient({ token, apiUri: server.url })
    const scenarios = await ia.scenarios.find()
    expect(scenarios).toEqual({ items: [] })
    const packages = await new MembraneClient({ token, apiUri: server.url }).packages.find()
    expect(packages.items.map((p) => PackageApiResponse.parse(p))).toEqual([])
    await expect(new MembraneClient({ token, apiUri: server.url }).package('x').get()).rejects.toMatchObject({
      data: { key: 'not_found' }
    })
  })

  it('demo scenarios live at /demo-scenarios; the old /scenarios/... writes still work, marked deprecated', async () => {
    const listed = await server.call('GET', '/demo-scenarios', { token: admin })
    expect(listed.body.items).toContainEqual(expect.objectContaining({ name: 'demo' }))
    const saved = await server.call('POST', '/demo-scenarios', { token: admin, body: { name: 'mine' } })
    expect(saved.status).toBe(201)
    expect(saved.headers.get('deprecation')).toBeNull()

    const old = await server.call('POST', '/scenarios', { token: admin, body: { name: 'old-way' } })
    expect(old.status).toBe(201)
    expect(old.headers.get('deprecation')).toBe('true')
    expect(old.headers.get('link')).toBe('</demo-scenarios>; rel="successor-version"')
    const names = (await server.call('GET', '/demo-scenarios', { token: admin })).body.items.map(
      (s: { name: string }) => s.name
    )
    expect(names).toEqual(expect.arrayContaining(['demo', 'mine', 'old-way']))
    const removed = await server.call('DELETE', '/scenarios/old-way', { token: admin })
    expect(removed.status).toBe(204)
    expect(removed.headers.get('deprecation')).toBe('true')
    expect(
      (await server.call('GET', '/demo-scenarios', { token: admin })).body.items.map((s: { name: string }) => s.name)
    ).not.toContain('old-way')
    // GET /scenarios is Membrane's now, for any token
    expect((await server.call('GET', '/scenarios', { token: admin })).body).toEqual({ items: [] })
  })
})

describe('@integration-app/sdk apply()', () => {
  it('flow(f).apply([...]) and action(a).apply([...]) answer arrays of the integration-level copies', async () => {
    const ia = new IAClient({ token: admin, apiUri: server.url })
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'applied', name: 'Applied', nodes: { trigger: { type: 'api-trigger' } } }
    })
    const flows = await ia.flow('applied').apply(['crm', 'helpdesk'])
    expect(Array.isArray(flows)).toBe(true)
    expect(flows.map((f) => FlowApiResponse.parse(f).integrationKey)).toEqual(['crm', 'helpdesk'])
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'applied-action',
        name: 'Applied',
        type: 'list-data-records',
        config: { dataSource: { collectionKey: 'contacts' } }
      }
    })
    const actions = await ia.action('applied-action').apply(['crm'])
    expect(actions.map((a) => ActionApiResponse.parse(a).integrationKey)).toEqual(['crm'])
    await expect(ia.flow('applied').apply(['crm', 'nope'])).rejects.toMatchObject({
      data: { data: { errors: [expect.objectContaining({ path: 'integrationKeys[1]' })] } }
    })
  })
})
