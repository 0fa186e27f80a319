import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_SIGNATURE_HEADER } from '../../src-main/engine'
import { connectCrm, startRecorder, type Recorder } from '../support/connect-flow'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string
let alice: string
let bob: string
let receiver: Recorder

beforeAll(async () => {
  server = await startTestServer({ engineOptions: { sandbox: { webhooks: { retryDelaysMs: [30, 30] } } } })
  admin = await server.adminToken()
  alice = await server.customerToken('alice', { name: 'Alice Ltd' })
  bob = await server.customerToken('bob', { name: 'Bob GmbH' })
  receiver = await startRecorder()
  for (const token of [alice, bob]) expect((await server.call('GET', '/self', { token })).status).toBe(200)
})

afterAll(async () => {
  await server.stop()
  await receiver.close()
  removeTempDirs()
})

const newKey = (account: string) => server.engine.sandbox.createApiKey('helpdesk', { accountName: account }).apiKey
const countFor = async (customer: string) =>
  (await server.call('GET', `/connections?userId=${customer}&includeArchived=true`, { token: admin })).body.items.length

describe('creating connections from input', () => {
  it('creates a helpdesk connection from an API key, checked against the app', async () => {
    const res = await server.call('POST', '/connections', {
      token: alice,
      body: { integrationKey: 'helpdesk', name: 'Support desk', input: { apiKey: newKey('Alice Support') } }
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Support desk',
      integrationKey: 'helpdesk',
      connectorId: 'sandbox-helpdesk',
      authOptionKey: 'api-key',
      status: 'connected',
      externalAccount: { name: 'Alice Support' },
      canRefreshCredentials: false
    })
    expect(res.body.credentials).toBeUndefined()
    expect(res.body.input).toBeUndefined()
  })

  it('refuses a wrong API key with a clear error and creates nothing', async () => {
    const before = await countFor('bob')
    const res = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'helpdesk', input: { apiKey: 'hd_live_not-a-real-key' } }
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      type: 'connection',
      key: 'access_denied',
      data: { errors: [{ path: 'input.apiKey' }] }
    })
    expect(res.body.message).toContain('Sandbox Helpdesk rejected these credentials (401 invalid_api_key')
    expect(res.body.message).toContain('nothing was created')
    expect(await countFor('bob')).toBe(before)
  })

  it('refuses malformed input naming the field, and creates nothing', async () => {
    const before = await countFor('bob')
    const missing = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'helpdesk', input: {} }
    })
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({
      type: 'bad_request',
      key: 'invalid_data',
      data: { errors: [{ path: 'input.apiKey' }] }
    })
    expect(missing.body.message).toContain('input.apiKey is required')
    const typed = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'helpdesk', input: { apiKey: 12345678 } }
    })
    expect(typed.body.message).toContain('input.apiKey must be string')
    const extra = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'helpdesk', input: { apiKey: 'hd_live_xxxxxxxx', region: 'eu' } }
    })
    expect(extra.body.message).toContain('input.region is not allowed')
    const notObject = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'helpdesk', input: 'key' }
    })
    expect(notObject.body.data.errors[0].path).toBe('input')
    expect(await countFor('bob')).toBe(before)
  })

  it('refuses an unknown integration, OAuth without the UI, and an admin token that names no customer', async () => {
    const unknown = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'salesforce', input: {} }
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ type: 'bad_request', key: 'not_found' })
    expect(unknown.body.message).toContain('"salesforce"')
    const oauth = await server.call('POST', '/connections', { token: bob, body: { integrationKey: 'crm' } })
    expect(oauth.status).toBe(400)
    expect(oauth.body.message).toContain('connect through the UI (client.integration(key).connect())')
    const noCustomer = await server.call('POST', '/connections', {
      token: admin,
      body: { integrationKey: 'helpdesk', input: { apiKey: newKey('Nobody') } }
    })
    expect(noCustomer.body.data.errors[0].path).toBe('customerId')
    const forCustomer = await server.call('POST', '/connections', {
      token: admin,
      body: { integrationKey: 'helpdesk', customerId: 'bob', input: { apiKey: newKey('Bob Desk') } }
    })
    expect(forCustomer.status).toBe(201)
    expect(forCustomer.body.userId).toBe(server.engine.customers.get('bob').id)
  })
})

