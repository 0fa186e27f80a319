import { describe, expect, it } from 'vitest'
import { connectCrm } from '../../support/connect-flow'
import { serversPerTest, type TestServer } from '../../support/test-server'

const server = serversPerTest()

/** A workspace with a CRM connection (OAuth, a custom field, a changed record) and a helpdesk one. */
async function setUp(a: TestServer) {
  const token = await a.customerToken('qa-customer', { name: 'QA Customer', ttl: '30d' })
  const crm = (await connectCrm(a, token, { account: 'QA CRM' })).connection!
  await a.call('POST', `/connections/${crm.id}/proxy/schema/contacts/fields`, {
    token,
    body: { key: 'tier', type: 'string' }
  })
  const first = (await a.call('GET', `/connections/${crm.id}/proxy/contacts?limit=1`, { token })).body.data[0]
  await a.call('PATCH', `/connections/${crm.id}/proxy/contacts/${first.id}`, { token, body: { tier: 'gold' } })
  const key = a.engine.sandbox.createApiKey('helpdesk', { accountName: 'QA Desk' })
  await a.call('POST', '/connections', { token, body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } } })
  return { token, crm, first }
}

describe('connections in snapshots', () => {
  it('a whole-workspace snapshot with a passphrase brings working connections, sandbox data and tokens along', async () => {
    const a = await server()
    const { token, first, crm } = await setUp(a)
    const file = a.engine.snapshots.exportSnapshot({ passphrase: 'correct horse battery' })
    expect(file.integrations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'crm', sandboxClient: expect.any(Object), secretParameters: expect.any(Object) })
      ])
    )
    expect(JSON.stringify(file)).not.toContain(
      (
        (await a.call('GET', `/connections/${crm.id}?includeSecrets=true`, { token: await a.adminToken() })).body
          .credentials as { access_token: string }
      ).access_token
    )

    const b = await server()
    const report = b.engine.snapshots.importSnapshot(JSON.parse(JSON.stringify(file)), {
      passphrase: 'correct horse battery',
      replaceWorkspace: true,
      applyWorkspaceCredentials: true
    })
    expect(report.counts.connections).toMatchObject({ added: 2 })
    expect(report.counts.sandboxAccounts).toMatchObject({ added: 2 })

    // The same customer token works in B (same workspace secret), and so do its connections.
    const contact = await b.call('GET', `/connections/crm/proxy/contacts/${first.id}`, { token })
    expect(contact.status).toBe(200)
    expect(contact.body).toMatchObject({ id: first.id, email: first.email, tier: 'gold' })
    expect((await b.call('POST', '/connections/crm/refresh-credentials', { token })).body).toMatchObject({
      status: 'connected'
    })
    expect((await b.call('GET', '/connections/helpdesk/proxy/tickets?limit=2', { token })).body.data).toHaveLength(2)
    expect(
      (await b.call('GET', '/connections/crm/data/contacts', { token })).body.fieldsSchema.properties.tier
    ).toMatchObject({ type: 'string' })
  })

  it('a customer snapshot without secrets brings its connections disconnected, asking to reconnect', async () => {
    const a = await server()
    await setUp(a)
    const file = a.engine.snapshots.exportSnapshot({ customer: 'qa-customer' })
    expect(JSON.stringify(file)).not.toMatch(/"credentials"|"input"|"secretParameters"/)
    expect((file.integrations as Array<{ key: string }>).map((i) => i.key).sort()).toEqual(['crm', 'helpdesk'])

    const b = await server()
    const report = b.engine.snapshots.importSnapshot(file, { onConflict: 'rename' })
    expect(report.counts.integrations).toMatchObject({ skipped: 2 })
    const token = await b.customerToken('qa-customer')
    const list = (await b.call('GET', '/connections', { token })).body.items
    expect(list).toHaveLength(2)
    for (const c of list) {
      expect(c).toMatchObject({ status: 'disconnected', error: { key: 'connection_is_defunct' } })
      expect(c.error.message).toContain('reconnect')
    }
    const run = await connectCrm(b, token, {
      account: 'QA CRM',
      payload: { connectionId: list.find((c: { integrationKey: string }) => c.integrationKey === 'crm').id }
    })
    expect(run.connection).toMatchObject({ status: 'connected', externalAccount: { name: 'QA CRM' } })
  })

  it('replacing the workspace in place works while connections exist', async () => {
    const a = await server()
    await setUp(a)
    const empty = a.engine.snapshots.exportSnapshot()
    const report = a.engine.snapshots.importSnapshot(empty, { replaceWorkspace: true })
    expect(report.counts.connections).toMatchObject({ added: 2 })
    expect(a.engine.connections.list({ kind: 'admin' }).items.every((c) => c.status === 'disconnected')).toBe(true)
  })
})
