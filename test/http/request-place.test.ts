import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest } from '../support/raw-http'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

const FORM = 'application/x-www-form-urlencoded'

describe('every page, form post and API call is addressed to this machine and sent by its own pages', () => {
  let server: TestServer
  let port: string
  let own: string

  beforeAll(async () => {
    server = await startTestServer()
    port = new URL(server.url).port
    own = `127.0.0.1:${port}`
    server.engine.sandbox.createAccount('helpdesk', 'Secret Account Co')
  })
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(server.url, { path, headers: { host: own, ...headers } })
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    rawRequest(server.url, {
      method: 'POST',
      path,
      headers: { host: own, 'content-type': FORM, ...headers },
      body: new URLSearchParams(form).toString()
    })
  const keyCount = () => server.engine.sandbox.apiKeys('helpdesk').length

  it('refuses the sandbox settings page addressed to a foreign Host (DNS rebinding), listing nothing', async () => {
    const rebound = await get('/sandbox/helpdesk/settings', { host: `attacker.example:${port}` })
    expect(rebound.status).toBe(403)
    expect(rebound.json()).toMatchObject({ type: 'bad_request', key: 'access_denied' })
    expect(rebound.json().message).toContain(own)
    expect(rebound.text).not.toContain('Secret Account Co')

    for (const host of [own, `localhost:${port}`, `[::1]:${port}`]) {
      const page = await get('/sandbox/helpdesk/settings', { host })
      expect(page.status, host).toBe(200)
      expect(page.text).toContain('Secret Account Co')
    }
  })

  it('refuses a foreign page reading a sandbox page with fetch, and sends it no CORS grant', async () => {
    for (const path of ['/sandbox/helpdesk/settings', '/sandbox/helpdesk', '/sandbox/crm/']) {
      const fetched = await get(path, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })
      expect(fetched.status, path).toBe(403)
      expect(fetched.headers['access-control-allow-origin']).toBeUndefined()
      expect(fetched.text).not.toContain('Secret Account Co')
    }
    // a cross-site navigation (a link, an OAuth redirect) still opens the page
    const navigated = await get('/sandbox/helpdesk/settings', {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate'
    })
    expect(navigated.status).toBe(200)
  })

  it('refuses an API key form post from another origin, minting nothing', async () => {
    const before = keyCount()
    const foreign = await post(
      '/sandbox/helpdesk/settings/api-keys',
      { account: 'Evil', name: 'stolen' },
      { origin: 'http://evil.example' }
    )
    expect(foreign.status).toBe(403)
    expect(foreign.json().message).toContain('evil.example')
    expect(foreign.text).not.toContain('hd_live_')

    const crossSite = await post(
      '/sandbox/helpdesk/settings/api-keys',
      { account: 'Evil' },
      { 'sec-fetch-site': 'cross-site' }
    )
    expect(crossSite.status).toBe(403)
    const sameSite = await post(
      '/sandbox/helpdesk/settings/api-keys',
      { account: 'Evil' },
      { origin: `http://localhost:${Number(port) + 1}`, 'sec-fetch-site': 'same-site' }
    )
    expect(sameSite.status).toBe(403)
    const rebound = await post(
      '/sandbox/helpdesk/settings/api-keys',
      { account: 'Evil' },
      { host: `rebind.example:${port}`, origin: `http://rebind.example:${port}` }
    )
    expect(rebound.status).toBe(403)
    const opaque = await post('/sandbox/helpdesk/settings/api-keys', { account: 'Evil' }, { origin: 'null' })
    expect(opaque.status).toBe(403)
    expect(keyCount()).toBe(before)
  })

  it("accepts the form post from the engine's own page (Origin own, or null vouched same-origin)", async () => {
    const before = keyCount()
    const fromOwn = await post(
      '/sandbox/helpdesk/settings/api-keys',
      { account: 'Page Co', name: 'own' },
      { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' }
    )
    expect(fromOwn.status).toBe(200)
    expect(fromOwn.text).toContain('hd_live_')
    // what Chromium sends from a page served with Referrer-Policy: no-referrer
    const noReferrer = await post(
      '/sandbox/helpdesk/settings/api-keys',
      { account: 'Page Co', name: 'no-referrer' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' }
    )
    expect(noReferrer.status).toBe(200)
    expect(keyCount()).toBe(before + 2)
  })

  it('refuses consent and connect form posts from another origin', async () => {
    for (const path of ['/sandbox/crm/oauth/authorize', '/connect/submit', '/connect/choose']) {
      const foreign = await post(
        path,
        { decision: 'approve', account: 'x', state: 'x' },
        { origin: 'http://evil.example' }
      )
      expect(foreign.status, path).toBe(403)
      expect(foreign.json().key).toBe('access_denied')
    }
    const consentPage = await get('/sandbox/crm/oauth/authorize?client_id=x', { host: `evil.example:${port}` })
    expect(consentPage.status).toBe(403)
  })

  it('answers the REST API only on loopback host names with its port', async () => {
    const token = await server.adminToken()
    const auth = { authorization: `Bearer ${token}` }
    for (const host of [own, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const ok = await get('/customers', { host, ...auth })
      expect(ok.status, host).toBe(200)
    }
    for (const host of [
      `attacker.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${Number(port) + 1}`,
      `127.0.0.2:${port}`
    ]) {
      const refused = await get('/customers', { host, ...auth })
      expect(refused.status, host).toBe(403)
      expect(refused.json().message).toContain(own)
    }
    const preflight = await rawRequest(server.url, {
      method: 'OPTIONS',
      path: '/customers',
      headers: {
        host: `attacker.example:${port}`,
        origin: `http://attacker.example:${port}`,
        'access-control-request-method': 'POST'
      }
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('keeps the REST API open to web apps on other origins (CORS), as Membrane clients need', async () => {
    const token = await server.adminToken()
    const fromApp = await get('/customers', { origin: 'http://app.example', authorization: `Bearer ${token}` })
    expect(fromApp.status).toBe(200)
    expect(fromApp.headers['access-control-allow-origin']).toBe('http://app.example')
  })
})