describe('reading, changing and archiving', () => {
  it('lists with filters, selects by id or integration key, and shows secrets only to admins that ask', async () => {
    const created = await server.call('POST', '/connections', {
      token: alice,
      body: { integrationKey: 'helpdesk', input: { apiKey: newKey('Alice Two') } }
    })
    const mine = await server.call('GET', '/connections?integrationKey=helpdesk', { token: alice })
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id)
    expect(mine.body.items.every((c: { integrationKey: string }) => c.integrationKey === 'helpdesk')).toBe(true)
    expect((await server.call('GET', '/connections?integrationKey=crm', { token: alice })).body.items).toEqual([])

    const byKey = await server.call('GET', '/connections/helpdesk?includeSecrets=false', { token: alice })
    expect(byKey.body.id).toBe(created.body.id)
    expect(byKey.body.credentials).toBeUndefined()

    const customerSecrets = await server.call('GET', `/connections/${created.body.id}?includeSecrets=true`, {
      token: alice
    })
    expect(customerSecrets.status).toBe(403)
    const adminSecrets = await server.call('GET', `/connections/${created.body.id}?includeSecrets=true`, {
      token: admin
    })
    expect(adminSecrets.body.credentials).toEqual({ apiKey: expect.stringMatching(/^hd_live_/) })
    expect(adminSecrets.body.input).toEqual({ apiKey: adminSecrets.body.credentials.apiKey })

    const paged = await server.call('GET', '/connections?limit=1&cursor=0', { token: alice })
    expect(paged.body.items).toHaveLength(1)
    expect(paged.body.cursor).toEqual(expect.any(String))
  })

  it('patches name and meta, replaces credentials with new input, and archives', async () => {
    const created = await server.call('POST', '/connections', {
      token: alice,
      body: { integrationKey: 'helpdesk', input: { apiKey: newKey('Patchable') } }
    })
    const id = created.body.id
    const renamed = await server.call('PATCH', `/connections/${id}`, {
      token: alice,
      body: { name: 'Renamed', meta: { team: 'support' } }
    })
    expect(renamed.body).toMatchObject({ name: 'Renamed', meta: { team: 'support' } })
    const wrong = await server.call('PATCH', `/connections/${id}`, {
      token: alice,
      body: { input: { apiKey: 'hd_live_wrongwrong' } }
    })
    expect(wrong.body.key).toBe('access_denied')
    const rekeyed = await server.call('PATCH', `/connections/${id}`, {
      token: alice,
      body: { input: { apiKey: newKey('Other account') } }
    })
    expect(rekeyed.body.externalAccount.name).toBe('Other account')
    expect((await server.call('POST', `/connections/${id}/test`, { token: alice })).body).toEqual({ success: true })
    const archived = await server.call('DELETE', `/connections/${id}`, { token: alice })
    expect(archived.body.archivedAt).toEqual(expect.any(String))
    expect((await server.call('GET', `/connections/${id}/proxy/tickets`, { token: alice })).status).toBe(404)
    expect(
      (await server.call('GET', '/connections', { token: alice })).body.items.map((c: { id: string }) => c.id)
    ).not.toContain(id)
  })
})

