import { createHash, createHmac, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_SIGNATURE_HEADER } from '../../../src-main/engine'
import { formInputs, startRecorder, step, submitForm, type Recorder } from '../../support/connect-flow'
import { createManualClock, type ManualClock } from '../../support/manual-clock'
import { removeTempDirs } from '../../support/temp-dir'
import { startTestServer, type TestServer } from '../../support/test-server'

let clock: ManualClock
let server: TestServer
let admin: string
let client: { clientId: string; clientSecret: string }
const REDIRECT = 'http://127.0.0.1:4321/cb'

beforeAll(async () => {
  clock = createManualClock()
  server = await startTestServer({ clock, engineOptions: { sandbox: { webhooks: { retryDelaysMs: [20] } } } })
  admin = await server.adminToken()
  client = server.engine.sandbox.oauth.registerClient('crm', 'Test client', ['http://127.0.0.1/cb'])
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

const crm = (path: string) => `${server.url}/sandbox/crm${path}`
const basic = (id = client.clientId, secret = client.clientSecret) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

/** Consent page → Approve → the code in the redirect, with PKCE. */
async function authorize(account = 'Sandbox Test Co'): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url')
  const url = new URL(crm('/oauth/authorize'))
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    state: 's1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256'
  }
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  const page = await step(url.toString())
  expect(page.status).toBe(200)
  const decided = await submitForm(crm('/oauth/authorize'), { ...formInputs(page.text), account, decision: 'approve' })
  const back = new URL(decided.location!)
  expect(back.origin + back.pathname).toBe(REDIRECT)
  expect(back.searchParams.get('state')).toBe('s1')
  return { code: back.searchParams.get('code')!, verifier }
}

function token(form: Record<string, string>, authorization = basic()) {
  return fetch(crm('/oauth/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    body: new URLSearchParams(form).toString()
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as Record<string, string> }))
}

async function tokens(account?: string) {
  const { code, verifier } = await authorize(account)
  const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })
  expect(res.status).toBe(200)
  return res.body
}

const api = (path: string, accessToken: string, init: RequestInit = {}) =>
  fetch(crm(`/api${path}`), {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...init.headers }
  }).then(async (r) => ({
    status: r.status,
    headers: r.headers,
    body: r.status === 204 ? undefined : ((await r.json()) as any)
  }))

describe('Sandbox CRM OAuth server', () => {
  it('issues short-lived access tokens and rotating refresh tokens for an approved code', async () => {
    const t = await tokens()
    expect(t).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'crm.read crm.write' })
    expect((await api('/me', t.access_token)).body.account.name).toBe('Sandbox Test Co')
    clock.advance(901_000)
    const expired = await api('/me', t.access_token)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.refresh_token).not.toBe(t.refresh_token)
    expect((await api('/me', refreshed.body.access_token)).status).toBe(200)
  })

  it('treats reuse of a rotated refresh token as theft and revokes the whole grant', async () => {
    const t = await tokens()
    const next = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })
    const reuse = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })
    expect(reuse.status).toBe(400)
    expect(reuse.body).toMatchObject({ error: 'invalid_grant' })
    expect(reuse.body.error_description).toContain('already used')
    expect((await api('/me', next.body.access_token)).status).toBe(401)
    expect((await token({ grant_type: 'refresh_token', refresh_token: next.body.refresh_token })).body.error).toBe(
      'invalid_grant'
    )
  })

  it('refuses a reused code, a wrong PKCE verifier, a wrong redirect URI and a wrong client secret', async () => {
    const { code, verifier } = await authorize()
    const first = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier
    })
    const again = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier
    })
    expect(again.body).toMatchObject({ error: 'invalid_grant' })
    expect((await api('/me', first.body.access_token)).status).toBe(401)

    const other = await authorize()
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: other.code,
          redirect_uri: REDIRECT,
          code_verifier: 'wrong'
        })
      ).body.error_description
    ).toContain('code_verifier')
    const third = await authorize()
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: third.code,
          redirect_uri: 'http://127.0.0.1:4321/other',
          code_verifier: third.verifier
        })
      ).body.error_description
    ).toContain('redirect_uri')
    const badClient = await token(
      { grant_type: 'authorization_code', code: third.code, redirect_uri: REDIRECT },
      basic(client.clientId, 'nope')
    )
    expect(badClient.status).toBe(401)
    expect(badClient.body.error).toBe('invalid_client')
    expect(badClient.headers.get('www-authenticate')).toContain('Basic')
    expect((await token({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type')
  })

  it('sends a denial back to the client and revokes tokens through RFC 7009', async () => {
    const url = new URL(crm('/oauth/authorize'))
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      state: 'd'
    }))
      url.searchParams.set(k, v)
    const page = await step(url.toString())
    const denied = await submitForm(crm('/oauth/authorize'), { ...formInputs(page.text), decision: 'deny' })
    expect(new URL(denied.location!).searchParams.get('error')).toBe('access_denied')
    const badScope = new URL(url)
    badScope.searchParams.set('scope', 'crm.admin')
    expect(new URL((await step(badScope.toString())).location!).searchParams.get('error')).toBe('invalid_scope')

    const t = await tokens()
    const revoked = await fetch(crm('/oauth/revoke'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic() },
      body: `token=${t.refresh_token}`
    })
    expect(revoked.status).toBe(200)
    expect((await api('/me', t.access_token)).status).toBe(401)
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).body.error_description
    ).toContain('revoked')
  })
})

