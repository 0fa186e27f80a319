import { ActionApiResponse, FlowApiResponse, IntegrationApiResponse, MembraneClient } from '@membranehq/sdk'
import { beforeAll, describe, expect, it } from 'vitest'
import { connectBoth, sandboxApi } from '../support/sandbox-client'
import { bothSdks } from '../support/sdk-clients'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

const SDKS = bothSdks(() => server.url)

describe.each(SDKS)('integration-level elements through $name', ({ make, tag }) => {
  it('creates, lists and reads an integration flow and action; universal ones stay out', async () => {
    const client = make(admin)
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: `universal-${tag}`, name: 'Universal', nodes: {} }
    })
    const created = await client.integration('crm').flows.create({
      key: `sync-${tag}`,
      name: 'Sync contacts',
      nodes: { trigger: { type: 'api-trigger' } }
    } as never)
    expect(FlowApiResponse.parse(created).integrationId ?? created.integrationKey).toBeTruthy()
    expect(created).toMatchObject({ key: `sync-${tag}`, name: 'Sync contacts' })

    const listed = await client.integration('crm').flows.list()
    const keys = listed.items.map((f) => f.key)
    expect(keys).toContain(`sync-${tag}`)
    expect(keys).not.toContain(`universal-${tag}`)
    for (const item of listed.items) FlowApiResponse.parse(item)

    const byKey = await client.integration('crm').flow(`sync-${tag}`).get()
    const byId = await client.integration('crm').flow(created.id).get()
    expect(byKey.id).toBe(created.id)
    expect(byId.id).toBe(created.id)
    await expect(client.integration('helpdesk').flow(`sync-${tag}`).get()).rejects.toMatchObject({
      data: { key: 'not_found' }
    })

    const action = await client.integration('helpdesk').actions.create({
      key: `open-${tag}`,
      name: 'Open ticket',
      type: 'create-data-record',
      config: { dataSource: { collectionKey: 'tickets' } }
    } as never)
    ActionApiResponse.parse(action)
    const actions = await client.integration('helpdesk').actions.list()
    expect(actions.items.map((a) => a.key)).toContain(`open-${tag}`)
    expect((await client.integration('helpdesk').action(`open-${tag}`).get()).id).toBe(action.id)
  })

  it('setup answers the integration and sets up the flow instances on its connections again', async () => {
    const customer = await server.customerToken(`setup-${tag}`)
    await connectBoth(server, customer, { crm: `Setup ${tag}`, helpdesk: `Setup ${tag}` })
    const flowKey = `setup-flow-${tag}`
    await make(admin)
      .integration('crm')
      .flows.create({ key: flowKey, name: 'Setup flow', nodes: { trigger: { type: 'api-trigger' } } } as never)
    const instance = await make(customer).connection('crm').flow(flowKey).get({ autoCreate: true })
    const setUp: string[] = []
    const stop = server.engine.events.on('flowInstance.updated', ({ flowInstance }) => setUp.push(flowInstance.id))
    try {
      const integration = await make(customer).integration('crm').setup()
      IntegrationApiResponse.parse(integration)
      expect(integration).toMatchObject({ key: 'crm' })
    } finally {
      stop()
    }
    expect(setUp).toContain(instance.id)
    expect((await make(customer).flowInstance(instance.id).get()).state).toBe('READY')
  })

  it('lists the operations of both sandbox apps with input schemas', async () => {
    const client = make(admin)
    const crm = await client.integration('crm').getOperations()
    const keys = crm.map((o) => o.key)
    for (const key of ['get-me', 'list-contacts', 'create-contact', 'update-company', 'delete-deal', 'search-contacts'])
      expect(keys).toContain(key)
    const helpdesk = await client.integration('helpdesk').getOperations()
    expect(helpdesk.map((o) => o.key)).toEqual(expect.arrayContaining(['create-ticket', 'list-comments']))
    const spec = await client.integration('crm').getOperation('create-contact')
    expect(spec.inputSchema).toMatchObject({ type: 'object', required: ['email'] })
    expect(spec.inputSchema.properties.email).toMatchObject({ type: 'string', format: 'email' })
    await expect(client.integration('crm').getOperation('nope')).rejects.toMatchObject({ data: { key: 'not_found' } })
  })
})

