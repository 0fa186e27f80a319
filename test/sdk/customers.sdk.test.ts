import { IntegrationAppClient } from '@integration-app/sdk'
import { BadRequestError, CustomerApiResponse, MembraneClient, TenantSelfResponse } from '@membranehq/sdk'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: MembraneClient

setUpTestServer((suite) => {
  server = suite.server
  admin = new MembraneClient({ token: suite.admin, apiUri: server.url })
})

/** Signs arbitrary claims with the workspace secret (what a developer's backend does). */
async function sign(
  claims: Record<string, unknown>,
  alg: 'HS256' | 'HS512' = 'HS512',
  secret = server.engine.workspace.credentials().secret
) {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret))
}

const nowSec = () => Math.floor(Date.now() / 1000)

describe('self (customer token)', () => {
  it('self.get auto-creates the customer from the token with its name and fields', async () => {
    const token = await sign({
      id: 'sdk-self-1',
      name: 'Self One',
      fields: { plan: 'pro' },
      iss: server.engine.workspace.key(),
      exp: nowSec() + 3600
    })
    const client = new MembraneClient({ token, apiUri: server.url })
    const self = await client.self.get()
    expect(self).toMatchObject({ internalId: 'sdk-self-1', name: 'Self One', fields: { plan: 'pro' }, isTest: false })
    expect((self as { workspaceKey?: string }).workspaceKey).toBe(server.engine.workspace.key())
    expect(self.lastActiveAt).toBeDefined()
  })

  it("a customer's token sees admin changes made between its requests, in the SDK's own shapes", async () => {
    // the engine keeps a customer's row between token requests: every change must show at once
    const client = new MembraneClient({
      token: await server.customerToken('sdk-kept', { ttl: 600 }),
      apiUri: server.url
    })
    const first = TenantSelfResponse.parse(await client.self.get())
    expect(first).toMatchObject({ internalId: 'sdk-kept', workspaceKey: server.engine.workspace.key() })

    expect(CustomerApiResponse.parse(await admin.customer(first.id).patch({ name: 'Renamed by admin' }))).toMatchObject(
      {
        id: first.id,
        name: 'Renamed by admin'
      }
    )
    expect(TenantSelfResponse.parse(await client.self.get())).toMatchObject({ id: first.id, name: 'Renamed by admin' })

    await admin.customer(first.id).archive()
    await expect(client.self.get()).rejects.toThrow(/archived/)
    await admin.customer(first.id).restore()
    expect(TenantSelfResponse.parse(await client.self.get()).id).toBe(first.id)

    // a new internal id: tokens naming it reach this customer, tokens naming the old one another
    await admin.customer(first.id).patch({ internalId: 'sdk-kept-moved' } as never)
    const moved = new MembraneClient({ token: await server.customerToken('sdk-kept-moved'), apiUri: server.url })
    expect(TenantSelfResponse.parse(await moved.self.get()).id).toBe(first.id)
    const again = TenantSelfResponse.parse(await client.self.get())
    expect(again.internalId).toBe('sdk-kept')
    expect(again.id).not.toBe(first.id)
  })

  it('self.patch changes name and fields and keeps the rest', async () => {
    const client = new MembraneClient({
      token: await server.customerToken('sdk-self-2', { name: 'Before' }),
      apiUri: server.url
    })
    await client.self.get()
    const patched = await client.self.patch({ fields: { seats: 3 } } as never)
    expect(patched).toMatchObject({ internalId: 'sdk-self-2', name: 'Before', fields: { seats: 3 } })
    const again = await new IntegrationAppClient({
      token: await server.customerToken('sdk-self-2'),
      apiUri: server.url
    }).self.get()
    expect(again.fields).toEqual({ seats: 3 })
  })

  it('the credentials client option sends PATCH /self and stores them sealed, shown only to admins asking for secrets', async () => {
    const client = new MembraneClient({
      token: await server.customerToken('sdk-self-3'),
      apiUri: server.url,
      credentials: { apiKey: 'k-123' }
    })
    const adminToken = await server.adminToken()
    await expect
      .poll(
        async () =>
          (await server.call('GET', '/customers/sdk-self-3?includeSecrets=true', { token: adminToken })).body
            ?.credentials
      )
      .toEqual({ apiKey: 'k-123' })
    const self = await client.self.get()
    expect(self).not.toHaveProperty('credentials')
    const plain = await admin.customer('sdk-self-3').get()
    expect(plain).not.toHaveProperty('credentials')
  })

  it('a fields claim replaces the stored fields on the next request', async () => {
    const first = new MembraneClient({
      token: await server.customerToken('sdk-self-4', { fields: { a: 1, b: 2 } }),
      apiUri: server.url
    })
    expect((await first.self.get()).fields).toEqual({ a: 1, b: 2 })
    const second = new MembraneClient({
      token: await server.customerToken('sdk-self-4', { fields: { c: 3 } }),
      apiUri: server.url
    })
    expect((await second.self.get()).fields).toEqual({ c: 3 })
  })

  it('fetchToken is called lazily and its token used', async () => {
    let calls = 0
    const client = new MembraneClient({
      fetchToken: async () => {
        calls++
        return server.customerToken('sdk-fetch-token')
      },
      apiUri: server.url
    })
    expect(calls).toBe(0)
    expect((await client.self.get()).internalId).toBe('sdk-fetch-token')
    expect(calls).toBe(1)
  })
})

