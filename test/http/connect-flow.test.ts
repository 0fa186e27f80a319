import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ORIGIN, connectCrm, formInputs, postConnect, resultOf, step, submitForm } from '../support/connect-flow'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let token: string
let admin: string

beforeAll(async () => {
  server = await startTestServer()
  token = await server.customerToken('acme', { name: 'Acme Inc' })
  admin = await server.adminToken()
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

async function connectionCount(customer: string): Promise<number> {
  const list = await server.call('GET', `/connections?userId=${customer}&includeArchived=true`, { token: admin })
  return list.body.items.length
}

describe('connection options', () => {
  it('lists the auth options of an integration by key or id', async () => {
    const crm = await server.call('POST', '/connection-options', { token, body: { integrationKey: 'crm' } })
    expect(crm.status).toBe(200)
    expect(crm.body).toEqual([
      expect.objectContaining({ key: 'oauth2', type: 'oauth2', title: 'Sign in with Sandbox CRM' })
    ])
    const integration = await server.call('GET', '/integrations/helpdesk', { token })
    const helpdesk = await server.call('POST', '/connection-options', {
      token,
      body: { integrationId: integration.body.id }
    })
    expect(helpdesk.body).toEqual([
      expect.objectContaining({
        key: 'api-key',
        type: 'client-credentials',
        inputSchema: expect.objectContaining({ required: ['apiKey'] })
      })
    ])
  })

  it('answers an unknown integration with a clear 404', async () => {
    const res = await server.call('POST', '/connection-options', { token, body: { integrationKey: 'nope' } })
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ type: 'bad_request', key: 'not_found' })
    expect(res.body.message).toContain('"nope"')
  })
})

describe('OAuth connect flow (CRM)', () => {
  it('redirects to the consent page, and the approval comes back as a new connection posted to the opener', async () => {
    const run = await connectCrm(server, token, { account: 'Acme CRM' })
    expect(run.authorizeUrl.pathname).toBe('/sandbox/crm/oauth/authorize')
    expect(run.authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(run.authorizeUrl.searchParams.get('login_hint')).toBe('Acme Inc')
    expect(run.authorizeUrl.searchParams.get('redirect_uri')).toBe(`${server.url}/oauth-callback`)
    expect(run.result.targetOrigin).toBe(APP_ORIGIN)
    expect(run.result.message).toMatchObject({ source: 'integration.app', type: 'newConnectionCreated' })
    expect(run.connection).toMatchObject({
      integrationKey: 'crm',
      status: 'connected',
      connected: true,
      externalAccount: { name: 'Acme CRM' }
    })
    expect(run.connection!.credentials).toBeUndefined()

    const contacts = await server.call('GET', `/connections/${run.connection!.id}/proxy/contacts?limit=5`, { token })
    expect(contacts.status).toBe(200)
    expect(contacts.body.data).toHaveLength(5)
    expect(contacts.body.nextCursor).toEqual(expect.any(String))
  })

  it('delivers the result on the SSE channel too, also to a subscriber that arrives late', async () => {
    const requestId = `sse-${Date.now()}`
    const controller = new AbortController()
    const events = fetch(`${server.url}/sse/connection-events/${requestId}?token=${encodeURIComponent(token)}`, {
      signal: controller.signal
    }).then((r) => r.text())
    const run = await connectCrm(server, token, { payload: { requestId } })
    const text = await events
    const data = JSON.parse(/^data: (.*)$/m.exec(text)![1])
    expect(data).toMatchObject({
      source: 'integration.app',
      requestId,
      type: 'newConnectionCreated',
      connection: { id: run.connection!.id }
    })

    const late = await fetch(`${server.url}/sse/connection-events/${requestId}`).then((r) => r.text())
    expect(JSON.parse(/^data: (.*)$/m.exec(late)![1]).connection.id).toBe(run.connection!.id)

    const other = await server.customerToken('someone-else')
    const foreign = await fetch(`${server.url}/sse/connection-events/${requestId}?token=${encodeURIComponent(other)}`)
    expect(foreign.status).toBe(404)
  })

  it("reuses the customer's connection unless allowMultipleConnections is set", async () => {
    const t = await server.customerToken('multi')
    const first = await connectCrm(server, t)
    const again = await connectCrm(server, t)
    expect(again.connection!.id).toBe(first.connection!.id)
    const extra = await connectCrm(server, t, { payload: { allowMultipleConnections: true } })
    expect(extra.connection!.id).not.toBe(first.connection!.id)
  })

  it('refuses a forged state and creates nothing', async () => {
    const t = await server.customerToken('forger')
    await server.call('GET', '/self', { token: t })
    const before = await connectionCount('forger')
    const run = await connectCrm(server, t, {
      beforeCallback: async (callback) => {
        callback.searchParams.set('state', 'forged-state-value')
      }
    })
    expect(run.result.message).toMatchObject({ type: 'newConnectionFailure' })
    expect(run.result.message.type === 'newConnectionFailure' && run.result.message.error).toContain('unknown state')
    expect(await connectionCount('forger')).toBe(before)
  })

  it('refuses a replayed callback and creates nothing more', async () => {
    const t = await server.customerToken('replayer')
    const run = await connectCrm(server, t, { payload: { allowMultipleConnections: true } })
    expect(run.connection).toBeDefined()
    const count = await connectionCount('replayer')
    const replay = await step(run.callbackUrl.toString())
    expect(replay.status).toBe(400)
    const result = resultOf(replay.text)
    expect(result.message).toMatchObject({ type: 'newConnectionFailure' })
    expect(result.message.type === 'newConnectionFailure' && result.message.error).toContain('already used')
    expect(await connectionCount('replayer')).toBe(count)
  })

  it('reports a denied consent as a failure and creates nothing', async () => {
    const t = await server.customerToken('denier')
    const run = await connectCrm(server, t, { decision: 'deny' })
    expect(run.callbackUrl.searchParams.get('error')).toBe('access_denied')
    expect(run.result.message.type === 'newConnectionFailure' && run.result.message.error).toContain('not granted')
    expect(await connectionCount('denier')).toBe(0)
  })

  it('answers a connect request with a bad token or an unknown integration with a failure page', async () => {
    const bad = await postConnect(server, { token: 'not-a-jwt', integrationKey: 'crm', requestId: 'r1' })
    expect(bad.status).toBe(400)
    expect(resultOf(bad.text).message).toMatchObject({
      requestId: 'r1',
      type: 'newConnectionFailure',
      errorData: { key: 'not_authenticated' }
    })
    const unknown = await postConnect(server, { token, integrationKey: 'nope', requestId: 'r2' })
    expect(resultOf(unknown.text).message).toMatchObject({
      requestId: 'r2',
      type: 'newConnectionFailure',
      errorData: { key: 'not_found' }
    })
  })

  it('keeps the consent page out of frames and rejects unregistered redirect URIs without redirecting', async () => {
    const start = await postConnect(server, { token, integrationKey: 'crm', requestId: 'frames' })
    const page = await step(new URL(start.location!, server.url).toString())
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.text).toContain('Approve')
    const evil = new URL(start.location!, server.url)
    evil.searchParams.set('redirect_uri', 'https://evil.example/cb')
    const refused = await step(evil.toString())
    expect(refused.status).toBe(400)
    expect(refused.location).toBeUndefined()
    expect(refused.text).toContain('not registered')
  })
})

