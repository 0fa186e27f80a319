import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMembrane, startRefusingProxy, writeMembraneConfig } from '../support/membrane-cli'
import { runToEnd } from '../support/flow-helpers'
import { connectBoth } from '../support/sandbox-client'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let a: TestServer
let b: TestServer
let adminA: string
let adminB: string
let folder: string
let proxy: Awaited<ReturnType<typeof startRefusingProxy>>

const GREET = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: { type: 'transform-data', config: { output: { greeting: { $var: 'input.trigger.name' } } } }
}
/** Creates a helpdesk ticket through the flow instance's connection: it only runs once deployed to one. */
const TICKET = {
  trigger: { type: 'api-trigger', links: [{ key: 'ticket' }] },
  ticket: {
    type: 'create-data-record',
    config: {
      dataSource: { collectionKey: 'tickets' },
      fields: { subject: { $var: 'input.trigger.subject' } }
    }
  }
}

async function must(server: TestServer, method: string, path: string, token: string, body?: unknown) {
  const res = await server.call(method, path, { token, body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Every live item of a listing, by key (integration-level ones as `integrationKey.key`). */
async function keysOf(server: TestServer, token: string, path: string): Promise<string[]> {
  const { items } = await must(server, 'GET', `${path}?limit=1000`, token)
  return (items as Array<{ key: string; integrationKey?: string }>)
    .map((i) => (i.integrationKey ? `${i.integrationKey}.${i.key}` : i.key))
    .sort()
}

const UNIVERSAL = [
  'flows',
  'actions',
  'app-data-schemas',
  'data-sources',
  'field-mappings',
  'app-event-types',
  'data-link-tables'
]

async function universalKeys(server: TestServer, token: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const type of UNIVERSAL)
    out[type] = (await keysOf(server, token, `/${type}`)).filter((key) => !key.includes('.'))
  return out
}

async function membrane(args: string[]) {
  const result = await runMembrane(folder, args, proxy.url)
  expect(result.code, result.output).toBe(0)
  return result.output
}

beforeAll(async () => {
  a = await startTestServer({ workspaceKey: 'workbench-a', workspaceSecret: 'secret-of-workbench-a-0123' })
  b = await startTestServer({ workspaceKey: 'workbench-b', workspaceSecret: 'secret-of-workbench-b-4567' })
  adminA = await a.adminToken()
  adminB = await b.adminToken()
  await must(a, 'POST', '/app-data-schemas', adminA, {
    key: 'contact',
    name: 'Contact',
    schema: { type: 'object', properties: { email: { type: 'string' } } }
  })
  await must(a, 'POST', '/flows', adminA, { key: 'greet', name: 'Greet', nodes: GREET })
  await must(a, 'POST', '/flows', adminA, { key: 'open-ticket', name: 'Open a ticket', nodes: TICKET })
  await must(a, 'POST', '/actions', adminA, {
    key: 'shout',
    name: 'Shout',
    type: 'run-javascript',
    config: { code: 'export default async ({ input }) => String(input.text).toUpperCase()' }
  })
  await must(a, 'POST', '/data-sources', adminA, { key: 'tickets', name: 'Tickets', udm: 'tickets' })
  await must(a, 'POST', '/field-mappings', adminA, {
    key: 'person-ticket',
    name: 'Person as ticket',
    dataSourceKey: 'tickets',
    direction: 'export',
    appSchema: { type: 'object', properties: { email: { type: 'string' } } },
    defaultExportValue: { subject: { $var: '$.email' } }
  })
  await must(a, 'POST', '/app-event-types', adminA, {
    key: 'order-placed',
    name: 'Order placed',
    schema: { type: 'object', properties: { total: { type: 'number' } } }
  })
  await must(a, 'POST', '/data-link-tables', adminA, { key: 'contacts', name: 'Contacts' })
  await must(a, 'POST', '/integrations', adminA, {
    key: 'my-api',
    name: 'My API',
    connectorId: 'http',
    parameters: { baseUrl: 'http://127.0.0.1:9/api', authType: 'api-key-header' }
  })
  proxy = await startRefusingProxy()
  folder = makeTempDir()
  writeMembraneConfig(folder, {
    a: { key: 'workbench-a', secret: 'secret-of-workbench-a-0123', apiUri: a.url },
    b: { key: 'workbench-b', secret: 'secret-of-workbench-b-4567', apiUri: b.url }
  })
}, 60_000)

afterAll(async () => {
  await proxy?.close()
  await a?.stop()
  await b?.stop()
  removeTempDirs()
})

describe('the official Membrane CLI against two Workbenches', () => {
  it('membrane pull from A writes the workspace under ./membrane/', async () => {
    await membrane(['pull', '-w', 'a'])
    expect(existsSync(join(folder, 'membrane'))).toBe(true)
    expect(readdirSync(join(folder, 'membrane')).sort()).toContain('integrations')
  }, 120_000)

  it('membrane push into a fresh B: same integrations and universal elements by key', async () => {
    await membrane(['push', '-w', 'b'])
    expect(await keysOf(b, adminB, '/integrations')).toEqual(await keysOf(a, adminA, '/integrations'))
    const inA = await universalKeys(a, adminA)
    expect(inA).toEqual({
      flows: ['greet', 'open-ticket'],
      actions: ['shout'],
      'app-data-schemas': ['contact'],
      'data-sources': ['tickets'],
      'field-mappings': ['person-ticket'],
      'app-event-types': ['order-placed'],
      'data-link-tables': ['contacts']
    })
    expect(await universalKeys(b, adminB)).toEqual(inA)
    // Content travels, not only keys; secret parameters do not, so B's HTTP integration asks for its own.
    const ticketA = await must(a, 'GET', '/flows/open-ticket', adminA)
    const ticketB = await must(b, 'GET', '/flows/open-ticket', adminB)
    expect(ticketB.nodes).toEqual(ticketA.nodes)
    expect((await must(b, 'GET', '/field-mappings/person-ticket', adminB)).defaultExportValue).toEqual({
      subject: { $var: '$.email' }
    })
    expect((await must(b, 'GET', '/integrations/my-api', adminB)).hasMissingParameters).toBe(true)
  }, 120_000)

  it('a pushed flow deploys to a connection in B and runs there', async () => {
    const token = await b.customerToken('dora')
    const { helpdesk } = await connectBoth(b, token, { crm: 'dora-crm', helpdesk: 'dora-desk' })
    const instance = await must(b, 'GET', `/connections/${helpdesk.id}/flows/open-ticket?autoCreate=true`, token)
    const { run, output } = await runToEnd(b, token, instance.id, { subject: 'Pushed and running' })
    expect(run.state, JSON.stringify(run)).toBe('completed')
    expect((output as any).record.fields.subject).toBe('Pushed and running')
  }, 60_000)

  it('a second push updates in place: no duplicates', async () => {
    await must(a, 'PATCH', '/flows/greet', adminA, { name: 'Greet again' })
    await membrane(['pull', '-w', 'a'])
    await membrane(['push', '-w', 'b'])
    const flows = (await must(b, 'GET', '/flows?limit=1000', adminB)).items as Array<{ key: string; name: string }>
    expect(flows.filter((f) => f.key === 'greet')).toEqual([expect.objectContaining({ name: 'Greet again' })])
    expect(await universalKeys(b, adminB)).toEqual(await universalKeys(a, adminA))
    expect(await keysOf(b, adminB, '/integrations')).toEqual(await keysOf(a, adminA, '/integrations'))
  }, 120_000)

  it('never tried to reach a host but 127.0.0.1', () => {
    expect(proxy.attempts).toEqual([])
  })
})