describe('customers (admin token)', () => {
  it('create, get by id and by internalId, patch keeps, put replaces, archive and restore', async () => {
    for (const sdk of [admin, new IntegrationAppClient({ token: await server.adminToken(), apiUri: server.url })]) {
      const internalId = `crud-${sdk instanceof MembraneClient ? 'm' : 'ia'}`
      const created = await sdk.customers.create({ name: 'Crud Co', internalId, fields: { tier: 'gold', seats: 5 } })
      CustomerApiResponse.parse(created)
      expect(created).toMatchObject({ name: 'Crud Co', internalId, fields: { tier: 'gold', seats: 5 }, isTest: false })
      expect(created.id).toMatch(/^[0-9a-f]{24}$/)

      expect(await sdk.customer(created.id).get()).toMatchObject({ id: created.id, internalId })
      expect(await sdk.customer({ internalId } as never).get()).toMatchObject({ id: created.id })

      const patched = await sdk.customer(created.id).patch({ name: 'Crud Co Ltd' })
      expect(patched).toMatchObject({ name: 'Crud Co Ltd', fields: { tier: 'gold', seats: 5 } })

      const put = await sdk.customer(created.id).put({ name: 'Replaced' })
      expect(put).toMatchObject({ name: 'Replaced', internalId, fields: {} })

      await sdk.customer(created.id).archive()
      const listed = await sdk.customers.find({ search: internalId })
      expect(listed.items.map((c) => c.id)).not.toContain(created.id)
      const withArchived = await sdk.customers.find({ search: internalId, includeArchived: true } as never)
      expect(
        (withArchived.items.find((c) => c.id === created.id) as { archivedAt?: string } | undefined)?.archivedAt
      ).toBeDefined()

      const restored = await sdk.customer(created.id).restore()
      expect((restored as { archivedAt?: string }).archivedAt).toBeUndefined()
      expect((await sdk.customers.find({ search: internalId })).items.map((c) => c.id)).toContain(created.id)
    }
  })

  it('findAll walks past 1,000 customers and stops (cursor=0 start, no cursor on the last page)', async () => {
    const engine = server.engine
    const before = engine.customers.count()
    for (let i = 0; i < 1105; i++)
      engine.customers.create({ name: `Bulk ${i}`, internalId: `bulk-${String(i).padStart(4, '0')}` })
    const all = await admin.customers.findAll()
    expect(all.length).toBe(before + 1105)
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length)
    const ia = new IntegrationAppClient({ token: await server.adminToken(), apiUri: server.url })
    expect((await ia.customers.findAll()).length).toBe(all.length)
  })

  it('search finds by name or internal id', async () => {
    await admin.customers.create({ name: 'Zebra Logistics', internalId: 'zl-77' })
    expect((await admin.customers.find({ search: 'zebra' })).items.map((c) => c.internalId)).toEqual(['zl-77'])
    expect((await admin.customers.find({ search: 'zl-7' })).items.map((c) => c.name)).toEqual(['Zebra Logistics'])
  })
})

describe('workspace-credentials mode (MembraneClient signs its own token)', () => {
  it('workspaceKey + workspaceSecret + tenantKey reach the tenant', async () => {
    const { key, secret } = server.engine.workspace.credentials()
    const client = new MembraneClient({
      workspaceKey: key,
      workspaceSecret: secret,
      tenantKey: 'ws-cred-tenant',
      apiUri: server.url
    })
    const self = await client.self.get()
    expect(self.internalId).toBe('ws-cred-tenant')
  })

  it('a wrong workspace secret is refused and creates nothing', async () => {
    const client = new MembraneClient({
      workspaceKey: server.engine.workspace.key(),
      workspaceSecret: 'not-the-secret-at-all',
      tenantKey: 'ws-wrong',
      apiUri: server.url
    })
    const error = await client.self.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequestError)
    expect((error as BadRequestError).data).toMatchObject({ type: 'bad_request', key: 'not_authenticated' })
    expect((error as BadRequestError).message).toMatch(/signature does not match this workspace's secret/)
    expect(() => server.engine.customers.get('ws-wrong')).toThrow(/No customer/)
  })
})