describe('API-key connect flow (helpdesk)', () => {
  it('shows a form generated from the input schema, re-shows it on a wrong key, and connects with the right one', async () => {
    const t = await server.customerToken('hd-form')
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Form Helpdesk' })
    const form = await postConnect(server, { token: t, integrationKey: 'helpdesk', requestId: 'hd1' })
    expect(form.status).toBe(200)
    expect(form.text).toContain('type="password"')
    expect(form.text).toContain('API key')
    const fields = formInputs(form.text)
    expect(fields.state).toEqual(expect.any(String))

    const wrong = await submitForm(`${server.url}/connect/submit`, {
      state: fields.state,
      apiKey: 'hd_live_wrong-key-123'
    })
    expect(wrong.status).toBe(422)
    expect(wrong.text).toContain('Sandbox Helpdesk did not accept these credentials: The API key is not valid.')
    expect(wrong.text).not.toContain('hd_live_wrong-key-123')
    expect(await connectionCount('hd-form')).toBe(0)

    const short = await submitForm(`${server.url}/connect/submit`, { state: fields.state, apiKey: 'short' })
    expect(short.status).toBe(422)
    expect(short.text).toContain('API key must not have fewer than 8 characters')

    const right = await submitForm(`${server.url}/connect/submit`, { state: fields.state, apiKey: key.apiKey })
    const result = resultOf(right.text)
    expect(result.message).toMatchObject({
      requestId: 'hd1',
      type: 'newConnectionCreated',
      connection: { integrationKey: 'helpdesk', externalAccount: { name: 'Form Helpdesk' } }
    })

    const reused = await submitForm(`${server.url}/connect/submit`, { state: fields.state, apiKey: key.apiKey })
    expect(resultOf(reused.text).message.type).toBe('newConnectionFailure')
    expect(await connectionCount('hd-form')).toBe(1)
  })

  it('connects without a form when the input comes with the request (hidden iframe mode)', async () => {
    const t = await server.customerToken('hd-iframe')
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Iframe Helpdesk' })
    const ok = await postConnect(server, {
      token: t,
      integrationKey: 'helpdesk',
      authOptionKey: 'api-key',
      input: { apiKey: key.apiKey },
      requestId: 'hd2'
    })
    expect(resultOf(ok.text).message).toMatchObject({ type: 'newConnectionCreated' })
    const bad = await postConnect(server, {
      token: t,
      integrationKey: 'helpdesk',
      authOptionKey: 'api-key',
      input: { apiKey: 'short' },
      requestId: 'hd3'
    })
    const failure = resultOf(bad.text).message
    expect(failure).toMatchObject({ type: 'newConnectionFailure', errorData: { key: 'invalid_data' } })
    expect(failure.type === 'newConnectionFailure' && failure.error).toContain('input.apiKey')
  })

  it('accepts the IA SDK form post to /connection-popup', async () => {
    const t = await server.customerToken('hd-ia')
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'IA Helpdesk' })
    const integration = await server.call('GET', '/integrations/helpdesk', { token: t })
    const res = await postConnect(
      server,
      { token: t, connectionParameters: { apiKey: key.apiKey }, requestId: 'ia1' },
      `/connection-popup?integrationId=${integration.body.id}`
    )
    expect(resultOf(res.text).message).toMatchObject({ requestId: 'ia1', type: 'newConnectionCreated' })
  })
})
