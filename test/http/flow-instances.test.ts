import { IntegrationAppClient } from '@integration-app/sdk'
import { MembraneClient } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../support/flow-helpers'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

const templateNodes = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: {
    type: 'transform-data',
    config: { output: { version: 1, who: { $var: 'user.internalId' } } },
    links: [{ key: 'tag' }]
  },
  tag: { type: 'transform-data', config: { output: { tagged: { $var: 'input.shape' } } } }
}

beforeAll(async () => {
  server = await startTestServer()
  admin = await server.adminToken()
  await server.call('POST', '/flows', {
    token: admin,
    body: {
      key: 'sync',
      name: 'Sync',
      nodes: templateNodes,
      parametersSchema: { type: 'object', properties: { region: { type: 'string', enum: ['eu', 'us'] } } }
    }
  })
})
afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

async function templateChange(output: unknown): Promise<void> {
  const response = await server.call('PATCH', '/flow?key=sync', {
    token: admin,
    body: { nodes: { ...templateNodes, shape: { ...templateNodes.shape, config: { output } } } }
  })
  expect(response.status).toBe(200)
}

describe('flow instances', () => {
  it('get, patch (enable / disable), put, archive and restore through the SDK selector paths', async () => {
    const token = await server.customerToken('lifecycle')
    const client = new MembraneClient({ token, apiUri: server.url })
    const created: any = await client.flowInstance({ flowKey: 'sync', autoCreate: true } as any).get()
    expect(created).toMatchObject({
      flowKey: 'sync',
      enabled: true,
      state: 'READY',
      flowRevision: '1',
      isOutdated: false,
      userId: expect.any(String)
    })

    expect((await client.flowInstance(created.id).disable()).enabled).toBe(false)
    expect((await client.flowInstance(created.id).enable()).enabled).toBe(true)
    const renamed: any = await client.flowInstance(created.id).patch({ name: 'My sync' } as any)
    expect(renamed).toMatchObject({ name: 'My sync', customized: { name: true, nodes: false }, isCustomized: true })

    const put = await server.call('PUT', `/flow-instance?id=${created.id}`, {
      token,
      body: { name: 'Replaced', parameters: { region: 'eu' } }
    })
    expect(put.body).toMatchObject({ name: 'Replaced', parameters: { region: 'eu' }, enabled: true })
    const badParameters = await server.call('PATCH', `/flow-instance?id=${created.id}`, {
      token,
      body: { parameters: { region: 'mars' } }
    })
    expect(badParameters.status).toBe(400)
    expect(badParameters.body.message).toMatch(
      /Invalid parameters for flow "sync": parameters.region must be one of "eu", "us"/
    )

    await client.flowInstance(created.id).archive()
    expect((await client.flowInstances.find({} as any)).items).toEqual([])
    const archivedRun = await server.call('POST', '/flow-runs', { token, body: { flowInstanceId: created.id } })
    expect(archivedRun.status).toBe(400)
    expect(archivedRun.body.message).toMatch(/is archived; restore it/)
    const restored: any = await client.flowInstance(created.id).restore()
    expect(restored.archivedAt).toBeUndefined()
    expect((await runToEnd(server, token, created.id, {})).run.state).toBe('completed')
  })

  it('a second instance of the same flow needs another instanceKey; without autoCreate a missing one is 404', async () => {
    const token = await server.customerToken('keys')
    expect((await server.call('GET', '/flow-instance?flowKey=sync', { token })).status).toBe(404)
    const first = await server.call('POST', '/flow-instances', { token, body: { flowKey: 'sync' } })
    expect(first.status).toBe(201)
    const again = await server.call('POST', '/flow-instances', { token, body: { flowKey: 'sync' } })
    expect(again.status).toBe(409)
    const second = await server.call('POST', '/flow-instance?flowKey=sync&instanceKey=second', { token, body: {} })
    expect(second.status).toBe(201)
    expect(second.body.instanceKey).toBe('second')
    expect((await server.call('GET', '/flow-instance?flowKey=sync&instanceKey=second', { token })).body.id).toBe(
      second.body.id
    )
  })

  it('instances follow their template until the customer customises nodes; update-to-latest-flow and reset reconcile', async () => {
    const followerToken = await server.customerToken('follower')
    const customizerToken = await server.customerToken('customizer')
    const follower = (await server.call('GET', '/flow-instance?flowKey=sync&autoCreate=true', { token: followerToken }))
      .body
    const customizer = (
      await server.call('GET', '/flow-instance?flowKey=sync&autoCreate=true', { token: customizerToken })
    ).body
    const client = new MembraneClient({ token: customizerToken, apiUri: server.url })

    const customNodes = {
      ...customizer.nodes,
      tag: { type: 'transform-data', config: { output: { custom: { $var: 'input.shape.version' } } } }
    }
    const customized: any = await client.flowInstance(customizer.id).patch({ nodes: customNodes } as any)
    expect(customized.customized).toEqual({ name: false, nodes: true })
    expect(customized.nodes.tag.isCustomized).toBe(true)
    expect(customized.nodes.shape.isCustomized).toBeUndefined()

    await templateChange({ version: 2 })
    const followed = (await server.call('GET', `/flow-instance?id=${follower.id}`, { token: followerToken })).body
    expect(followed).toMatchObject({ isOutdated: false, nodes: { shape: { config: { output: { version: 2 } } } } })
    expect((await runToEnd(server, followerToken, follower.id, {})).output).toEqual({ tagged: { version: 2 } })

    const behind = (await server.call('GET', `/flow-instance?id=${customizer.id}`, { token: customizerToken })).body
    expect(behind.isOutdated).toBe(true)
    expect(behind.nodes.shape.config.output).toEqual({ version: 1, who: { $var: 'user.internalId' } })
    const updated: any = await client.flowInstance(customizer.id).updateToLatestFlow()
    expect(updated).toMatchObject({
      isOutdated: false,
      nodes: { shape: { config: { output: { version: 2 } } }, tag: { isCustomized: true } }
    })
    expect((await runToEnd(server, customizerToken, customizer.id, {})).output).toEqual({ custom: 2 })

    const partial: any = await client.flowInstance(customizer.id).reset({ nodes: { tag: true } } as any)
    expect(partial.customized.nodes).toBe(false)
    expect((await runToEnd(server, customizerToken, customizer.id, {})).output).toEqual({ tagged: { version: 2 } })
  })

  it('setup re-validates and recompiles; reset and update-to-latest-flow explain that ad-hoc flows have no template', async () => {
    const token = await server.customerToken('setup-user')
    const client = new IntegrationAppClient({ token, apiUri: server.url })
    const adHoc: any = await client.flowInstances.create({ name: 'Own', nodes: templateNodes } as any)
    const setUp: any = await client.flowInstance(adHoc.id).setup()
    expect(setUp).toMatchObject({ state: 'READY', isAdHoc: true })
    expect(setUp.setupAt).toBeTruthy()
    const reset = await server.call('POST', `/flow-instances/${adHoc.id}/reset`, { token })
    expect(reset.status).toBe(400)
    expect(reset.body.message).toMatch(/is an ad-hoc flow with no template, so there is nothing to reset from/)
    const latest = await server.call('POST', `/flow-instances/${adHoc.id}/update-to-latest-flow`, { token })
    expect(latest.status).toBe(400)
  })

  it('ad-hoc flows validate their nodes like templates and need nodes', async () => {
    const token = await server.customerToken('adhoc-validation')
    const noNodes = await server.call('POST', '/flow-instances', { token, body: { name: 'Empty' } })
    expect(noNodes.status).toBe(400)
    expect(noNodes.body.message).toMatch(/An ad-hoc flow needs its own nodes/)
    const broken = await server.call('POST', '/flow-instances', {
      token,
      body: { nodes: { step: { type: 'transform-data', config: { output: 1 } } } }
    })
    expect(broken.status).toBe(400)
    expect(broken.body.message).toMatch(/^Invalid ad-hoc flow: The flow has no trigger/)
    const patch = await server.call('POST', '/flow-instances', { token, body: { nodes: templateNodes } })
    const badPatch = await server.call('PATCH', `/flow-instance?id=${patch.body.id}`, {
      token,
      body: { nodes: { ...templateNodes, tag: { ...templateNodes.tag, links: [{ key: 'gone' }] } } }
    })
    expect(badPatch.status).toBe(400)
    expect(badPatch.body.data.errors[0]).toEqual({
      path: 'nodes.tag.links[0].key',
      message: 'Node "tag" links to "gone", which does not exist: add a node "gone" or remove the link.'
    })
  })

  it("admin tokens act for a named customer and see every customer's instances", async () => {
    const made = await server.call('POST', '/flow-instances', {
      token: admin,
      body: { userId: 'admin-made', nodes: templateNodes, name: 'By admin' }
    })
    expect(made.status).toBe(404)
    expect(made.body.message).toMatch(/No customer with id or internalId "admin-made"/)
    await server.call('GET', '/self', { token: await server.customerToken('admin-made') })
    const ok = await server.call('POST', '/flow-instances', {
      token: admin,
      body: { userId: 'admin-made', nodes: templateNodes, name: 'By admin' }
    })
    expect(ok.status).toBe(201)
    const missingCustomer = await server.call('POST', '/flow-instances', {
      token: admin,
      body: { nodes: templateNodes }
    })
    expect(missingCustomer.status).toBe(400)
    expect(missingCustomer.body.message).toMatch(/needs the customer: add userId=/)
    const listed = (await server.call('GET', '/flow-instances?userId=admin-made', { token: admin })).body.items
    expect(listed.map((i: any) => i.id)).toEqual([ok.body.id])
    const adHocOnly = (await server.call('GET', '/flow-instances?isAdHoc=true&limit=1000', { token: admin })).body.items
    expect(adHocOnly.every((i: any) => i.isAdHoc)).toBe(true)
  })

  it("instances of integration-level flows live on the customer's connection: without one, the 404 says to connect first", async () => {
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'crm-sync', name: 'CRM sync', integrationKey: 'crm', nodes: templateNodes }
    })
    const token = await server.customerToken('connection-less')
    const scoped = await server.call('GET', '/flow-instance?flowKey=crm-sync&integrationKey=crm&autoCreate=true', {
      token
    })
    expect(scoped.status).toBe(404)
    expect(scoped.body.message).toMatch(
      /Customer "connection-less" has no connection to integration "crm", so flow "crm-sync" has nowhere to be deployed: connect first/
    )
    const unknownConnection = await server.call('POST', '/flow-instances', {
      token,
      body: { connectionId: 'c1', nodes: templateNodes }
    })
    expect(unknownConnection.status).toBe(404)
    expect(unknownConnection.body.message).toMatch(/No connection "c1"/)
  })
})