describe('bad tokens', () => {
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'expired',
      () => sign({ id: 'bad-exp', iss: server.engine.workspace.key(), exp: nowSec() - 60 }),
      /expired at \d{4}-\d\d-\d\dT/
    ],
    [
      'signed with another secret',
      () => sign({ id: 'bad-sig', iss: server.engine.workspace.key(), exp: nowSec() + 60 }, 'HS256', 'x'.repeat(40)),
      /signature does not match/
    ],
    [
      'another workspace',
      () => sign({ id: 'bad-iss', iss: 'someone-else', exp: nowSec() + 60 }),
      /issuer "someone-else" \(claim iss\) is not this workspace/
    ],
    ['no issuer', () => sign({ id: 'bad-noiss', exp: nowSec() + 60 }), /names no workspace/],
    ['no exp', () => sign({ id: 'bad-noexp', iss: server.engine.workspace.key() }), /no "exp" claim/],
    ['no customer', () => sign({ iss: server.engine.workspace.key(), exp: nowSec() + 60 }), /names no customer/],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ id: 'bad-none', iss: server.engine.workspace.key(), exp: nowSec() + 60 })}.`
      },
      /algorithm "none" is not allowed/
    ]
  ]
  for (const [name, makeToken, message] of cases) {
    it(`${name}: 401 not_authenticated saying why, and no customer is created`, async () => {
      const token = await makeToken()
      const error = await new MembraneClient({ token, apiUri: server.url }).self.get().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BadRequestError)
      expect((error as BadRequestError).data).toMatchObject({ type: 'bad_request', key: 'not_authenticated' })
      expect((error as BadRequestError).message).toMatch(message)
      expect((await server.engine.customers.list({ search: 'bad-' })).items).toEqual([])
    })
  }

  it('the SDK itself refuses a non-JWT token before any request', async () => {
    const error = await new MembraneClient({ token: 'not-a-jwt', apiUri: server.url }).self
      .get()
      .catch((e: unknown) => e)
    expect(String(error)).toMatch(/JWT/)
  })
})

describe('tenant isolation', () => {
  it('a customer token reaches only its own customer and cannot manage customers', async () => {
    const other = await admin.customers.create({ name: 'Other', internalId: 'iso-other' })
    const mine = new MembraneClient({ token: await server.customerToken('iso-mine'), apiUri: server.url })
    const me = await mine.self.get()
    expect((await mine.customer(me.id).get()).internalId).toBe('iso-mine')
    for (const attempt of [
      () => mine.customer(other.id).get(),
      () => mine.customer({ internalId: 'iso-other' } as never).get(),
      () => mine.customers.find(),
      () => mine.customers.create({ name: 'Sneaky' }),
      () => mine.customer(other.id).patch({ name: 'Hacked' }),
      () => mine.customer(other.id).archive()
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BadRequestError)
      expect((error as BadRequestError).data).toMatchObject({ key: 'access_denied' })
    }
    expect((await admin.customer(other.id).get()).name).toBe('Other')
  })
})

describe('field validation against the tenant field schema', () => {
  it('refuses bad values with the field path, changes nothing, and applies to tokens too', async () => {
    await new MembraneClient({ token: await server.adminToken(), apiUri: server.url })
    server.engine.workspace.patch({
      userFieldsSchema: {
        type: 'object',
        properties: {
          plan: { type: 'string', enum: ['free', 'pro'] },
          seats: { type: 'integer', minimum: 1 },
          email: { type: 'string', format: 'email' }
        },
        required: ['plan']
      }
    })
    try {
      const c = await admin.customers.create({ name: 'Valid', internalId: 'fv-1', fields: { plan: 'pro', seats: 2 } })
      const error = await admin
        .customer(c.id)
        .patch({ fields: { plan: 'gold', seats: 0, email: 'nope' } })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BadRequestError)
      const data = (error as BadRequestError).data
      expect(data).toMatchObject({ type: 'bad_request', key: 'invalid_data' })
      const paths = (data.data as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort()
      expect(paths).toEqual(['fields.email', 'fields.plan', 'fields.seats'])
      expect((error as BadRequestError).message).toMatch(/fields\.plan must be one of "free", "pro", got "gold"/)
      expect((await admin.customer(c.id).get()).fields).toEqual({ plan: 'pro', seats: 2 })

      const missing = await admin.customers
        .create({ name: 'No plan', internalId: 'fv-2', fields: {} })
        .catch((e: unknown) => e)
      expect((missing as BadRequestError).message).toMatch(/fields\.plan is required/)
      expect(() => server.engine.customers.get('fv-2')).toThrow(/No customer/)

      const badToken = await server.engine.tokens
        .mint({ customerId: 'fv-3', ttl: 600 })
        .then(() => sign({ id: 'fv-3', fields: { plan: 7 }, iss: server.engine.workspace.key(), exp: nowSec() + 60 }))
      const tokenError = await new MembraneClient({ token: badToken, apiUri: server.url }).self
        .get()
        .catch((e: unknown) => e)
      expect((tokenError as BadRequestError).message).toMatch(
        /token claim "fields" does not match the tenant field schema: fields\.plan must be string/
      )
      expect(() => server.engine.customers.get('fv-3')).toThrow(/No customer/)
    } finally {
      server.engine.workspace.patch({ userFieldsSchema: null })
    }
  })
})
