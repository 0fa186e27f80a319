import { describe, expect, it } from 'vitest'
import { eventually } from '../../support/http-target'
import { connectBoth, personalCrmToken, sandboxApi } from '../../support/sandbox-client'
import { serversPerTest } from '../../support/test-server'

const server = serversPerTest({ engineOptions: { sandbox: { webhooks: { retryDelaysMs: [50] } } } })

const NODES = {
  trigger: {
    type: 'data-record-created-trigger',
    config: { dataSource: { collectionKey: 'contacts' } },
    links: [{ key: 'ticket' }]
  },
  ticket: {
    type: 'create-data-record',
    config: {
      integrationKey: 'helpdesk',
      dataSource: { collectionKey: 'tickets' },
      fields: { subject: { $jsonata: '"Follow up " & input.trigger.record.email' } }
    }
  }
}

describe('instances on connections in snapshots', () => {
  it('import attaches instances to the imported connections and sets them up again, so triggers fire in the new workspace only', async () => {
    const a = await server()
    const admin = await a.adminToken()
    await a.call('POST', '/flows', {
      token: admin,
      body: { key: 'follow-up', name: 'Follow up', integrationKey: 'crm', nodes: NODES }
    })
    await a.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'open-ticket',
        name: 'Open ticket',
        type: 'create-data-record',
        config: { dataSource: { collectionKey: 'tickets' } }
      }
    })
    const token = await a.customerToken('qa', { name: 'QA', ttl: '30d' })
    const { crm } = await connectBoth(a, token, { crm: 'QA CRM', helpdesk: 'QA Desk' })
    const inA = (await a.call('GET', '/connections/crm/flows/follow-up?autoCreate=true', { token })).body
    expect(inA.setup.triggers[0].callbackUrl.startsWith(a.url)).toBe(true)
    await a.call('GET', '/action-instance?actionKey=open-ticket&integrationKey=helpdesk&autoCreate=true', { token })
    await a.call('PATCH', '/action-instance?actionKey=open-ticket&integrationKey=helpdesk', {
      token,
      body: { name: 'QA tickets' }
    })

    const file = a.engine.snapshots.exportSnapshot({ passphrase: 'correct horse battery' })
    const entry = (file.flowInstances as Array<Record<string, unknown>>).find((i) => i.name === 'Follow up')!
    expect(entry.connectionRef).toBe(crm.id)
    expect(entry).not.toHaveProperty('connectionId')
    expect(file.actionInstances).toEqual([
      expect.objectContaining({ name: 'QA tickets', connectionRef: expect.any(String), actionRef: expect.any(String) })
    ])

    const b = await server()
    const report = b.engine.snapshots.importSnapshot(JSON.parse(JSON.stringify(file)), {
      passphrase: 'correct horse battery',
      replaceWorkspace: true,
      applyWorkspaceCredentials: true
    })
    expect(report.counts.flowInstances).toMatchObject({ added: 1 })
    expect(report.counts.actionInstances).toMatchObject({ added: 1 })

    const bCrm = (await b.call('GET', '/connections/crm', { token })).body
    const inB = await eventually(
      async () => {
        const instance = (await b.call('GET', '/connections/crm/flows/follow-up', { token })).body
        return instance.setup?.triggers?.[0]?.callbackUrl?.startsWith(b.url) ? instance : undefined
      },
      10_000,
      'the imported instance to be set up in B'
    )
    expect(inB).toMatchObject({ connectionId: bCrm.id, state: 'READY' })
    expect(
      (await b.call('GET', '/action-instance?actionKey=open-ticket&integrationKey=helpdesk', { token })).body
    ).toMatchObject({ name: 'QA tickets', state: 'READY' })

    // B's copy of the CRM account holds one webhook, B's: the one copied from A (pointing at A) is gone.
    const personal = await personalCrmToken(b, 'QA CRM')
    const hooks = (await sandboxApi(b, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data as Array<{
      url: string
    }>
    expect(hooks.map((h) => h.url)).toEqual([inB.setup.triggers[0].callbackUrl])

    await sandboxApi(b, 'crm', { bearer: personal }, 'POST', '/contacts', { email: 'imported@example.com' })
    const run = await eventually(
      async () => {
        const items = (await b.call('GET', `/flow-runs?flowInstanceId=${inB.id}`, { token })).body.items
        return items[0]?.state === 'completed' ? items[0] : undefined
      },
      10_000,
      'the triggered run in B'
    )
    const output = (await b.call('GET', `/flow-runs/${run.id}/output`, { token })).body
    expect(output.record.fields.subject).toBe('Follow up imported@example.com')
    expect((await a.call('GET', `/flow-runs?flowInstanceId=${inA.id}`, { token })).body.items).toEqual([])
  })
})
