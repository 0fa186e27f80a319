import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite), { engineOptions: { webhooks: { retryDelaysMs: [] } } })

describe('HTTP basics', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const address = server.host.server.app.server.address()
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1')
  })

  it('GET /health needs no token', async () => {
    const res = await server.call('GET', '/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', workspaceKey: server.engine.workspace.key() })
  })

  it('HEAD answers every GET route with its headers and no body', async () => {
    for (const [path, token] of [
      ['/health', undefined],
      ['/customers?limit=5', admin],
      ['/console/', undefined]
    ] as const) {
      const headers = token ? { authorization: `Bearer ${token}` } : undefined
      const get = await fetch(server.url + path, { headers })
      const body = Buffer.from(await get.arrayBuffer())
      const head = await fetch(server.url + path, { method: 'HEAD', headers })
      expect([path, head.status]).toEqual([path, get.status])
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'))
      if (get.headers.get('content-length')) expect(head.headers.get('content-length')).toBe(String(body.length))
      expect((await head.arrayBuffer()).byteLength).toBe(0)
    }
    // routed as GET, logged as what the client sent
    await expect
      .poll(() => server.engine.activity.list({ kind: 'api', search: '/customers' }).items.map((e) => e.title))
      .toContain('HEAD /customers')
    const unknown = await fetch(server.url + '/no/such/thing', { method: 'HEAD' })
    expect(unknown.status).toBe(404)
    // a route without GET has no HEAD either
    expect((await fetch(server.url + '/access-tokens', { method: 'HEAD' })).status).toBe(404)
  })

  it('unknown paths answer 404 in the error shape', async () => {
    const res = await server.call('GET', '/no/such/thing', { token: admin })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({
      type: 'bad_request',
      key: 'not_found',
      message: 'No endpoint GET /no/such/thing. The README lists the supported API.'
    })
  })

  it('malformed JSON answers 400 invalid_json', async () => {
    const res = await server.call('POST', '/customers', { token: admin, body: '{"name": ' })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ type: 'bad_request', key: 'invalid_json' })
    expect(res.body.message).toMatch(/not valid JSON/)
  })

  it('a body over the limit answers 413 payload_too_large', async () => {
    const res = await server.call('POST', '/customers', {
      token: admin,
      body: JSON.stringify({ name: 'x', fields: { blob: 'x'.repeat(6 * 1024 * 1024) } })
    })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ type: 'bad_request', key: 'payload_too_large' })
  })

  it('an unsupported content type answers 415', async () => {
    const res = await server.call('POST', '/customers', {
      token: admin,
      body: '<xml/>',
      headers: { 'content-type': 'application/xml' }
    })
    expect(res.status).toBe(415)
    expect(res.body).toMatchObject({ key: 'unsupported_media_type' })
  })

  it('CORS preflight lets a browser app send the SDK headers', async () => {
    const res = await fetch(server.url + '/self', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type,membrane-api-version'
      }
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/)
    expect(res.headers.get('access-control-allow-headers')).toMatch(/membrane-api-version/)
    expect(res.headers.get('access-control-allow-methods')).toMatch(/PATCH/)
  })

  it('a missing token is a 401 that says how to get one', async () => {
    const res = await server.call('GET', '/self')
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ type: 'bad_request', key: 'not_authenticated' })
    expect(res.body.message).toMatch(/Authorization: Bearer/)
  })

  it('a header that is not Bearer is refused', async () => {
    const res = await server.call('GET', '/self', { headers: { authorization: 'Basic abc' } })
    expect(res.status).toBe(401)
    expect(res.body.message).toMatch(/must be "Bearer <token>"/)
  })

  it('a non-JWT bearer token is refused saying it is not a JWT', async () => {
    const res = await server.call('GET', '/self', { token: 'abc.def' })
    expect(res.status).toBe(401)
    expect(res.body.message).toMatch(/not a JWT/)
  })
})

