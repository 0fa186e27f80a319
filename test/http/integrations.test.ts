import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCrm, postConnect, step } from '../support/connect-flow'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string
let customer: string
const dataDir = makeTempDir()

beforeAll(async () => {
  server = await startTestServer({ dataDir })
  admin = await server.adminToken()
  customer = await server.customerToken('integrator', { name: 'Integrator Co' })
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

describe('seeded integrations', () => {
  it('offers the sandbox CRM and helpdesk out of the box', async () => {
    const list = await server.call('GET', '/integrations', { token: customer })
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([
      expect.objectContaining({
        key: 'crm',
        name: 'Sandbox CRM',
        connectorId: 'sandbox-crm',
        authType: 'oauth2',
        isSandbox: true,
        hasData: true,
        dataCollectionsCount: 3,
        hasMissingParameters: false
      }),
      expect.objectContaining({
        key: 'helpdesk',
        name: 'Sandbox Helpdesk',
        connectorId: 'sandbox-helpdesk',
        authType: 'client-credentials',
        dataCollectionsCount: 2
      })
    ])
    expect(list.body.items[0].logoUri).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(list.body.items[0].parameters).toBeUndefined()
    expect(list.body.cursor).toBeUndefined()
  })

  it("gets one by key or id, embedding the calling customer's connection and the auth options", async () => {
    const before = await server.call('GET', '/integrations/crm', { token: customer })
    expect(before.body.connection).toBeUndefined()
    expect(before.body.authOptions).toEqual([expect.objectContaining({ key: 'oauth2', type: 'oauth2' })])
    const { connection } = await connectCrm(server, customer)
    const byKey = await server.call('GET', '/integrations/crm', { token: customer })
    expect(byKey.body.connection).toMatchObject({ id: connection!.id, connected: true })
    const byId = await server.call('GET', `/integrations/${byKey.body.id}`, { token: customer })
    expect(byId.body.connection.id).toBe(connection!.id)
    expect((await server.call('GET', '/integration?key=crm', { token: customer })).body.id).toBe(byKey.body.id)
    const other = await server.customerToken('other-integrator')
    expect((await server.call('GET', '/integrations/crm', { token: other })).body.connection).toBeUndefined()
  })

  it('serves the connector spec the SDKs read (auth type, options, data collections)', async () => {
    const crm = await server.call('GET', '/integrations/crm/connector-spec', { token: customer })
    expect(crm.body).toMatchObject({
      key: 'sandbox-crm',
      auth: { type: 'oauth2', options: { oauth2: { type: 'oauth2' } } }
    })
    expect(Object.keys(crm.body.data)).toEqual(['contacts', 'companies', 'deals'])
    expect(crm.body.data.contacts.fieldsSchema.properties.email).toMatchObject({ type: 'string', format: 'email' })
    const helpdesk = await server.call('GET', '/integrations/helpdesk/connector-spec', { token: customer })
    // No top-level client-credentials type: the IA SDK would then use a hidden iframe and no form could be shown.
    expect(helpdesk.body.auth.type).toBeUndefined()
    expect(helpdesk.body.auth.options['api-key']).toMatchObject({
      type: 'client-credentials',
      inputSchema: { required: ['apiKey'] }
    })
    const data = await server.call('GET', '/integrations/helpdesk/data', { token: customer })
    expect(data.body.map((c: { key: string }) => c.key)).toEqual(['tickets', 'comments'])
    expect(
      (await server.call('GET', '/integrations/helpdesk/data/comments', { token: customer })).body.operations.events
    ).toEqual(['created', 'updated', 'deleted'])
    expect((await server.call('GET', '/integrations/helpdesk/data/invoices', { token: customer })).status).toBe(404)
  })
})

describe('admin management', () => {
  it('creates a CRM integration with its own OAuth client, which the consent page names', async () => {
    const created = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'crm-eu', name: 'CRM Europe', connectorId: 'sandbox-crm' }
    })
    expect(created.status).toBe(201)
    expect(created.body.parameters).toEqual({
      clientId: expect.stringMatching(/^crm_client_/),
      clientSecret: '********'
    })
    const start = await postConnect(server, { token: customer, integrationKey: 'crm-eu', requestId: 'eu' })
    const consent = await step(new URL(start.location!, server.url).toString())
    expect(consent.text).toContain('<strong>Integration Workbench · CRM Europe</strong> wants to access')
    const run = await connectCrm(server, customer, { payload: { integrationKey: 'crm-eu' } })
    expect(run.connection).toMatchObject({ integrationKey: 'crm-eu', status: 'connected' })
  })

  it('refuses bad integration input and customer tokens with clear errors', async () => {
    expect(
      (
        await server.call('POST', '/integrations', {
          token: customer,
          body: { key: 'x', name: 'X', connectorId: 'http' }
        })
      ).status
    ).toBe(403)
    const dup = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'crm', name: 'Again', connectorId: 'sandbox-crm' }
    })
    expect(dup.status).toBe(409)
    expect(dup.body.key).toBe('already_exists')
    const unknown = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'sf', name: 'SF', connectorId: 'salesforce' }
    })
    expect(unknown.body.message).toContain(
      'connectorId "salesforce" is not a connector of this engine; use one of sandbox-crm, sandbox-helpdesk, http'
    )
    const badKey = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'has space', name: 'X', connectorId: 'http' }
    })
    expect(badKey.body.data.errors[0].path).toBe('key')
    const half = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'half', name: 'Half', connectorId: 'sandbox-crm', parameters: { clientId: 'x' } }
    })
    expect(half.body.data.errors[0].path).toBe('parameters.clientSecret')
  })

  it('patches, keeps masked secrets, archives and restores', async () => {
    await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'crm-us', name: 'CRM US', connectorId: 'sandbox-crm' }
    })
    const full = await server.call('GET', '/integrations/crm-us?includeSecrets=true', { token: admin })
    const patched = await server.call('PATCH', '/integrations/crm-us', {
      token: admin,
      body: {
        name: 'CRM United States',
        parameters: { clientId: full.body.parameters.clientId, clientSecret: '********' }
      }
    })
    expect(patched.body.name).toBe('CRM United States')
    const after = await server.call('GET', '/integrations/crm-us?includeSecrets=true', { token: admin })
    expect(after.body.parameters.clientSecret).toBe(full.body.parameters.clientSecret)

    const archived = await server.call('DELETE', '/integrations/crm-us', { token: admin })
    expect(archived.body.archivedAt).toEqual(expect.any(String))
    const gone = await server.call('GET', '/integrations/crm-us', { token: customer })
    expect(gone.status).toBe(404)
    expect(gone.body.message).toContain('archived')
    expect(
      (await server.call('GET', '/integrations', { token: admin })).body.items.map((i: { key: string }) => i.key)
    ).not.toContain('crm-us')
    expect(
      (await server.call('GET', '/integrations?includeArchived=true', { token: admin })).body.items.map(
        (i: { key: string }) => i.key
      )
    ).toContain('crm-us')
    const refused = await server.call('POST', '/connection-options', {
      token: customer,
      body: { integrationKey: 'crm-us' }
    })
    expect(refused.status).toBe(404)
    expect(
      (await server.call('POST', '/integrations/crm-us/restore', { token: admin })).body.archivedAt
    ).toBeUndefined()
  })
})

