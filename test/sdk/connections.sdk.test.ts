import type { MembraneClient } from '@membranehq/sdk'
import { beforeAll, describe, expect, it } from 'vitest'
import { connectCrm } from '../support/connect-flow'
import { bothSdks } from '../support/sdk-clients'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer

setUpTestServer((suite) => ({ server } = suite))

const SDKS = bothSdks(() => server.url)

describe.each(SDKS)('connections through $name', ({ name, make }) => {
  // Each SDK gets its own customer so the two runs cannot see each other's connections.
  const customerId = `sdk-${name.replace(/\W/g, '')}`
  let client: MembraneClient
  let token: string

  beforeAll(async () => {
    token = await server.customerToken(customerId, { name: `Customer of ${name}` })
    client = make(token) as MembraneClient
  })

  it('sees the seeded integrations and their connector specs', async () => {
    const integrations = await client.integrations.find()
    expect(integrations.items.map((i: { key?: string }) => i.key)).toEqual(expect.arrayContaining(['crm', 'helpdesk']))
    const spec = (await client.integration('helpdesk').getConnectorSpec()) as {
      auth: { options: Record<string, { type: string }> }
    }
    expect(spec.auth.options['api-key'].type).toBe('client-credentials')
  })

  it('connections.create makes a connection from input; a wrong key throws the SDK error with the reason', async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: `Desk of ${name}` })
    const created = await client.connections.create({
      integrationKey: 'helpdesk',
      name: 'Helpdesk via SDK',
      input: { apiKey: key.apiKey }
    })
    expect(created).toMatchObject({ name: 'Helpdesk via SDK', integrationKey: 'helpdesk', connected: true })

    const failure = await client.connections
      .create({ integrationKey: 'helpdesk', input: { apiKey: 'hd_live_wrong_wrong' } })
      .catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(Error)
    const data = (failure as { data?: { type: string; key: string; message: string } }).data
    expect(data).toMatchObject({ type: 'connection', key: 'access_denied' })
    expect(data!.message).toContain('rejected these credentials')
  })

  it('connections.find filters by integration', async () => {
    const found = await client.connections.find({ integrationKey: 'helpdesk' })
    expect(found.items).toHaveLength(1)
    expect(found.items[0]).toMatchObject({ integrationKey: 'helpdesk', name: 'Helpdesk via SDK' })
    expect((await client.connections.find({ integrationKey: 'crm' })).items).toEqual([])
  })

  it('connection(id | integrationKey).get and .patch', async () => {
    const byKey = await client.connection('helpdesk').get()
    const byId = await client.connection(byKey.id).get()
    expect(byId).toEqual(byKey)
    expect((byId as { credentials?: unknown }).credentials).toBeUndefined()
    const patched = await client.connection('helpdesk').patch({ name: 'Renamed via SDK' })
    expect(patched.name).toBe('Renamed via SDK')
    expect((await client.connection(byKey.id).get()).name).toBe('Renamed via SDK')
  })

  it('an admin client reads secrets with includeSecrets', async () => {
    const adminClient = make(await server.adminToken()) as MembraneClient
    const mine = await client.connection('helpdesk').get()
    const withSecrets = (await adminClient.connection(mine.id).get({ includeSecrets: true })) as {
      credentials?: { apiKey?: string }
    }
    expect(withSecrets.credentials?.apiKey).toMatch(/^hd_live_/)
    const refused = await client
      .connection(mine.id)
      .get({ includeSecrets: true })
      .catch((e: unknown) => e)
    expect((refused as { data?: { key: string } }).data?.key).toBe('access_denied')
  })

  it('connection(c).request(...) and proxy reach the app with the connection credentials', async () => {
    await connectCrm(server, token, { account: `CRM of ${name}` })
    const crm = client.connection('crm')
    const viaRequest = (await crm.request('/contacts', { method: 'GET', query: { limit: '3' } })) as {
      data: unknown[]
      nextCursor: string
    }
    expect(viaRequest.data).toHaveLength(3)

    const listed = (await crm.proxy.get('/contacts?limit=2')) as { data: Array<{ id: string }> }
    expect(listed.data).toHaveLength(2)
    const made = (await crm.proxy.post('/companies', { name: `Made by ${name}`, employees: 3 })) as {
      id: string
      name: string
    }
    expect(made.name).toBe(`Made by ${name}`)
    const changed = (await crm.proxy.patch(`/companies/${made.id}`, { employees: 4 })) as { employees: number }
    expect(changed.employees).toBe(4)
    const replaced = (await crm.proxy.put(`/companies/${made.id}`, { industry: 'Testing' })) as { industry: string }
    expect(replaced.industry).toBe('Testing')
    await crm.proxy.delete(`/companies/${made.id}`)
    const gone = await crm.proxy
      .get(`/companies/${made.id}`)
      .catch((e: { response?: { status: number } }) => e.response?.status)
    expect(gone).toBe(404)

    const created = (await crm.request('/deals', { method: 'POST', data: { name: 'SDK deal', amount: 42 } })) as {
      id: string
      amount: number
    }
    expect(created.amount).toBe(42)
    const viaParameters = (await crm.request('/deals/{id}', { pathParameters: { id: created.id } })) as { id: string }
    expect(viaParameters.id).toBe(created.id)
    const notFound = await crm
      .request(`/deals/dl_missing`)
      .catch((e: { data?: { key: string; message: string } }) => e.data)
    expect(notFound).toMatchObject({ key: 'not_found' })
  })

  it('connection(c).refreshCredentials renews the OAuth tokens', async () => {
    const before = server.engine.sandbox.stats().tokenRequests.refresh_token
    const refreshed = await client.connection('crm').refreshCredentials()
    expect(refreshed).toMatchObject({ integrationKey: 'crm', status: 'connected', canRefreshCredentials: true })
    expect(server.engine.sandbox.stats().tokenRequests.refresh_token).toBe(before + 1)
    expect(((await client.connection('crm').proxy.get('/me')) as { account: { name: string } }).account.name).toBe(
      `CRM of ${name}`
    )
  })

  it('connection(c).dataCollection(...) lists and finds records', async () => {
    const collection = client.connection('crm').dataCollection('deals')
    const page = (await collection.list({ limit: 5 } as never)) as { records: Array<{ id: string }>; cursor?: string }
    expect(page.records).toHaveLength(5)
    expect(page.cursor).toEqual(expect.any(String))
    const one = (await collection.findById({ id: page.records[0].id })) as { record: { id: string } }
    expect(one.record.id).toBe(page.records[0].id)
  })

  it('connection(id).archive removes it from the listing', async () => {
    const helpdesk = await client.connection('helpdesk').get()
    const archived = await client.connection(helpdesk.id).archive()
    expect((archived as unknown as { archivedAt?: string }).archivedAt).toEqual(expect.any(String))
    expect((await client.connections.find({ integrationKey: 'helpdesk' })).items).toEqual([])
    const missing = await client
      .connection('helpdesk')
      .get()
      .catch((e: { data?: { key: string } }) => e.data)
    expect(missing).toMatchObject({ key: 'not_found' })
  })
})
