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

  it('never stores tokens, secrets or bodies', async () => {
    const token = await server.customerToken('initech')
    await server.call('GET', `/self?token=${token}`)
    const everything = JSON.stringify(server.engine.activity.list({ limit: 500 }))
    expect(everything).not.toContain(token)
    expect(everything).not.toContain(token.split('.')[2])
    expect(everything).not.toContain('initech-credential-123')
    expect(everything).not.toContain(server.engine.workspace.credentials().secret)
    expect(everything).toContain('token=…')
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
