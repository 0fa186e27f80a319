import { createHmac } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ConnectionDto } from '../../../src-main/contract/connections'
import { WEBHOOK_SIGNATURE_HEADER } from '../../../src-main/engine'
import { connectCrm, startRecorder, type Recorder } from '../../support/connect-flow'
import { createManualClock, type ManualClock } from '../../support/manual-clock'
import { removeTempDirs } from '../../support/temp-dir'
import { startTestServer, type TestServer } from '../../support/test-server'

const MINUTE = 60_000

let clock: ManualClock
let server: TestServer
let hooks: Recorder
let admin: string

beforeAll(async () => {
  clock = createManualClock()
  server = await startTestServer({ clock, engineOptions: { webhooks: { retryDelaysMs: [50, 50] } } })
  hooks = await startRecorder()
  admin = await server.adminToken()
  const patched = await server.call('PATCH', '/workspace', {
    token: admin,
    body: { webhookUri: `${hooks.url}/workbench-events` }
  })
  expect(patched.status).toBe(200)
})

afterAll(async () => {
  await server.stop()
  await hooks.close()
  removeTempDirs()
})

let token: string
let connection: ConnectionDto

beforeEach(async () => {
  token = await server.customerToken(`customer-${Math.random().toString(36).slice(2)}`, { ttl: '30d' })
  const run = await connectCrm(server, token)
  connection = run.connection!
})

afterEach(() => {
  hooks.requests.length = 0
})

const refreshes = () => server.engine.sandbox.stats().tokenRequests.refresh_token
const secrets = async (id: string) =>
  (await server.call('GET', `/connections/${id}?includeSecrets=true`, { token: admin })).body.credentials as Record<
    string,
    string
  >
const contacts = () => server.call('GET', `/connections/${connection.id}/proxy/contacts?limit=2`, { token })

describe('refresh', () => {
  it('refreshes the access token ahead of its expiry, before the call goes out', async () => {
    expect(connection.accessTokenExpiresAt).toBe(new Date(clock.now() + 15 * MINUTE).toISOString())
    const before = await secrets(connection.id)
    const triggers: string[] = []
    const off = server.engine.events.on('connection.credentialsRefreshed', (e) => triggers.push(e.trigger))
    const count = refreshes()

    clock.advance(10 * MINUTE)
    expect((await contacts()).status).toBe(200)
    expect(refreshes()).toBe(count)

    clock.advance(4.5 * MINUTE) // 30 s before expiry: inside the refresh-ahead window, the old token still works
    expect((await contacts()).status).toBe(200)
    off()
    expect(refreshes()).toBe(count + 1)
    expect(triggers).toEqual(['expiry'])
    const after = await secrets(connection.id)
    expect(after.access_token).not.toBe(before.access_token)
    expect(after.refresh_token).not.toBe(before.refresh_token)
    const dto = (await server.call('GET', `/connections/${connection.id}`, { token })).body
    expect(dto.accessTokenExpiresAt).toBe(new Date(clock.now() + 15 * MINUTE).toISOString())
    expect(dto.credentialsRefreshedAt).toBe(new Date(clock.now()).toISOString())
  })

  it('makes 20 concurrent proxied requests during expiry share exactly one refresh', async () => {
    clock.advance(16 * MINUTE) // expired at the app and for the engine
    const count = refreshes()
    const results = await Promise.all(Array.from({ length: 20 }, () => contacts()))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(refreshes()).toBe(count + 1)
  })

  it('refreshes once on a 401 when the app stops accepting the token, and retries the calls', async () => {
    const faults = await server.call('POST', `/connections/${connection.id}/faults`, {
      token: admin,
      body: { expireAccessToken: true }
    })
    expect(faults.status).toBe(200)
    const count = refreshes()
    const triggers: string[] = []
    const off = server.engine.events.on('connection.credentialsRefreshed', (e) => triggers.push(e.trigger))
    const results = await Promise.all(Array.from({ length: 20 }, () => contacts()))
    off()
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(refreshes()).toBe(count + 1)
    expect(triggers).toEqual(['unauthorized'])
  })

  it('refreshes on demand (refresh-credentials) and rotates the refresh token', async () => {
    const before = await secrets(connection.id)
    const res = await server.call('POST', `/connections/${connection.id}/refresh-credentials`, { token })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: connection.id, status: 'connected', canRefreshCredentials: true })
    const after = await secrets(connection.id)
    expect(after.refresh_token).not.toBe(before.refresh_token)
    expect((await contacts()).status).toBe(200)
  })
})