describe('Sandbox CRM REST API', () => {
  let access: string
  beforeAll(async () => {
    access = (await tokens('API Co')).access_token
  })

  it('lists with a cursor until the last page, filters by field and searches', async () => {
    const ids: string[] = []
    let cursor: string | null = ''
    let pages = 0
    while (cursor !== null) {
      const page: { body: { data: Array<{ id: string }>; nextCursor: string | null } } = await api(
        `/contacts?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        access
      )
      ids.push(...page.body.data.map((c) => c.id))
      cursor = page.body.nextCursor
      pages++
    }
    expect(new Set(ids).size).toBe(24)
    expect(pages).toBe(4)
    const vip = await api('/companies?country=DE', access)
    expect(vip.body.data.map((c: { name: string }) => c.name)).toEqual(['Fabrikam Inc'])
    const big = await api('/companies?employees=1200', access)
    expect(big.body.data).toHaveLength(1)
    const search = await api('/companies/search?q=wingtip', access)
    expect(search.body.data.map((c: { domain: string }) => c.domain)).toEqual(['wingtip.example'])
    expect((await api('/companies?colour=red', access)).body.error).toBe('invalid_filter')
    expect((await api('/contacts?cursor=bogus', access)).body.error).toBe('invalid_cursor')
    expect((await api('/contacts?limit=500', access)).status).toBe(400)
  })

  it("creates, reads, updates and deletes records with validation in the app's own error shape", async () => {
    const company = (await api('/companies?limit=1', access)).body.data[0]
    const created = await api('/deals', access, {
      method: 'POST',
      body: JSON.stringify({ name: 'Big one', amount: 99, companyId: company.id, stage: 'proposal' })
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^dl_/),
      name: 'Big one',
      createdAt: new Date(clock.now()).toISOString()
    })
    const updated = await api(`/deals/${created.body.id}`, access, {
      method: 'PATCH',
      body: JSON.stringify({ stage: 'won', closeDate: null })
    })
    expect(updated.body).toMatchObject({ stage: 'won', closeDate: null, amount: 99 })
    const invalid = await api('/deals', access, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', amount: -1, stage: 'maybe', color: 'red' })
    })
    expect(invalid.status).toBe(422)
    expect(invalid.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['amount', 'color', 'stage'])
    const dangling = await api('/deals', access, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', amount: 1, companyId: 'co_missing' })
    })
    expect(dangling.body.message).toContain('co_missing')
    expect((await api(`/deals/${created.body.id}`, access, { method: 'DELETE' })).status).toBe(204)
    expect((await api(`/deals/${created.body.id}`, access)).status).toBe(404)
    expect((await api('/invoices', access)).body.message).toContain('has no collection "invoices"')
    expect((await api('/me', access, { method: 'POST', body: '{}' })).status).toBe(405)
  })

  it('keeps accounts apart', async () => {
    const other = (await tokens('Other Co')).access_token
    const mine = (await api('/contacts?limit=1', access)).body.data[0]
    expect((await api(`/contacts/${mine.id}`, other)).status).toBe(404)
  })
})

describe('Sandbox Helpdesk', () => {
  it('authenticates with API keys and explains a missing, wrong or revoked one', async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Keys Co' })
    const call = (headers: Record<string, string>) =>
      fetch(`${server.url}/sandbox/helpdesk/api/tickets?limit=2`, { headers }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any
      }))
    const ok = await call({ 'x-api-key': key.apiKey })
    expect(ok.status).toBe(200)
    expect(ok.body.data).toHaveLength(2)
    expect((await call({})).body.error).toBe('missing_api_key')
    expect((await call({ 'x-api-key': 'hd_live_nope' })).body.error).toBe('invalid_api_key')
    server.engine.sandbox.revokeApiKey('helpdesk', key.id)
    const revoked = await call({ 'x-api-key': key.apiKey })
    expect(revoked.status).toBe(401)
    expect(revoked.body.message).toContain('revoked')
  })

  it('answers 429 with Retry-After past the account rate limit, until the window passes', async () => {
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Busy Co' })
    const set = await server.call('PATCH', '/sandbox-apps/helpdesk', {
      token: admin,
      body: { rateLimit: { requests: 3, windowSeconds: 60 } }
    })
    expect(set.body.rateLimit).toEqual({ requests: 3, windowSeconds: 60 })
    const call = () => fetch(`${server.url}/sandbox/helpdesk/api/me`, { headers: { 'x-api-key': key.apiKey } })
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200)
    const limited = await call()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(((await limited.json()) as { error: string }).error).toBe('rate_limited')
    clock.advance(60_000)
    expect((await call()).status).toBe(200)
    await server.call('PATCH', '/sandbox-apps/helpdesk', {
      token: admin,
      body: { rateLimit: { requests: 600, windowSeconds: 60 } }
    })
  })

  it('delivers signed record webhooks to subscribed URLs', async () => {
    const receiver: Recorder = await startRecorder()
    try {
      const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Hooks Co' })
      const h = { 'x-api-key': key.apiKey, 'content-type': 'application/json' }
      const bad = await fetch(`${server.url}/sandbox/helpdesk/api/webhooks`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ url: 'ftp://x', collection: 'tickets', events: ['opened'] })
      })
      expect(((await bad.json()) as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual([
        'url',
        'events'
      ])
      const sub = (await (
        await fetch(`${server.url}/sandbox/helpdesk/api/webhooks`, {
          method: 'POST',
          headers: h,
          body: JSON.stringify({ url: `${receiver.url}/t`, collection: 'tickets' })
        })
      ).json()) as { id: string; secret: string }
      const listed = (await (await fetch(`${server.url}/sandbox/helpdesk/api/webhooks`, { headers: h })).json()) as {
        data: Array<Record<string, unknown>>
      }
      expect(listed.data).toEqual([expect.objectContaining({ id: sub.id, collection: 'tickets' })])
      expect(listed.data[0].secret).toBeUndefined()
      await fetch(`${server.url}/sandbox/helpdesk/api/tickets`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ subject: 'Printer on fire', priority: 'urgent' })
      })
      const [delivery] = await receiver.waitFor(1)
      expect(JSON.parse(delivery.body)).toMatchObject({
        type: 'tickets.created',
        collection: 'tickets',
        record: { subject: 'Printer on fire' }
      })
      expect(delivery.headers[SANDBOX_SIGNATURE_HEADER]).toBe(
        'sha256=' + createHmac('sha256', sub.secret).update(delivery.body).digest('hex')
      )
    } finally {
      await receiver.close()
    }
  })
})

describe('sandbox pages and admin API', () => {
  it('creates an API key on the settings page, shown once, that works', async () => {
    const page = await submitForm(`${server.url}/sandbox/helpdesk/settings/api-keys`, {
      account: 'Page Co',
      name: 'From the page'
    })
    expect(page.status).toBe(200)
    const apiKey = /id="new-key">([^<]+)</.exec(page.text)![1]
    expect((await fetch(`${server.url}/sandbox/helpdesk/api/me`, { headers: { 'x-api-key': apiKey } })).status).toBe(
      200
    )
    const again = await step(`${server.url}/sandbox/helpdesk/settings`)
    expect(again.text).not.toContain(apiKey)
    expect(again.text).toContain(apiKey.slice(0, 12))
  })

  it('lists the apps, their accounts and stats to admins only', async () => {
    const apps = await server.call('GET', '/sandbox-apps', { token: admin })
    expect(apps.body.items.map((a: { key: string }) => a.key)).toEqual(['crm', 'helpdesk'])
    expect(apps.body.items[0]).toMatchObject({
      apiBaseUri: `${server.url}/sandbox/crm/api`,
      auth: 'oauth2',
      settings: { accessTokenTtlSeconds: 900 }
    })
    const accounts = await server.call('GET', '/sandbox-apps/crm/accounts', { token: admin })
    expect(accounts.body.items.find((a: { name: string }) => a.name === 'API Co').recordCounts).toMatchObject({
      contacts: 24,
      companies: 5
    })
    const customer = await server.customerToken('nosy')
    expect((await server.call('GET', '/sandbox-apps', { token: customer })).status).toBe(403)
    const bad = await server.call('PATCH', '/sandbox-apps/crm', { token: admin, body: { accessTokenTtlSeconds: 1 } })
    expect(bad.body.data.errors[0].path).toBe('accessTokenTtlSeconds')
    expect((await step(`${server.url}/sandbox/crm/`)).text).toContain('API Co')
  })
})
