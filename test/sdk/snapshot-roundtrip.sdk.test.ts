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
  shape: { type: 'transform-data', config: { output: { email: { $var: 'input.trigger.email' }, total: { $jsonata: 'input.trigger.amount * 2' } } } }
}

describe('snapshot round trip of one customer between two workspaces (SDK as the client)', () => {
  it('B sees the same customer and flows, the imported flows run, and re-exporting gives the same file apart from ids and timestamps', async () => {
    const adminA = await a.adminToken()
    await a.call('PATCH', '/workspace', { token: adminA, body: { userFieldsSchema: { type: 'object', properties: { plan: { type: 'string', enum: ['free', 'pro'] } } } } })
    await a.call('POST', '/flows', {
      token: adminA,
      body: { key: 'greet', name: 'Greet', nodes: { trigger: { type: 'api-trigger', links: [{ key: 'hello' }] }, hello: { type: 'transform-data', config: { output: { text: { $jsonata: '"Hello " & input.trigger.name' } } } } } }
    })
    const clientA = new MembraneClient({ token: await a.customerToken('qa-acme', { name: 'Acme QA', fields: { plan: 'pro' } }), apiUri: a.url })
    const adHoc = await clientA.flowInstances.create({ name: 'Double it', nodes: adHocNodes } as never)
    await clientA.flowInstance(adHoc.id).run({ input: { email: 'x@acme.test', amount: 21 } })
    await clientA.flowInstance({ flowKey: 'greet', autoCreate: true }).run({ input: { name: 'Ada' } })
    const failing = await clientA.flowInstances.create({
      name: 'Fails',
      nodes: { trigger: { type: 'api-trigger', links: [{ key: 'boom' }] }, boom: { type: 'run-javascript', config: { code: 'export default function () { throw new Error("no email") }' } } }
    } as never)
    await clientA.flowInstance(failing.id).run({ input: {} }).catch(() => undefined)

    const fromA = (await a.call('POST', '/snapshots/export', { token: adminA, body: { customer: 'qa-acme', includeRuns: true } })).body
    expect(fromA.customers).toHaveLength(1)
    expect(fromA.flows.map((f: { key: string }) => f.key)).toEqual(['greet'])
    expect(fromA.flowInstances).toHaveLength(3)
    expect(fromA.flowRuns.map((r: { state: string }) => r.state).sort()).toEqual(['completed', 'completed', 'failed'])

    const adminB = await b.adminToken()
    const imported = await b.call('POST', '/snapshots/import', { token: adminB, body: { snapshot: fromA } })
    expect(imported.body.message).toBeUndefined()
    expect(imported.status).toBe(200)
    expect(imported.body.counts).toMatchObject({ customers: { added: 1 }, flows: { added: 1 }, flowInstances: { added: 3 }, flowRuns: { added: 3 } })

    const fromB = (await b.call('POST', '/snapshots/export', { token: adminB, body: { customer: 'qa-acme', includeRuns: true } })).body
    expect(normalizeSnapshot(fromB)).toEqual(normalizeSnapshot(fromA))

    const clientB = new MembraneClient({ token: await b.customerToken('qa-acme'), apiUri: b.url })
    const self = await clientB.self.get()
    expect(self).toMatchObject({ internalId: 'qa-acme', name: 'Acme QA', fields: { plan: 'pro' } })
    const instances = await clientB.flowInstances.find()
    expect(instances.items.map((i) => i.name).sort()).toEqual(['Double it', 'Fails', 'Greet'])
    const runs = await clientB.flowRuns.find({})
    expect(runs.items).toHaveLength(3)

    const copy = instances.items.find((i) => i.name === 'Double it')!
    const run = await clientB.flowInstance(copy.id).run({ input: { email: 'y@acme.test', amount: 5 } })
    expect(await clientB.flowRun(run.id).getOutput()).toEqual({ email: 'y@acme.test', total: 10 })
    const greet = await clientB.flowInstance({ flowKey: 'greet', autoCreate: true }).run({ input: { name: 'Bob' } })
    expect(await clientB.flowRun(greet.id).getOutput()).toEqual({ text: 'Hello Bob' })
    expect((await clientB.flowInstances.find()).items).toHaveLength(3)

    const again = await b.call('POST', '/snapshots/import', { token: adminB, body: { snapshot: fromA, onConflict: 'replace' } })
    expect(again.body.counts.flows).toMatchObject({ skipped: 1 })
    expect((await clientB.flowInstances.find()).items).toHaveLength(3)
  })
})