describe('tenant isolation', () => {
  it("never shows a customer another customer's connections", async () => {
    const bobs = await server.call('POST', '/connections', {
      token: bob,
      body: { integrationKey: 'helpdesk', input: { apiKey: newKey('Bob Private') } }
    })
    const id = bobs.body.id
    const list = await server.call('GET', '/connections?userId=bob', { token: alice })
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(id)
    expect(list.body.items.every((c: { userId: string }) => c.userId === server.engine.customers.get('alice').id)).toBe(
      true
    )
    for (const [method, path, body] of [
      ['GET', `/connections/${id}`],
      ['PATCH', `/connections/${id}`, { name: 'mine now' }],
      ['DELETE', `/connections/${id}`],
      ['POST', `/connections/${id}/test`],
      ['POST', `/connections/${id}/refresh-credentials`],
      ['GET', `/connections/${id}/proxy/tickets`],
      ['POST', `/connections/${id}/api/tickets`, {}],
      ['POST', `/connections/${id}/data/tickets/list`, {}]
    ] as const) {
      const res = await server.call(method, path, { token: alice, body })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.body.key).toBe('not_found')
    }
    const sse = await fetch(`${server.url}/connections/${id}`, { headers: { authorization: `Bearer ${alice}` } })
    expect(sse.status).toBe(404)
    expect((await server.call('GET', `/connections/${id}`, { token: bob })).body.name).not.toBe('mine now')
    expect(
      server.engine.connections
        .list({ kind: 'customer', customer: { id: server.engine.customers.get('alice').id, internalId: 'alice' } })
        .items.some((c) => c.id === id)
    ).toBe(false)
  })
})