describe('customers over REST', () => {
  it('POST answers 201; validation errors name the field; PUT needs a name', async () => {
    const created = await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Rest Co', internalId: 'rest-1' }
    })
    expect(created.status).toBe(201)
    const bad = await server.call('POST', '/customers', { token: admin, body: { name: 42 } })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ type: 'bad_request', key: 'invalid_data', data: { errors: [{ path: 'name' }] } })
    expect(bad.body.message).toMatch(/name must be string, got number 42/)
    const put = await server.call('PUT', '/customers/rest-1', { token: admin, body: { fields: {} } })
    expect(put.status).toBe(400)
    expect(put.body.message).toMatch(/name is required for PUT/)
  })

  it('internalId is unique: 409 already_exists', async () => {
    await server.call('POST', '/customers', { token: admin, body: { name: 'Dup', internalId: 'dup-1' } })
    const again = await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Dup 2', internalId: 'dup-1' }
    })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ type: 'bad_request', key: 'already_exists' })
  })

  it('concurrent creates share a commit, and a taken internalId among them fails alone', async () => {
    const bodies = [
      { name: 'Batch 1', internalId: 'batch-1' },
      { name: 'Batch 2', internalId: 'batch-2' },
      { name: 'Batch 1 again', internalId: 'batch-1' },
      { name: 42 },
      { name: 'Batch 3', internalId: 'batch-3' }
    ]
    const answers = await Promise.all(bodies.map((body) => server.call('POST', '/customers', { token: admin, body })))
    expect(answers.map((a) => a.status)).toEqual([201, 201, 409, 400, 201])
    expect(answers[2].body).toMatchObject({ type: 'bad_request', key: 'already_exists' })
    for (const internalId of ['batch-1', 'batch-2', 'batch-3']) {
      const got = await server.call('GET', `/customers/${internalId}`, { token: admin })
      expect(got.status).toBe(200)
    }
    expect((await server.call('GET', '/customers/batch-1', { token: admin })).body.name).toBe('Batch 1')
  })

  it('404 for an unknown customer names the selector', async () => {
    const res = await server.call('GET', '/customers/nobody-here', { token: admin })
    expect(res.status).toBe(404)
    expect(res.body.message).toBe('No customer with id or internalId "nobody-here".')
  })

  it('query parameters are checked: limit range, booleans, cursor', async () => {
    expect((await server.call('GET', '/customers?limit=5000', { token: admin })).body.message).toMatch(
      /limit must be an integer from 1 to 1000/
    )
    expect((await server.call('GET', '/customers?includeArchived=maybe', { token: admin })).body.message).toMatch(
      /includeArchived must be true or false/
    )
    expect((await server.call('GET', '/customers?cursor=abc', { token: admin })).body.message).toMatch(
      /cursor "abc" is not one this API returned/
    )
  })

  it('pages: cursor present while more remain, absent on the last page', async () => {
    for (let i = 0; i < 5; i++)
      await server.call('POST', '/customers', { token: admin, body: { name: `Pager ${i}`, internalId: `pager-${i}` } })
    const first = await server.call('GET', '/customers?search=pager-&limit=3&cursor=0', { token: admin })
    expect(first.body.items).toHaveLength(3)
    expect(first.body.cursor).toBeTruthy()
    const second = await server.call('GET', `/customers?search=pager-&limit=3&cursor=${first.body.cursor}`, {
      token: admin
    })
    expect(second.body.items.map((c: { internalId: string }) => c.internalId)).toEqual(['pager-3', 'pager-4'])
    expect(second.body).not.toHaveProperty('cursor')
  })

  it('search treats % and _ literally', async () => {
    await server.call('POST', '/customers', { token: admin, body: { name: '100% Pure', internalId: 'pct-1' } })
    await server.call('POST', '/customers', { token: admin, body: { name: '1000 Pure', internalId: 'pct-2' } })
    const res = await server.call('GET', '/customers?search=' + encodeURIComponent('100%'), { token: admin })
    expect(res.body.items.map((c: { internalId: string }) => c.internalId)).toEqual(['pct-1'])
  })

  it('legacy /users names answer like /customers', async () => {
    const created = await server.call('POST', '/users', {
      token: admin,
      body: { name: 'Legacy', internalId: 'legacy-1' }
    })
    expect(created.status).toBe(201)
    expect((await server.call('GET', '/users/legacy-1', { token: admin })).body.name).toBe('Legacy')
    expect((await server.call('GET', '/user?internalId=legacy-1', { token: admin })).body.id).toBe(created.body.id)
    const mine = await server.customerToken('legacy-self')
    const patched = await server.call('PATCH', '/users', { token: mine, body: { fields: { x: 1 } } })
    expect(patched.body).toMatchObject({ internalId: 'legacy-self', fields: { x: 1 } })
  })

  it("an archived customer's token is refused until it is restored", async () => {
    const token = await server.customerToken('arch-1')
    expect((await server.call('GET', '/self', { token })).status).toBe(200)
    await server.call('DELETE', '/customers/arch-1', { token: admin })
    const refused = await server.call('GET', '/self', { token })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/is archived; restore it/)
    await server.call('POST', '/customers/arch-1/restore', { token: admin })
    expect((await server.call('GET', '/self', { token })).status).toBe(200)
  })

  it('/self cannot change internalId and admin tokens without a customer cannot use /self', async () => {
    const token = await server.customerToken('self-guard')
    const res = await server.call('PATCH', '/self', { token, body: { internalId: 'other' } })
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/internalId cannot be changed through \/self/)
    const asAdmin = await server.call('GET', '/self', { token: admin })
    expect(asAdmin.status).toBe(403)
    expect(asAdmin.body.message).toMatch(/needs a customer token/)
  })

  it('an admin token that names a customer acts for it', async () => {
    const token = (await server.engine.tokens.mint({ isAdmin: true, customerId: 'admin-for' })).token
    expect((await server.call('GET', '/self', { token })).body.internalId).toBe('admin-for')
    expect((await server.call('GET', '/customers?limit=1', { token })).status).toBe(200)
  })
})

