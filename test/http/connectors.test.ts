import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

async function upload(id: string, bytes: Uint8Array) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), 'file.zip')
  const res = await fetch(`${server.url}/connectors/${id}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: form
  })
  return { status: res.status, body: await res.json() }
}

describe('connectors as the Membrane CLI reads them', () => {
  it('lists the built-in connectors with stable uuids and no workspaceId', async () => {
    const res = await server.call('GET', '/connectors', { token: admin })
    expect(res.status).toBe(200)
    expect(res.body).toEqual([
      expect.objectContaining({
        id: 'sandbox-crm',
        key: 'sandbox-crm',
        uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000001',
        isBuiltIn: true
      }),
      expect.objectContaining({ id: 'sandbox-helpdesk', uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000002' }),
      expect.objectContaining({ id: 'http', name: 'HTTP API', uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000003' })
    ])
    for (const c of res.body) expect(c.workspaceId).toBeUndefined()
    const one = await server.call('GET', '/connectors/sandbox-crm', { token: admin })
    expect(one.body).toMatchObject({ id: 'sandbox-crm', name: 'Sandbox CRM' })
  })

  it('downloads a built-in connector as a zip describing it', async () => {
    const res = await fetch(`${server.url}/connectors/http/download`, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    expect(Object.keys(files).sort()).toEqual(['README.md', 'spec.yml'])
  })

  it("creates the workspace's own connector, stores its uploaded zip and gives it back", async () => {
    const workspaceId = (await server.call('GET', '/org-workspace-id', { token: admin })).body.id
    expect(workspaceId).toBe(server.engine.workspace.get().id)
    const created = await server.call('POST', '/connectors', {
      token: admin,
      body: { name: 'Acme', key: 'acme', uuid: '11111111-2222-4333-8444-555555555555', workspaceId, baseUri: 'x' }
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({
      key: 'acme',
      uuid: '11111111-2222-4333-8444-555555555555',
      workspaceId,
      hasSource: false
    })
    const source = zipSync({ 'spec.yml': strToU8('name: Acme\n'), 'src/index.js': strToU8('export {}\n') })
    const uploaded = await upload(created.body.id, source)
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200)
    expect(uploaded.body).toMatchObject({ hasSource: true, sourceSize: source.byteLength })
    const own = await server.call('GET', `/connectors?workspaceId=${workspaceId}`, { token: admin })
    expect(own.body.map((c: { key: string }) => c.key)).toEqual(['acme'])
    const download = await fetch(`${server.url}/connectors/${created.body.id}/download`, {
      headers: { authorization: `Bearer ${admin}` }
    })
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(source)
  })

  it('refuses uploads that are not zips, and uploads to built-in connectors', async () => {
    const created = (await server.call('POST', '/connectors', { token: admin, body: { name: 'Other' } })).body
    const notZip = await upload(created.id, strToU8('hello'))
    expect(notZip.status).toBe(400)
    expect(notZip.body.message).toContain('is not a zip archive')
    const builtIn = await upload('sandbox-crm', zipSync({ a: strToU8('a') }))
    expect(builtIn.status).toBe(400)
    expect(builtIn.body.message).toContain('is built in')
    const copy = await server.call('POST', '/connectors', {
      token: admin,
      body: { name: 'Sandbox CRM', key: 'crm-copy', uuid: '5a1d0c4e-7c2b-4d8e-9a11-c0ffee000001' }
    })
    expect(copy.status).toBe(409)
    expect(copy.body.message).toContain('built into the Workbench')
    const unknown = await server.call('GET', '/connectors/nope', { token: admin })
    expect(unknown.status).toBe(404)
  })
})

describe('listings narrowed by integrationId', () => {
  it('GET /flows and GET /actions honour integrationId as the CLI sends it', async () => {
    const crm = (await server.call('GET', '/integrations/crm', { token: admin })).body
    const nodes = { t: { type: 'api-trigger' } }
    await server.call('POST', '/flows', { token: admin, body: { key: 'u', name: 'U', nodes } })
    await server.call('POST', '/flows', { token: admin, body: { key: 'c', name: 'C', integrationKey: 'crm', nodes } })
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'h', name: 'H', integrationKey: 'helpdesk', nodes }
    })
    const flows = await server.call('GET', `/flows?integrationId=${crm.id}&limit=1000&cursor=0`, { token: admin })
    expect(flows.body.items.map((f: { key: string }) => f.key)).toEqual(['c'])
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'a',
        name: 'A',
        integrationKey: 'crm',
        type: 'api-request-to-external-app',
        config: { request: { path: '/me' } }
      }
    })
    const actions = await server.call('GET', `/actions?integrationId=${crm.id}`, { token: admin })
    expect(actions.body.items.map((f: { key: string }) => f.key)).toEqual(['a'])
    const none = await server.call('GET', '/actions?integrationId=nope', { token: admin })
    expect(none.status).toBe(400)
    expect(none.body.message).toContain('integrationId "nope" names no integration')
  })

  it('an HTTP integration is creatable without parameters and reports hasMissingParameters', async () => {
    const made = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'svc', name: 'Service', connectorId: 'http' }
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    expect(made.body.hasMissingParameters).toBe(true)
    const customer = await server.customerToken('c1')
    const refused = await server.call('POST', '/connections', {
      token: customer,
      body: { integrationKey: 'svc', input: {} }
    })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('missing parameters baseUrl')
  })
})