describe('calls through a connection', () => {
  it('proxies requests to the app with the connection credentials and passes the answer through', async () => {
    const conn = (await connectCrm(server, alice, { payload: { allowMultipleConnections: true } })).connection!
    const list = await server.call('GET', `/connections/${conn.id}/proxy/contacts?limit=3&lifecycleStage=lead`, {
      token: alice
    })
    expect(list.status).toBe(200)
    expect(list.headers.get('x-ratelimit-limit')).toBe('600')
    expect(list.body.data.length).toBeGreaterThan(0)
    expect(list.body.data.every((c: { lifecycleStage: string }) => c.lifecycleStage === 'lead')).toBe(true)

    const created = await server.call('POST', `/connections/${conn.id}/proxy/contacts`, {
      token: alice,
      body: { firstName: 'Proxy', email: 'proxy@example.com' }
    })
    expect(created.status).toBe(201)
    const invalid = await server.call('POST', `/connections/${conn.id}/proxy/contacts`, {
      token: alice,
      body: { firstName: 'No email' }
    })
    expect(invalid.status).toBe(422)
    expect(invalid.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'email' }] })

    const viaApi = await server.call('POST', `/connections/${conn.id}/api/contacts/${created.body.id}`, {
      token: alice,
      body: { method: 'PATCH', data: { jobTitle: 'Tester' } }
    })
    expect(viaApi.body).toMatchObject({ id: created.body.id, jobTitle: 'Tester' })
    const missing = await server.call('POST', `/connections/${conn.id}/api/contacts/ct_nope`, { token: alice })
    expect(missing.status).toBe(404)
    expect(missing.body.message).toContain('Sandbox CRM answered 404')

    const escape = await server.call('GET', `/connections/${conn.id}/proxy/..%2F..%2Fhelpdesk%2Fapi%2Ftickets`, {
      token: alice
    })
    expect(escape.status).toBe(400)
  })

  it('offers the data collections, live field schemas (custom fields included) and record operations', async () => {
    const conn = (await connectCrm(server, bob, { account: 'Bob Data' })).connection!
    const collections = await server.call('GET', `/connections/${conn.id}/data`, { token: bob })
    expect(collections.body.map((c: { key: string }) => c.key)).toEqual(['contacts', 'companies', 'deals'])
    const added = await server.call('POST', `/connections/${conn.id}/proxy/schema/contacts/fields`, {
      token: bob,
      body: { key: 'shoeSize', type: 'integer', title: 'Shoe size' }
    })
    expect(added.status).toBe(201)
    const schema = await server.call('GET', `/connections/${conn.id}/data/contacts`, { token: bob })
    expect(schema.body.fieldsSchema.properties.shoeSize).toMatchObject({ type: 'integer', 'x-custom': true })
    expect(
      (await server.engine.connectionData.fieldSchema({ kind: 'admin' }, conn.id, 'contacts')).properties
    ).toHaveProperty('shoeSize')

    const page1 = await server.call('POST', `/connections/${conn.id}/data/contacts/list`, {
      token: bob,
      body: { limit: 10 }
    })
    expect(page1.body.records).toHaveLength(10)
    expect(page1.body.records[0]).toMatchObject({
      id: expect.stringMatching(/^ct_/),
      name: expect.any(String),
      fields: expect.any(Object)
    })
    const all: string[] = page1.body.records.map((r: { id: string }) => r.id)
    let cursor = page1.body.cursor
    while (cursor) {
      const next = await server.call('POST', `/connections/${conn.id}/data/contacts/list`, {
        token: bob,
        body: { limit: 10, cursor }
      })
      all.push(...next.body.records.map((r: { id: string }) => r.id))
      cursor = next.body.cursor
    }
    expect(new Set(all).size).toBe(24)

    const made = await server.call('POST', `/connections/${conn.id}/data/contacts/create`, {
      token: bob,
      body: { fields: { email: 'grace@navy.example', firstName: 'Grace', shoeSize: 38 } }
    })
    expect(made.body.record.fields).toMatchObject({ email: 'grace@navy.example', shoeSize: 38 })
    const found = await server.call('POST', `/connections/${conn.id}/data/contacts/find-by-id`, {
      token: bob,
      body: { id: made.body.id }
    })
    expect(found.body.record.name).toBe('Grace')
    const updated = await server.call('POST', `/connections/${conn.id}/data/contacts/update`, {
      token: bob,
      body: { id: made.body.id, fields: { lastName: 'Hopper' } }
    })
    expect(updated.body.record.name).toBe('Grace Hopper')
    const searched = await server.call('POST', `/connections/${conn.id}/data/contacts/search`, {
      token: bob,
      body: { query: 'navy.example' }
    })
    expect(searched.body.records.map((r: { id: string }) => r.id)).toEqual([made.body.id])
    const badField = await server.call('POST', `/connections/${conn.id}/data/contacts/update`, {
      token: bob,
      body: { id: made.body.id, fields: { shoeSize: 'big' } }
    })
    expect(badField.status).toBe(422)
    expect(badField.body).toMatchObject({ key: 'invalid_data', data: { errors: [{ path: 'shoeSize' }] } })
    expect(
      (
        await server.call('POST', `/connections/${conn.id}/data/contacts/delete`, {
          token: bob,
          body: { id: made.body.id }
        })
      ).body
    ).toEqual({})
    const gone = await server.call('POST', `/connections/${conn.id}/data/contacts/find-by-id`, {
      token: bob,
      body: { id: made.body.id }
    })
    expect(gone.status).toBe(404)
    const unknown = await server.call('POST', `/connections/${conn.id}/data/invoices/list`, { token: bob, body: {} })
    expect(unknown.body.message).toContain('has no data collection "invoices"')
  })

  it("subscribes a callback URL to a collection's record events, signed by the app, and unsubscribes", async () => {
    const conn = (
      await connectCrm(server, alice, { account: 'Alice Events', payload: { allowMultipleConnections: true } })
    ).connection!
    const actor = {
      kind: 'customer' as const,
      customer: { id: server.engine.customers.get('alice').id, internalId: 'alice' }
    }
    let attempts = 0
    receiver.respond(() => (++attempts === 1 ? { status: 503 } : { status: 200, body: {} }))
    const sub = await server.engine.connectionData.subscribe(actor, conn.id, {
      collection: 'deals',
      callbackUrl: `${receiver.url}/hooks/deals`
    })
    expect(sub).toMatchObject({
      collection: 'deals',
      events: ['created', 'updated', 'deleted'],
      secret: expect.stringMatching(/^whsec_/)
    })

    const deal = await server.engine.connectionData.create(actor, conn.id, 'deals', {
      name: 'Webhook deal',
      amount: 1000
    })
    await server.engine.connectionData.update(actor, conn.id, 'deals', deal.id, { stage: 'won' })
    await server.engine.connectionData.delete(actor, conn.id, 'deals', deal.id)
    const deliveries = await receiver.waitFor(4, (r) => r.url === '/hooks/deals')
    // The first attempt got a 503 and was retried: four deliveries carry the three events.
    const types = [...new Set(deliveries.map((d) => JSON.parse(d.body).type))]
    expect(types.sort()).toEqual(['deals.created', 'deals.deleted', 'deals.updated'])
    for (const d of deliveries)
      expect(d.headers[SANDBOX_SIGNATURE_HEADER]).toBe(
        'sha256=' + createHmac('sha256', sub.secret).update(d.body).digest('hex')
      )
    const retried = deliveries.filter((d) => d.headers['x-sandbox-attempt'] === '2')
    expect(retried).toHaveLength(1)
    expect(JSON.parse(deliveries.find((d) => JSON.parse(d.body).type === 'deals.updated')!.body).record.stage).toBe(
      'won'
    )

    await server.engine.connectionData.unsubscribe(actor, conn.id, sub.id)
    const before = receiver.requests.length
    await server.engine.connectionData.create(actor, conn.id, 'deals', { name: 'Silent deal', amount: 5 })
    const other = await server.engine.connectionData.subscribe(actor, conn.id, {
      collection: 'companies',
      events: ['created'],
      callbackUrl: `${receiver.url}/hooks/companies`
    })
    await server.engine.connectionData.create(actor, conn.id, 'companies', { name: 'After unsubscribe Inc' })
    await receiver.waitFor(1, (r) => r.url === '/hooks/companies')
    expect(receiver.requests.slice(before).filter((r) => r.url === '/hooks/deals')).toEqual([])
    await server.engine.connectionData.unsubscribe(actor, conn.id, other.id)
    receiver.respond(() => ({ status: 200, body: {} }))
  })
})