describe('test customer and tokens over REST', () => {
  it('the test customer exists, its id, name and fields are settable, and its token is one call away', async () => {
    const test = await server.call('GET', '/test-customer', { token: admin })
    expect(test.body).toMatchObject({ internalId: 'test-customer', isTest: true })
    const changed = await server.call('PATCH', '/test-customer', {
      token: admin,
      body: { internalId: 'qa-tenant', name: 'QA Tenant', fields: { region: 'eu' } }
    })
    expect(changed.body).toMatchObject({
      id: test.body.id,
      internalId: 'qa-tenant',
      name: 'QA Tenant',
      fields: { region: 'eu' },
      isTest: true
    })
    const minted = await server.call('POST', '/test-customer/token', { token: admin, body: { ttl: '30m' } })
    expect(minted.status).toBe(200)
    const badTtl = await server.call('POST', '/test-customer/token', { token: admin, body: { ttl: { minutes: 30 } } })
    expect(badTtl.status).toBe(400)
    expect(badTtl.body).toMatchObject({ key: 'invalid_data', data: { errors: [{ path: 'ttl' }] } })
    const self = await server.call('GET', '/self', { token: minted.body.token })
    expect(self.body).toMatchObject({ id: test.body.id, internalId: 'qa-tenant', isTest: true })
    expect((await server.call('DELETE', `/customers/${test.body.id}`, { token: admin })).body.message).toMatch(
      /test customer cannot be archived/
    )
    expect(
      (await server.call('GET', '/customers?isTest=true', { token: admin })).body.items.map((c: { id: string }) => c.id)
    ).toEqual([test.body.id])
  })

  it('POST /access-tokens mints for any customer or an admin; bad requests name the field', async () => {
    const res = await server.call('POST', '/access-tokens', {
      token: admin,
      body: { customerId: 'minted-1', ttl: '15m', algorithm: 'HS512', fields: { a: 1 } }
    })
    expect(res.status).toBe(201)
    expect(res.body.claims).toMatchObject({ id: 'minted-1', iss: server.engine.workspace.key(), fields: { a: 1 } })
    expect(res.body.claims.exp - res.body.claims.iat).toBe(900)
    expect((await server.call('GET', '/self', { token: res.body.token })).body.internalId).toBe('minted-1')
    const bad = await server.call('POST', '/access-tokens', { token: admin, body: { customerId: 'x', ttl: 'forever' } })
    expect(bad.body.message).toMatch(/ttl "forever" is not a lifetime/)
    const nobody = await server.call('POST', '/access-tokens', { token: admin, body: {} })
    expect(nobody.body.data.errors[0].path).toBe('customerId')
    const customer = await server.customerToken('not-admin')
    expect((await server.call('POST', '/access-tokens', { token: customer, body: { isAdmin: true } })).status).toBe(403)
  })

  it('inspect explains an expired token in plain words', async () => {
    const { key, secret } = server.engine.workspace.credentials()
    const now = Math.floor(Date.now() / 1000)
    const expired = await new SignJWT({ id: 'insp', iss: key, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret))
    const res = await server.call('POST', '/access-tokens/inspect', { token: admin, body: { token: expired } })
    expect(res.body).toMatchObject({ valid: false, claims: { id: 'insp' } })
    expect(res.body.reason).toMatch(/expired at/)
  })
})