describe('operations and execute-request through a connection', () => {
  let customer: string
  let helpdeskKey: string

  beforeAll(async () => {
    customer = await server.customerToken('operator')
    ;({ helpdeskKey } = await connectBoth(server, customer, { crm: 'Operator CRM', helpdesk: 'Operator desk' }))
  })

  it.each(SDKS)('runs create and get operations through $name; the record is in the app', async ({ make }) => {
    const client = make(customer)
    const created = await client
      .connection('helpdesk')
      .operation('create-ticket')
      .run({ input: { subject: 'Printer on fire', priority: 'urgent' } })
    const ticket = created.output as { id: string; subject: string }
    expect(ticket.subject).toBe('Printer on fire')
    const inApp = await sandboxApi(server, 'helpdesk', { apiKey: helpdeskKey }, 'GET', `/tickets/${ticket.id}`)
    expect(inApp.body).toMatchObject({ id: ticket.id, priority: 'urgent' })
    const read = await client
      .connection('helpdesk')
      .operation('get-ticket')
      .run({ input: { id: ticket.id } })
    expect(read.output).toMatchObject({ id: ticket.id })
    const spec = await client.connection('helpdesk').operation('get-ticket').get()
    expect(spec).toMatchObject({ key: 'get-ticket', isReadOnly: true })
  })

  it('refuses an input that breaks the schema with 400 naming the path, and sends nothing', async () => {
    const appRequests = () => server.logs.entries.filter((e) => e.message === 'app request').length
    const before = appRequests()
    const bad = await server.call('POST', '/connections/crm/operations/create-contact/run', {
      token: customer,
      body: { input: { email: 'not-an-email', employees: 3 } }
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ type: 'bad_request', key: 'invalid_data' })
    const paths = (bad.body.data.errors as Array<{ path: string }>).map((e) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['input.email', 'input.employees']))
    expect(bad.body.message).toContain('input.email')
    const missing = await server.call('POST', '/connections/crm/operations/update-contact/run', {
      token: customer,
      body: { input: { fields: {} } }
    })
    expect(missing.status).toBe(400)
    expect(missing.body.data.errors[0].path).toBe('input.id')
    const list = await server.call('POST', '/connections/crm/operations/list-contacts/run', {
      token: customer,
      body: { input: { email: 'not-an-email' } }
    })
    expect(list.status).toBe(400)
    expect(appRequests()).toBe(before)
    const all = await server.call('POST', '/connections/crm/operations/list-contacts/run', {
      token: customer,
      body: { input: { limit: 100 } }
    })
    expect(all.status).toBe(200)
    expect(appRequests()).toBeGreaterThan(before)
    expect((all.body.output.data as Array<{ email: string }>).map((c) => c.email)).not.toContain('not-an-email')
  })

  it('passes any request through the connection auth and answers status, headers and body', async () => {
    const created = await server.call('POST', '/connections/crm/execute-request', {
      token: customer,
      body: { method: 'POST', path: '/companies', body: { name: 'Acme', employees: 12 } }
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ status: 201, data: { name: 'Acme', employees: 12 } })
    expect(created.body.headers['content-type']).toContain('application/json')
    expect(typeof created.body.durationMs).toBe('number')

    const filtered = await server.call('POST', '/connections/crm/execute-request', {
      token: customer,
      body: { method: 'GET', path: '/companies', query: { name: 'Acme', limit: 5 }, headers: { 'x-trace': 'abc' } }
    })
    expect(filtered.body.status).toBe(200)
    expect(filtered.body.data.data.map((c: { name: string }) => c.name)).toEqual(['Acme'])

    const notThere = await server.call('POST', '/connections/crm/execute-request', {
      token: customer,
      body: { path: '/companies/co_missing' }
    })
    expect(notThere.status).toBe(200)
    expect(notThere.body.status).toBe(404)

    const sdk = await new MembraneClient({ token: customer, apiUri: server.url }).connectionRequest(
      'crm',
      '/companies',
      { name: 'Globex' }
    )
    expect(sdk).toMatchObject({ status: 201, data: { name: 'Globex' } })

    const history = await server.call('GET', '/connections/crm/execute-request/history', { token: customer })
    expect(history.body.items.slice(0, 4).map((r: { method: string; status: number }) => [r.method, r.status])).toEqual(
      [
        ['POST', 201],
        ['GET', 404],
        ['GET', 200],
        ['POST', 201]
      ]
    )
  })

  it('refuses bad execute-request bodies and absolute URLs, and isolates customers', async () => {
    const noPath = await server.call('POST', '/connections/crm/execute-request', { token: customer, body: {} })
    expect(noPath.status).toBe(400)
    expect(noPath.body.data.errors[0].path).toBe('path')
    const badMethod = await server.call('POST', '/connections/crm/execute-request', {
      token: customer,
      body: { method: 'TRACE', path: '/me' }
    })
    expect(badMethod.status).toBe(400)
    expect(badMethod.body.message).toContain('method')
    const away = await server.call('POST', '/connections/crm/execute-request', {
      token: customer,
      body: { path: 'http://example.com/steal' }
    })
    expect(away.status).toBe(400)
    const other = await server.customerToken('someone-else')
    const theirs = await server.call('POST', '/connections/crm/execute-request', {
      token: other,
      body: { path: '/me' }
    })
    expect(theirs.status).toBe(404)
  })
})
