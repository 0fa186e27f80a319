import BetterSqlite3 from 'better-sqlite3'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAesKeyFileSecretPort } from '../../../src-main/host/aes-key-file.secret-port'
import { connectCrm, startRecorder, type Recorder } from '../../support/connect-flow'
import { removeTempDirs } from '../../support/temp-dir'
import { startTestServer, type TestServer } from '../../support/test-server'

let server: TestServer
let service: Recorder

beforeAll(async () => {
  // No periodic checkpoint: the newest writes stay in the -wal file, which the test must read too.
  server = await startTestServer({ engineOptions: { checkpointIntervalMs: 0 } })
  service = await startRecorder()
})

afterAll(async () => {
  await server.stop()
  await service.close()
  removeTempDirs()
})

/** The database file and its write-ahead log, as bytes. */
function databaseBytes(): Buffer {
  const file = join(server.dataDir, 'workbench.sqlite')
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)))
}

describe('credentials at rest', () => {
  it('never stores a credential in clear text in the database or its WAL, and never logs one', async () => {
    const admin = await server.adminToken()
    const token = await server.customerToken('grep-me')
    const marker = `Greppable connection ${Date.now()}`

    const crm = (await connectCrm(server, token, { account: 'Grep CRM' })).connection!
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Grep Desk' })
    const helpdesk = await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'helpdesk', name: marker, input: { apiKey: key.apiKey } }
    })
    expect(helpdesk.status).toBe(201)
    await server.call('POST', '/integrations', {
      token: admin,
      body: {
        key: 'grep-svc',
        name: 'Grep service',
        connectorId: 'http',
        parameters: { baseUrl: service.url, authType: 'basic' }
      }
    })
    const password = `pw-${Math.random().toString(36).slice(2)}-secret`
    const basic = await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'grep-svc', input: { username: 'grace', password } }
    })
    expect(basic.status).toBe(201)
    const subscription = await server.engine.connectionData.subscribe({ kind: 'admin' }, crm.id, {
      collection: 'contacts',
      callbackUrl: `${service.url}/hooks`
    })
    await server.call('PATCH', '/customers/grep-me', {
      token: admin,
      body: { credentials: { appToken: 'customer-app-token-1234567890' } }
    })

    const crmSecrets = (await server.call('GET', `/connections/${crm.id}?includeSecrets=true`, { token: admin })).body
      .credentials
    const integration = (await server.call('GET', '/integrations/crm?includeSecrets=true', { token: admin })).body
      .parameters
    const secrets: Record<string, string> = {
      'CRM access token': crmSecrets.access_token,
      'CRM refresh token': crmSecrets.refresh_token,
      'CRM OAuth client secret': integration.clientSecret,
      'helpdesk API key': key.apiKey,
      'basic auth password': password,
      'sandbox webhook secret': subscription.secret,
      'workspace secret': server.engine.workspace.credentials().secret,
      'customer credentials': 'customer-app-token-1234567890'
    }
    for (const [what, value] of Object.entries(secrets)) expect(value, what).toEqual(expect.any(String))

    const bytes = databaseBytes()
    // The grep can find things: a plain value written just now is there.
    expect(bytes.includes(Buffer.from(marker)), 'the marker must be found in the database + WAL').toBe(true)
    for (const [what, value] of Object.entries(secrets)) {
      expect(bytes.includes(Buffer.from(value)), `${what} found in clear text in the database`).toBe(false)
    }
    const logs = server.logs.text()
    for (const [what, value] of Object.entries(secrets))
      expect(logs.includes(value), `${what} found in the log`).toBe(false)
    expect(statSync(join(server.dataDir, 'secret.key')).mode & 0o777).toBe(0o600)
  })

  it('shows secrets only to an admin that asks for them', async () => {
    const admin = await server.adminToken()
    const token = await server.customerToken('grep-me')
    const mine = await server.call('GET', '/connections', { token })
    expect(JSON.stringify(mine.body)).not.toMatch(/access_token|apiKey|password/)
    expect((await server.call('GET', '/connections?includeSecrets=true', { token })).status).toBe(403)
    const crm = await server.call('GET', '/integrations/crm', { token: admin })
    expect(crm.body.parameters.clientSecret).toBe('********')
    const asCustomer = await server.call('GET', '/integrations/crm', { token })
    expect(asCustomer.body.parameters).toBeUndefined()
    expect((await server.call('GET', '/integrations/crm?includeSecrets=true', { token })).status).toBe(403)
  })

  it('names the column when a sealed value is corrupted, instead of a bare JSON error', async () => {
    const admin = await server.adminToken()
    const token = await server.customerToken('corrupt-me')
    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Corrupt Desk' })
    const created = await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } }
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    // Sealed with the right key, so it unseals, but what is inside is no longer JSON.
    const broken = createAesKeyFileSecretPort(server.dataDir).encrypt('{"apiKey": ')
    const db = new BetterSqlite3(join(server.dataDir, 'workbench.sqlite'))
    try {
      db.prepare('UPDATE connections SET credentials_sealed = ? WHERE id = ?').run(broken, id)
    } finally {
      db.close()
    }
    const answer = await server.call('GET', `/connections/${id}?includeSecrets=true`, { token: admin })
    expect(answer.status).toBe(500)
    expect(answer.body.message).toContain(`sealed connection ${id} credentials is not JSON`)
  })
})