describe('workspace over REST', () => {
  it('PATCH validates the field schema itself and reports which customers a schema would break', async () => {
    const bad = await server.call('PATCH', '/workspace', {
      token: admin,
      body: { userFieldsSchema: { type: 'object', properties: { age: { type: 'int' } } } }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/userFieldsSchema\.properties\.age\.type "int" is not a JSON Schema type/)
    await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Has age', internalId: 'age-1', fields: { age: 'ten' } }
    })
    const check = await server.call('POST', '/workspace/field-schema/check', {
      token: admin,
      body: { userFieldsSchema: { type: 'object', properties: { age: { type: 'integer' } } } }
    })
    expect(check.body.invalidCount).toBe(1)
    expect(check.body.problems[0]).toMatchObject({
      customer: { internalId: 'age-1' },
      errors: [{ path: 'fields.age' }]
    })
    const ok = await server.call('PATCH', '/workspace', {
      token: admin,
      body: { name: 'Renamed', webhookUri: 'http://127.0.0.1:9/hook' }
    })
    expect(ok.body).toMatchObject({ name: 'Renamed', webhookUri: 'http://127.0.0.1:9/hook' })
    expect(ok.body).not.toHaveProperty('secret')
    const badUri = await server.call('PATCH', '/workspace', { token: admin, body: { webhookUri: 'ftp://x' } })
    expect(badUri.body.message).toMatch(/webhookUri must be an http\(s\) URL/)
  })

  it('rotating the secret invalidates tokens signed before, saying so', async () => {
    const customer = await server.customerToken('rot-1')
    expect((await server.call('GET', '/self', { token: customer })).status).toBe(200)
    const rotated = await server.call('POST', '/workspace/rotate-secret', { token: admin })
    expect(rotated.body.secret).toHaveLength(64)
    const refused = await server.call('GET', '/self', { token: customer })
    expect(refused.status).toBe(401)
    expect(refused.body.message).toMatch(/signature does not match this workspace's secret/)
    admin = await server.adminToken()
    expect((await server.call('GET', '/workspace', { token: admin })).status).toBe(200)
  })
})

describe('snapshots over REST', () => {
  it('exports one customer and imports it back with a conflict policy and a dry run', async () => {
    await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Snap Co', internalId: 'snap-1', fields: { a: 1 } }
    })
    const exported = await server.call('POST', '/snapshots/export', { token: admin, body: { customer: 'snap-1' } })
    expect(exported.body).toMatchObject({
      format: 'integration-workbench-snapshot',
      version: 1,
      scope: { kind: 'customer' },
      customers: [{ internalId: 'snap-1' }]
    })
    const conflict = await server.call('POST', '/snapshots/import', { token: admin, body: { snapshot: exported.body } })
    expect(conflict.status).toBe(400)
    expect(conflict.body.message).toMatch(/already exist here \("snap-1"\)/)
    const dry = await server.call('POST', '/snapshots/import', {
      token: admin,
      body: { snapshot: exported.body, onConflict: 'rename', dryRun: true }
    })
    expect(dry.body).toMatchObject({ dryRun: true, counts: { customers: { renamed: 1 } } })
    expect((await server.call('GET', '/customers/snap-1-imported', { token: admin })).status).toBe(404)
    const done = await server.call('POST', '/snapshots/import', {
      token: admin,
      body: { snapshot: JSON.stringify(exported.body), onConflict: 'rename' }
    })
    expect(done.body.counts.customers.renamed).toBe(1)
    expect((await server.call('GET', '/customers/snap-1-imported', { token: admin })).body.fields).toEqual({ a: 1 })
    const customer = await server.customerToken('snap-1')
    expect((await server.call('POST', '/snapshots/export', { token: customer, body: {} })).status).toBe(403)
  })
})