describe('a revoked refresh token', () => {
  it('leaves the connection disconnected with a clear error, tells the workspace webhook, and reconnect restores it', async () => {
    const revoke = await server.call('POST', `/connections/${connection.id}/faults`, {
      token: admin,
      body: { revokeRefreshToken: true }
    })
    expect(revoke.status).toBe(200)
    clock.advance(16 * MINUTE)

    const failed = await contacts()
    expect(failed.status).toBe(400)
    expect(failed.body).toMatchObject({ type: 'connection', key: 'connection_is_defunct' })
    expect(failed.body.message).toContain('invalid_grant')
    expect(failed.body.message).toContain('reconnect')

    const dto = (await server.call('GET', `/connections/${connection.id}`, { token })).body
    expect(dto).toMatchObject({
      status: 'disconnected',
      connected: false,
      disconnected: true,
      state: 'CLIENT_ACTION_REQUIRED',
      error: { key: 'connection_is_defunct' }
    })
    expect(dto.disconnectedAt).toBe(new Date(clock.now()).toISOString())

    const [event] = await hooks.waitFor(1, (r) => r.body.includes('connection.disconnected'))
    const payload = JSON.parse(event.body)
    expect(payload).toMatchObject({
      eventType: 'connection.disconnected',
      data: { connection: { id: connection.id, status: 'disconnected' }, error: { key: 'connection_is_defunct' } }
    })
    expect(payload.data.connection.credentials).toBeUndefined()
    const secret = server.engine.workspace.credentials().secret
    expect(event.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(
      'sha256=' + createHmac('sha256', secret).update(event.body).digest('hex')
    )

    const calls = server.engine.sandbox.stats().apiRequests
    const again = await contacts()
    expect(again.body.key).toBe('connection_is_defunct')
    expect(server.engine.sandbox.stats().apiRequests).toBe(calls)
    expect((await server.call('POST', `/connections/${connection.id}/test`, { token })).body).toMatchObject({
      success: false
    })

    const reconnected = await connectCrm(server, token, { payload: { connectionId: connection.id } })
    expect(reconnected.connection).toMatchObject({ id: connection.id, status: 'connected', connected: true })
    expect(reconnected.connection!.error).toBeUndefined()
    await hooks.waitFor(1, (r) => r.body.includes('connection.reconnected'))
    expect((await contacts()).status).toBe(200)
  })

  it('disconnects on a 401 the engine cannot fix (a revoked API key)', async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: `Revoked ${Math.random()}` })
    const made = await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } }
    })
    expect(made.status).toBe(201)
    server.engine.sandbox.revokeApiKey('helpdesk', key.id)
    const res = await server.call('GET', `/connections/${made.body.id}/proxy/tickets`, { token })
    expect(res.body).toMatchObject({ type: 'connection', key: 'connection_is_defunct' })
    expect(res.body.message).toContain('revoked')
    expect((await server.call('GET', `/connections/${made.body.id}`, { token })).body.status).toBe('disconnected')
    await hooks.waitFor(1, (r) => r.body.includes('connection.disconnected') && r.body.includes(made.body.id))
  })
})

describe('fault simulation', () => {
  it('fails the next N calls with 429 or 500 without reaching the app, then recovers', async () => {
    const set = await server.call('POST', `/connections/${connection.id}/faults`, {
      token: admin,
      body: { failNext: { count: 2, status: 429 }, latencyMs: 20 }
    })
    expect(set.body).toEqual({ failNextCount: 2, failNextStatus: 429, latencyMs: 20 })
    const calls = server.engine.sandbox.stats().apiRequests
    const first = await contacts()
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('1')
    expect(first.headers.get('x-workbench-simulated-fault')).toBe('429')
    const second = await server.call('POST', `/connections/${connection.id}/data/contacts/list`, { token, body: {} })
    expect(second.status).toBe(429)
    expect(second.body).toMatchObject({ type: 'connection', key: 'rate_limit_exceeded' })
    expect(server.engine.sandbox.stats().apiRequests).toBe(calls)
    expect((await contacts()).status).toBe(200)
    expect((await server.call('GET', `/connections/${connection.id}/faults`, { token: admin })).body).toEqual({
      failNextCount: 0,
      latencyMs: 20
    })

    await server.call('POST', `/connections/${connection.id}/faults`, {
      token: admin,
      body: { failNext: { count: 1, status: 500 } }
    })
    const broken = await server.call('POST', `/connections/${connection.id}/api/contacts`, {
      token,
      body: { method: 'GET' }
    })
    expect(broken.status).toBe(502)
    expect(broken.body).toMatchObject({ type: 'dependency_error' })
    expect(broken.body.message).toContain('500')
    const cleared = await server.call('DELETE', `/connections/${connection.id}/faults`, { token: admin })
    expect(cleared.body).toEqual({ failNextCount: 0, latencyMs: 0 })
  })

  it('is admin only and validates its input', async () => {
    const denied = await server.call('POST', `/connections/${connection.id}/faults`, {
      token,
      body: { failNext: { count: 1, status: 429 } }
    })
    expect(denied.status).toBe(403)
    const bad = await server.call('POST', `/connections/${connection.id}/faults`, {
      token: admin,
      body: { failNext: { count: 1, status: 404 } }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.data.errors[0].path).toBe('failNext.status')
    const helpdeskKey = server.engine.sandbox.createApiKey('helpdesk', { accountName: `Faults ${Math.random()}` })
    const hd = await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'helpdesk', input: { apiKey: helpdeskKey.apiKey } }
    })
    const noToken = await server.call('POST', `/connections/${hd.body.id}/faults`, {
      token: admin,
      body: { revokeRefreshToken: true }
    })
    expect(noToken.status).toBe(400)
    expect(noToken.body.message).toContain('no refresh token')
  })
})