describe('generic HTTP connector', () => {
  let service: Server
  let base: string
  let issued = 0

  beforeAll(async () => {
    service = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (url.pathname === '/oauth/token') {
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString()
        if (basic !== 'svc-client:svc-secret')
          return send(401, { error: 'invalid_client', error_description: 'bad client' })
        issued++
        return send(200, { access_token: `cc-${issued}`, token_type: 'Bearer', expires_in: 3600 })
      }
      const auth = req.headers.authorization ?? ''
      const ok =
        url.pathname.startsWith('/open/') ||
        (url.pathname.startsWith('/header/') && req.headers['x-service-key'] === 'sk-1') ||
        (url.pathname.startsWith('/query/') && url.searchParams.get('key') === 'sk-1') ||
        (url.pathname.startsWith('/bearer/') && auth === 'Bearer tok-1') ||
        (url.pathname.startsWith('/basic/') && auth === `Basic ${Buffer.from('ada:pw').toString('base64')}`) ||
        (url.pathname.startsWith('/cc/') && auth === `Bearer cc-${issued}`)
      if (!ok) return send(401, { error: 'unauthorized', message: 'credentials required' })
      send(200, { path: url.pathname, query: Object.fromEntries(url.searchParams) })
    })
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(service.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    service.closeAllConnections()
    await new Promise((resolve) => service.close(resolve))
  })

  const cases = [
    { method: 'none', prefix: 'open', params: {}, input: {}, wrong: undefined },
    {
      method: 'api-key-header',
      prefix: 'header',
      params: { apiKeyHeader: 'X-Service-Key' },
      input: { apiKey: 'sk-1' },
      wrong: { apiKey: 'sk-2' }
    },
    {
      method: 'api-key-query',
      prefix: 'query',
      params: { apiKeyQueryParam: 'key' },
      input: { apiKey: 'sk-1' },
      wrong: { apiKey: 'sk-2' }
    },
    { method: 'bearer', prefix: 'bearer', params: {}, input: { token: 'tok-1' }, wrong: { token: 'tok-2' } },
    {
      method: 'basic',
      prefix: 'basic',
      params: {},
      input: { username: 'ada', password: 'pw' },
      wrong: { username: 'ada', password: 'nope' }
    },
    {
      method: 'oauth2-client-credentials',
      prefix: 'cc',
      params: {},
      input: { clientId: 'svc-client', clientSecret: 'svc-secret' },
      wrong: { clientId: 'svc-client', clientSecret: 'x' }
    }
  ]

  for (const c of cases) {
    it(`connects with ${c.method}`, async () => {
      const key = `svc-${c.prefix}`
      const integration = await server.call('POST', '/integrations', {
        token: admin,
        body: {
          key,
          name: `Service ${c.prefix}`,
          connectorId: 'http',
          parameters: {
            baseUrl: `${base}/${c.prefix}/`,
            authType: c.method,
            testPath: '/ping',
            tokenUrl: `${base}/oauth/token`,
            ...c.params
          }
        }
      })
      expect(integration.status).toBe(201)
      const made = await server.call('POST', '/connections', {
        token: alice,
        body: { integrationKey: key, input: c.input }
      })
      expect(made.status).toBe(201)
      const res = await server.call('GET', `/connections/${made.body.id}/proxy/things?x=1`, { token: alice })
      expect(res.body).toMatchObject({ path: `/${c.prefix}/things`, query: { x: '1' } })
      // A token in the query authenticates the caller with the engine and never reaches the app.
      const viaQuery = await server.call('GET', `/connections/${made.body.id}/proxy/things?x=2&token=${alice}`)
      expect(viaQuery.body.query).toEqual(c.method === 'api-key-query' ? { x: '2', key: 'sk-1' } : { x: '2' })
      if (c.wrong) {
        const refused = await server.call('POST', '/connections', {
          token: alice,
          body: { integrationKey: key, input: c.wrong }
        })
        expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400)
        expect(refused.body.message).toMatch(/rejected these credentials|refused|invalid_client/)
      }
    })
  }

  it('validates parameters when an admin creates the integration', async () => {
    const noUrl = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'svc-bad', name: 'Bad', connectorId: 'http', parameters: {} }
    })
    expect(noUrl.status).toBe(400)
    expect(noUrl.body.data.errors[0].path).toBe('parameters.baseUrl')
    const badUrl = await server.call('POST', '/integrations', {
      token: admin,
      body: { key: 'svc-bad', name: 'Bad', connectorId: 'http', parameters: { baseUrl: 'ftp://x' } }
    })
    expect(badUrl.body.message).toContain('http or https')
    const noToken = await server.call('POST', '/integrations', {
      token: admin,
      body: {
        key: 'svc-bad',
        name: 'Bad',
        connectorId: 'http',
        parameters: { baseUrl: base, authType: 'oauth2-client-credentials' }
      }
    })
    expect(noToken.body.data.errors[0].path).toBe('parameters.tokenUrl')
    const down = await server.call('POST', '/integrations', {
      token: admin,
      body: {
        key: 'svc-down',
        name: 'Down',
        connectorId: 'http',
        parameters: { baseUrl: 'http://127.0.0.1:9/api', authType: 'none' }
      }
    })
    expect(down.status).toBe(201)
    const unreachable = await server.call('POST', '/connections', {
      token: alice,
      body: { integrationKey: 'svc-down', input: {} }
    })
    expect(unreachable.status).toBe(502)
    expect(unreachable.body).toMatchObject({ type: 'connection' })
    expect(unreachable.body.message).toContain('Could not reach HTTP API')
  })
})