describe('external apps', () => {
  it('lists the app catalogue with isConnected for the calling customer', async () => {
    const apps = await server.call('GET', '/external-apps', { token: customer })
    expect(apps.body.items.map((a: { key: string }) => a.key)).toEqual(['sandbox-crm', 'sandbox-helpdesk', 'http'])
    expect(apps.body.items.find((a: { key: string }) => a.key === 'sandbox-crm').isConnected).toBe(true)
    expect(apps.body.items.find((a: { key: string }) => a.key === 'sandbox-helpdesk').isConnected).toBe(false)
    expect(
      (await server.call('GET', '/external-apps?isConnected=true', { token: customer })).body.items.map(
        (a: { key: string }) => a.key
      )
    ).toEqual(['sandbox-crm'])
    expect((await server.call('GET', '/external-apps?search=help', { token: customer })).body.items).toHaveLength(1)
    const paged = await server.call('GET', '/external-apps?limit=2&cursor=0', { token: customer })
    expect(paged.body).toMatchObject({ items: [{}, {}], cursor: '2' })
    expect(
      (await server.call('GET', `/external-apps?limit=2&cursor=${paged.body.cursor}`, { token: customer })).body.cursor
    ).toBeUndefined()
    expect((await server.call('GET', '/external-apps/sandbox-helpdesk', { token: customer })).body.name).toBe(
      'Sandbox Helpdesk'
    )
  })
})

describe('seeding', () => {
  it('seeds the sandbox integrations once: an archived one stays archived after a restart', async () => {
    await server.call('DELETE', '/integrations/helpdesk', { token: admin })
    await server.stop()
    server = await startTestServer({ dataDir })
    admin = await server.adminToken()
    const all = await server.call('GET', '/integrations?includeArchived=true', { token: admin })
    const helpdesk = all.body.items.filter((i: { key: string }) => i.key === 'helpdesk')
    expect(helpdesk).toHaveLength(1)
    expect(helpdesk[0].archivedAt).toEqual(expect.any(String))
    await server.call('POST', '/integrations/helpdesk/restore', { token: admin })
  })
})
