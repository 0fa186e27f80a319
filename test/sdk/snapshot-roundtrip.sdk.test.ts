import { MembraneClient } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeSnapshot } from '../engine/snapshots/snapshot-helpers'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let a: TestServer
let b: TestServer

beforeAll(async () => {
  a = await startTestServer()
  b = await startTestServer()
})
afterAll(async () => {
  await a.stop()
  await b.stop()
  removeTempDirs()
})

const adHocNodes = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: {
    type: 'transform-data',
    config: { output: { email: { $var: 'input.trigger.email' }, total: { $jsonata: 'input.trigger.amount * 2' } } }
  }
}

describe('snapshot round trip of one customer between two workspaces (SDK as the client)', () => {
  it('B sees the same customer, connection and flows, the imported flows run (one through the connection), no credential leaks, and re-exporting gives the same file apart from ids and timestamps', async () => {
    const adminA = await a.adminToken()
    await a.call('PATCH', '/workspace', {
      token: adminA,
      body: { userFieldsSchema: { type: 'object', properties: { plan: { type: 'string', enum: ['free', 'pro'] } } } }
    })
    await a.call('POST', '/flows', {
      token: adminA,
      body: {
        key: 'greet',
        name: 'Greet',
        nodes: {
          trigger: { type: 'api-trigger', links: [{ key: 'hello' }] },
          hello: { type: 'transform-data', config: { output: { text: { $jsonata: '"Hello " & input.trigger.name' } } } }
        }
      }
    })
    await a.call('POST', '/flows', {
      token: adminA,
      body: {
        key: 'open-ticket',
        name: 'Open a ticket',
        integrationKey: 'helpdesk',
        nodes: {
          trigger: { type: 'api-trigger', links: [{ key: 'ticket' }] },
          ticket: {
            type: 'create-data-record',
            config: {
              dataSource: { collectionKey: 'tickets' },
              fields: { subject: { $var: 'input.trigger.subject' }, requesterEmail: 'qa@acme.test' }
            }
          }
        }
      }
    })
    const { apiKey } = (
      await a.call('POST', '/sandbox-apps/helpdesk/api-keys', { token: adminA, body: { accountName: 'Acme Desk' } })
    ).body
    const clientA = new MembraneClient({
      token: await a.customerToken('qa-acme', { name: 'Acme QA', fields: { plan: 'pro' } }),
      apiUri: a.url
    })
    await clientA.connections.create({ integrationKey: 'helpdesk', name: 'Acme helpdesk', input: { apiKey } } as never)
    await clientA
      .flowInstance({ flowKey: 'open-ticket', integrationKey: 'helpdesk', autoCreate: true })
      .run({ input: { subject: 'Printer on fire' } })
    const adHoc = await clientA.flowInstances.create({ name: 'Double it', nodes: adHocNodes } as never)
    await clientA.flowInstance(adHoc.id).run({ input: { email: 'x@acme.test', amount: 21 } })
    await clientA.flowInstance({ flowKey: 'greet', autoCreate: true }).run({ input: { name: 'Ada' } })
    const failing = await clientA.flowInstances.create({
      name: 'Fails',
      nodes: {
        trigger: { type: 'api-trigger', links: [{ key: 'boom' }] },
        boom: { type: 'run-javascript', config: { code: 'export default function () { throw new Error("no email") }' } }
      }
    } as never)
    await clientA
      .flowInstance(failing.id)
      .run({ input: {} })
      .catch(() => undefined)

    const fromA = (
      await a.call('POST', '/snapshots/export', { token: adminA, body: { customer: 'qa-acme', includeRuns: true } })
    ).body
    expect(fromA.customers).toHaveLength(1)
    expect(fromA.flows.map((f: { key: string }) => f.key).sort()).toEqual(['greet', 'open-ticket'])
    expect(fromA.flowInstances).toHaveLength(4)
    expect(fromA.connections).toHaveLength(1)
    expect(fromA.flowRuns.map((r: { state: string }) => r.state).sort()).toEqual([
      'completed',
      'completed',
      'completed',
      'failed'
    ])
    // A secret-free export carries no credential: not the API key, not a sealed value.
    expect(JSON.stringify(fromA)).not.toContain(apiKey)
    expect(JSON.stringify(fromA)).not.toMatch(/"sealed"/)

    const sealed = (
      await a.call('POST', '/snapshots/export', {
        token: adminA,
        body: { customer: 'qa-acme', includeRuns: true, passphrase: 'qa-passphrase-1' }
      })
    ).body
    expect(JSON.stringify(sealed)).not.toContain(apiKey)
    const adminB = await b.adminToken()
    const wrong = await b.call('POST', '/snapshots/import', {
      token: adminB,
      body: { snapshot: sealed, passphrase: 'not-the-passphrase' }
    })
    expect(wrong.body.message).toMatch(/passphrase does not open this snapshot's secrets/)
    const imported = await b.call('POST', '/snapshots/import', {
      token: adminB,
      // B is a fresh workspace: take the customer's field schema along (the default keeps B's).
      body: { snapshot: sealed, passphrase: 'qa-passphrase-1', fieldSchema: 'replace' }
    })
    expect(imported.body.message).toBeUndefined()
    expect(imported.status).toBe(200)
    expect(imported.body.counts).toMatchObject({
      customers: { added: 1 },
      connections: { added: 1 },
      flows: { added: 2 },
      flowInstances: { added: 4 },
      flowRuns: { added: 4 }
    })

    const fromB = (
      await b.call('POST', '/snapshots/export', { token: adminB, body: { customer: 'qa-acme', includeRuns: true } })
    ).body
    expect(normalizeSnapshot(fromB)).toEqual(normalizeSnapshot(fromA))

    const clientB = new MembraneClient({ token: await b.customerToken('qa-acme'), apiUri: b.url })
    const self = await clientB.self.get()
    expect(self).toMatchObject({ internalId: 'qa-acme', name: 'Acme QA', fields: { plan: 'pro' } })
    const connections = await clientB.connections.find({})
    expect(connections.items).toEqual([expect.objectContaining({ name: 'Acme helpdesk', connected: true })])
    const instances = await clientB.flowInstances.find()
    expect(instances.items.map((i) => i.name).sort()).toEqual(['Double it', 'Fails', 'Greet', 'Open a ticket'])
    const runs = await clientB.flowRuns.find({})
    expect(runs.items).toHaveLength(4)
    // The imported connection-bound flow runs in B, against B's copy of the helpdesk account.
    const ticketRun = await clientB
      .flowInstance({ flowKey: 'open-ticket', integrationKey: 'helpdesk', autoCreate: true })
      .run({ input: { subject: 'Imported and working' } })
    expect(await clientB.flowRun(ticketRun.id).getOutput()).toMatchObject({
      record: { fields: { subject: 'Imported and working' } }
    })

    const copy = instances.items.find((i) => i.name === 'Double it')!
    const run = await clientB.flowInstance(copy.id).run({ input: { email: 'y@acme.test', amount: 5 } })
    expect(await clientB.flowRun(run.id).getOutput()).toEqual({ email: 'y@acme.test', total: 10 })
    const greet = await clientB.flowInstance({ flowKey: 'greet', autoCreate: true }).run({ input: { name: 'Bob' } })
    expect(await clientB.flowRun(greet.id).getOutput()).toEqual({ text: 'Hello Bob' })
    expect((await clientB.flowInstances.find()).items).toHaveLength(4)

    const again = await b.call('POST', '/snapshots/import', {
      token: adminB,
      body: { snapshot: fromA, onConflict: 'replace' }
    })
    expect(again.body.counts.flows).toMatchObject({ skipped: 2 })
    expect((await clientB.flowInstances.find()).items).toHaveLength(4)
  })
})
