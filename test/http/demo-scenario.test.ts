import { describe, expect, it } from 'vitest'
import type { FlowRunDto } from '../../src-main/contract/flow-runs'
import { eventually } from '../support/http-target'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

async function runs(token: string): Promise<FlowRunDto[]> {
  return (await server.call('GET', '/flow-runs?limit=100', { token })).body.items
}

describe('the built-in demo scenario', () => {
  it('switches to a believable workspace: customers with fields, CRM and helpdesk connections, a deployed flow, an ad-hoc flow, runs with one failure', async () => {
    const listed = await server.call('GET', '/demo-scenarios', { token: admin })
    expect(listed.body.items).toContainEqual(expect.objectContaining({ name: 'demo', current: false }))

    const switched = await server.call('POST', '/demo-scenarios/demo/switch', { token: admin })
    expect(switched.status).toBe(200)
    expect(switched.body.counts.customers.added).toBe(7)

    const workspace = (await server.call('GET', '/workspace', { token: admin })).body
    expect(workspace).toMatchObject({ name: 'Acme SaaS (demo)', userFieldsSchema: { required: ['plan'] } })
    const customers = (await server.call('GET', '/customers', { token: admin })).body.items
    expect(customers.map((c: { internalId: string }) => c.internalId)).toEqual(
      expect.arrayContaining([
        'demo-test-tenant',
        'northwind',
        'globex',
        'initech',
        'umbrella-health',
        'stark-logistics',
        'wayne-foods'
      ])
    )
    expect(customers.find((c: { internalId: string }) => c.internalId === 'northwind').fields).toMatchObject({
      plan: 'enterprise',
      seats: 240
    })

    const northwind = await server.customerToken('northwind')
    const connections = (await server.call('GET', '/connections', { token: northwind })).body.items
    expect(
      connections.map((c: { integration?: { key: string }; integrationId: string; connected: boolean }) => c.connected)
    ).toEqual([true, true])
    const instances = (await server.call('GET', '/flow-instances', { token: northwind })).body.items
    expect(instances).toEqual([
      expect.objectContaining({ name: 'New CRM contact → onboarding ticket', state: 'READY', enabled: true })
    ])
    const northwindRuns = await runs(northwind)
    expect(northwindRuns.map((r) => r.state)).toEqual(['completed', 'completed'])

    // The flow imports contacts through the universal field mapping; Globex has its own (surname first).
    const subjects = async (token: string) =>
      Promise.all(
        (await runs(token)).map(
          async (r) => (await server.call('GET', `/flow-runs/${r.id}/output`, { token })).body.record.fields.subject
        )
      )
    for (const subject of await subjects(northwind)) expect(subject).toMatch(/^Onboard \w+ \w+$/)
    const globex = await server.customerToken('globex')
    expect(await subjects(globex)).toEqual([expect.stringMatching(/^Onboard \w+, \w+$/)])
    const globexMapping = await server.call('GET', '/connections/crm/field-mappings/contact-to-person', {
      token: globex
    })
    expect(globexMapping.body).toMatchObject({ isCustomized: true, dataSourceKey: 'contacts', state: 'READY' })
    const universal = await server.call('GET', '/data-sources/contacts', { token: admin })
    expect(universal.body).toMatchObject({ isUniversal: true, udm: 'contacts' })

    const initech = await server.customerToken('initech')
    const initechRuns = await runs(initech)
    expect(initechRuns.map((r) => r.state).sort()).toEqual(['completed', 'completed', 'failed'])
    const failed = initechRuns.find((r) => r.state === 'failed')!
    expect(failed.errors?.[0]?.message).toMatch(/No usage data: activeSeatsByDay must list the active seats per day/)

    // The deployed flow still reacts to the CRM after the switch (its webhooks were set up again).
    const contact = await server.call('POST', '/connections/crm/data/contacts/create', {
      token: northwind,
      body: { fields: { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@northwind.test' } }
    })
    expect(contact.status).toBeLessThan(300)
    await eventually(
      async () => ((await runs(northwind)).filter((r) => r.state === 'completed').length === 3 ? true : undefined),
      15_000,
      'a third run from the new contact'
    )

    // Reset goes back to how the scenario started.
    await server.call('DELETE', '/customers/wayne-foods', { token: admin })
    const reset = await server.call('POST', '/demo-scenarios/reset', { token: admin })
    expect(reset.status).toBe(200)
    expect((await server.call('GET', '/customers/wayne-foods', { token: admin })).body.archivedAt).toBeUndefined()
    expect((await runs(await server.customerToken('northwind'))).length).toBe(2)
  })
})
