import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_METHODS, CONSOLE_SECRET_HEADER } from '../../../src-main/contract/console-api'
import { rawRequest, type RawResponse } from '../../support/raw-http'
import { removeTempDirs } from '../../support/temp-dir'
import { startTestServer, type TestServer } from '../../support/test-server'

/** A raw HTTP call (POST unless told), so tests can send any Host and Origin (fetch would not let them). */
function raw(url: string, options: Parameters<typeof rawRequest>[1]): Promise<RawResponse> {
  return rawRequest(url, { method: 'POST', ...options })
}

describe('console API over HTTP', () => {
  let server: TestServer
  let secret: string
  let host: string

  beforeAll(async () => {
    server = await startTestServer()
    secret = new URL(server.host.consoleUrl).hash.replace('#secret=', '')
    host = new URL(server.url).host
  })
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  const call = (method: string, input: unknown, headers: Record<string, string> = {}) =>
    raw(server.url, {
      path: `/console-api/${method}`,
      headers: { host, 'content-type': 'application/json', [CONSOLE_SECRET_HEADER]: secret, ...headers },
      body: JSON.stringify(input ?? null)
    })

  it('prints a console link whose fragment carries a long random secret', () => {
    expect(server.host.consoleUrl.startsWith(`${server.url}/console/#secret=`)).toBe(true)
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('answers a method with the console secret', async () => {
    const res = await call('session.info', null)
    expect(res.status).toBe(200)
    const info = res.json()
    expect(info).toMatchObject({
      mode: 'headless',
      apiUrl: server.url,
      port: Number(new URL(server.url).port),
      workspaceKey: server.engine.workspace.key()
    })
    expect(info.dataDir).toBe(server.dataDir)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it("refuses a call without credentials, or with another launch's secret, saying what is needed", async () => {
    const none = await raw(server.url, {
      path: '/console-api/session.info',
      headers: { host, 'content-type': 'application/json' },
      body: 'null'
    })
    expect(none.status).toBe(401)
    expect(none.json()).toMatchObject({ type: 'bad_request', key: 'not_authenticated' })
    expect(none.json().message).toContain(CONSOLE_SECRET_HEADER)

    const stale = await call('session.info', null, { [CONSOLE_SECRET_HEADER]: 'x'.repeat(43) })
    expect(stale.status).toBe(401)
    expect(stale.json().message).toMatch(/not the current one: it was rotated/)
  })

  it('answers a good secret with an HttpOnly SameSite=Strict cookie for this port, which alone lets a new tab in', async () => {
    const first = await call('session.info', null)
    const setCookie = String(first.headers['set-cookie'])
    const port = new URL(server.url).port
    expect(setCookie).toMatch(
      new RegExp(`^workbench_console_${port}=[\\w-]{43}; Path=/console-api/; HttpOnly; SameSite=Strict`)
    )
    const cookie = setCookie.split(';')[0]
    const noSecret = { host, 'content-type': 'application/json', cookie }
    const byCookie = await raw(server.url, { path: '/console-api/session.info', headers: noSecret, body: 'null' })
    expect(byCookie.status).toBe(200)
    expect(byCookie.headers['set-cookie']).toBeUndefined()
    // the cookie does not lift the place checks: another page's origin is still refused
    const fromElsewhere = await raw(server.url, {
      path: '/console-api/session.info',
      headers: { ...noSecret, origin: 'http://evil.example' },
      body: 'null'
    })
    expect(fromElsewhere.status).toBe(403)
    const forged = await raw(server.url, {
      path: '/console-api/session.info',
      headers: { ...noSecret, cookie: `workbench_console_${port}=${'y'.repeat(43)}` },
      body: 'null'
    })
    expect(forged.status).toBe(401)
    expect(forged.json().message).toMatch(/rotated/)
  })

  it('accepts an admin token instead of the secret, and refuses a customer token', async () => {
    const admin = await raw(server.url, {
      path: '/console-api/workspace.get',
      headers: { host, 'content-type': 'application/json', authorization: `Bearer ${await server.adminToken()}` },
      body: 'null'
    })
    expect(admin.status).toBe(200)
    expect(admin.json().key).toBe(server.engine.workspace.key())

    const customer = await raw(server.url, {
      path: '/console-api/workspace.get',
      headers: {
        host,
        'content-type': 'application/json',
        authorization: `Bearer ${await server.customerToken('acme')}`
      },
      body: 'null'
    })
    expect(customer.status).toBe(403)
    expect(customer.json()).toMatchObject({ key: 'access_denied' })
  })

  it('refuses requests addressed to another host name, even with the secret (DNS rebinding)', async () => {
    const port = new URL(server.url).port
    const rebound = await call('workspace.credentials', null, { host: `attacker.example:${port}` })
    expect(rebound.status).toBe(403)
    expect(rebound.json().message).toContain(`127.0.0.1:${port}`)
    expect(rebound.text).not.toContain(server.engine.workspace.credentials().secret)

    const localhost = await call('workspace.get', null, { host: `localhost:${port}` })
    expect(localhost.status).toBe(200)

    const page = await raw(server.url, {
      method: 'GET',
      path: '/console/',
      headers: { host: `attacker.example:${port}` }
    })
    expect(page.status).toBe(403)
  })

  it('refuses calls from another web page, and allows its own origin', async () => {
    const foreign = await call('workspace.credentials', null, { origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.json().message).toContain('evil.example')
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()

    const crossSite = await call('workspace.get', null, { 'sec-fetch-site': 'cross-site' })
    expect(crossSite.status).toBe(403)

    const own = await call('workspace.get', null, { origin: server.url })
    expect(own.status).toBe(200)
    expect(own.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('gives the console routes no CORS, while the REST API keeps reflecting origins', async () => {
    const preflight = (path: string) =>
      raw(server.url, {
        method: 'OPTIONS',
        path,
        headers: {
          host,
          origin: 'http://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': `content-type,${CONSOLE_SECRET_HEADER}`
        }
      })
    const consolePreflight = await preflight('/console-api/workspace.credentials')
    expect(consolePreflight.headers['access-control-allow-origin']).toBeUndefined()
    expect(consolePreflight.status).toBeGreaterThanOrEqual(400)

    const restPreflight = await preflight('/customers')
    expect(restPreflight.status).toBe(204)
    expect(restPreflight.headers['access-control-allow-origin']).toBe('http://evil.example')
  })

  it('refuses a simple cross-site form post (text/plain) before it reaches the engine', async () => {
    const res = await raw(server.url, {
      path: '/console-api/workspace.rotateSecret',
      headers: { host, 'content-type': 'text/plain', [CONSOLE_SECRET_HEADER]: secret },
      body: 'null'
    })
    expect(res.status).toBe(415)
    expect(server.engine.activity.list({ search: 'secretRotated' }).items).toEqual([])
  })

  it('answers unknown methods with the list of methods, and never reaches object prototypes', async () => {
    for (const method of ['nope', 'constructor', '__proto__', 'toString']) {
      const res = await call(method, null)
      expect(res.status, method).toBe(404)
      expect(res.json().key).toBe('not_found')
      expect(res.json().message).toContain(CONSOLE_METHODS[0])
    }
  })

  it("parses each method's input and names the bad field", async () => {
    const missing = await call('customers.get', {})
    expect(missing.status).toBe(400)
    expect(missing.json()).toMatchObject({ type: 'bad_request', key: 'invalid_data' })
    expect(missing.json().data.errors[0].path).toBe('id')

    const extra = await call('session.info', { unexpected: true })
    expect(extra.status).toBe(400)
    expect(extra.json().message).toContain('session.info takes no input')

    const badJson = await raw(server.url, {
      path: '/console-api/customers.list',
      headers: { host, 'content-type': 'application/json', [CONSOLE_SECRET_HEADER]: secret },
      body: '{'
    })
    expect(badJson.status).toBe(400)
    expect(badJson.json().key).toBe('invalid_json')
  })

  it('runs the same engine services: create, list by search, archive, restore', async () => {
    const created = (await call('customers.create', { name: 'Console Co', internalId: 'console-co' })).json()
    expect(created).toMatchObject({ name: 'Console Co', internalId: 'console-co', isTest: false })
    const found = (await call('customers.list', { search: 'console-co' })).json()
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([created.id])
    const archived = (await call('customers.archive', { id: created.id })).json()
    expect(archived.archivedAt).toBeTruthy()
    expect((await call('customers.list', { search: 'console-co' })).json().items).toEqual([])
    expect(
      (await call('customers.list', { archivedOnly: true })).json().items.map((c: { id: string }) => c.id)
    ).toEqual([created.id])
    expect((await call('customers.restore', { id: created.id })).json().archivedAt).toBeUndefined()
    const events = server.engine.activity
      .list({ kind: 'event', search: 'console-co' })
      .items.map((e) => `${e.title} ${e.actor}`)
    expect(events).toEqual(['customer.restored console', 'customer.archived console', 'customer.created console'])
  })

  it('serves the console page with a strict policy, and redirects / to it', async () => {
    const page = await raw(server.url, { method: 'GET', path: '/console/', headers: { host } })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.text).toContain('<div id="root">')
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['cache-control']).toBe('no-cache')
    expect(page.headers['access-control-allow-origin']).toBeUndefined()

    const root = await raw(server.url, { method: 'GET', path: '/', headers: { host } })
    expect(root.status).toBe(302)
    expect(root.headers.location).toBe('/console/')

    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.text)?.[1]
    expect(script).toBeTruthy()
    const asset = await raw(server.url, { method: 'GET', path: `/console/${script}`, headers: { host } })
    expect(asset.status).toBe(200)
    expect(asset.headers['cache-control']).toContain('immutable')
  })
})
