import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_SECRET_HEADER } from '../../src-main/contract/console-api'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

describe('activity log of the local API', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  it('records each API call with who made it, its status and the error it got', async () => {
    const admin = await server.adminToken()
    await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Initech', internalId: 'initech', credentials: { apiKey: 'initech-credential-123' } }
    })
    const customer = await server.customerToken('initech')
    await server.call('GET', '/self', { token: customer })
    await server.call('GET', '/customers?search=initech&limit=5', { token: customer })
    await server.call('GET', '/self', { token: 'not-a-jwt' })

    const calls = server.engine.activity
      .list({ kind: 'api' })
      .items.map((e) => ({ title: e.title, summary: e.summary, actor: e.actor, status: e.status, error: e.error }))
    expect(calls).toEqual([
      {
        title: 'GET /self',
        summary: '',
        actor: 'rejected token',
        status: 401,
        error: expect.stringContaining('not a JWT')
      },
      {
        title: 'GET /customers',
        summary: '?search=initech&limit=5',
        actor: 'customer initech',
        status: 403,
        error: expect.stringContaining('admin token')
      },
      { title: 'GET /self', summary: '', actor: 'customer initech', status: 200, error: undefined },
      { title: 'POST /customers', summary: '', actor: 'admin', status: 201, error: undefined }
    ])
    expect(server.engine.activity.list({ kind: 'event', search: 'initech' }).items[0]).toMatchObject({
      title: 'customer.created',
      actor: 'api'
    })
  })

  it('never stores tokens or secrets, in the line or in the request and answer it keeps', async () => {
    const token = await server.customerToken('initech')
    await server.call('GET', `/self?token=${token}`)
    const admin = await server.adminToken()
    await server.call('GET', '/self', { token })
    const page = server.engine.activity.list({ limit: 500 })
    const opened = page.items.map((e) => server.engine.activity.get(e.seq))
    const everything = JSON.stringify({ page, opened, db: server.engine.activity.list({ limit: 500 }) })
    expect(opened.some((e) => e.exchange?.request.headers.authorization === '[redacted]')).toBe(true)
    for (const secret of [
      token,
      token.split('.')[2],
      admin.split('.')[2],
      'initech-credential-123',
      server.engine.workspace.credentials().secret
    ])
      expect(everything).not.toContain(secret)
    expect(everything).toContain('token=…')
  })

  it('keeps the whole request and answer of a call, secrets redacted, linked to what it touched', async () => {
    const admin = await server.adminToken()
    const created = await server.call('POST', '/customers', {
      token: admin,
      body: { name: 'Globex', internalId: 'globex', credentials: { apiKey: 'globex-key-777', password: 'pw-888' } }
    })
    const id = (created.body as { id: string }).id
    const entry = server.engine.activity.list({ kind: 'api', search: 'POST /customers' }).items[0]
    expect(entry.links).toEqual({ customerId: id })
    const opened = server.engine.activity.get(entry.seq)
    expect(opened.exchange).toMatchObject({
      request: {
        method: 'POST',
        url: '/customers',
        headers: { authorization: '[redacted]', 'content-type': 'application/json' },
        body: { name: 'Globex', internalId: 'globex', credentials: '[redacted]' }
      },
      response: { status: 201, body: { id, name: 'Globex' } }
    })
    expect(JSON.stringify(opened)).not.toContain('globex-key-777')
    expect(JSON.stringify(opened)).not.toContain('pw-888')
    // minted tokens in an answer body are redacted too
    const mint = await server.call('POST', '/access-tokens', { token: admin, body: { customerId: 'globex' } })
    expect(mint.status).toBe(201)
    const minted = server.engine.activity.list({ kind: 'api', search: 'POST /access-tokens' }).items[0]
    const mintedText = JSON.stringify(server.engine.activity.get(minted.seq))
    expect(mintedText).not.toContain(mint.body.token)
    expect(mintedText).toContain('[redacted]')
    expect(server.engine.activity.list({ customerId: id }).items.map((e) => e.title)).toContain('POST /customers')
  })

  it("leaves the console's own traffic out", async () => {
    const before = server.engine.activity.list().latestSeq
    const secret = new URL(server.host.consoleUrl).hash.replace('#secret=', '')
    await server.call('POST', '/console-api/session.info', { body: null, headers: { [CONSOLE_SECRET_HEADER]: secret } })
    await server.call('GET', '/console/')
    expect(server.engine.activity.list({ afterSeq: before }).items).toEqual([])
  })

  it("leaves the sandbox apps' own traffic out (the engine calls them on every connection call)", async () => {
    const before = server.engine.activity.list().latestSeq
    await server.call('GET', '/sandbox/helpdesk/settings')
    await server.call('GET', '/sandbox/crm/api/contacts')
    await server.call('GET', '/health')
    expect(server.engine.activity.list({ afterSeq: before }).items.map((e) => e.title)).toEqual(['GET /health'])
  })
})
