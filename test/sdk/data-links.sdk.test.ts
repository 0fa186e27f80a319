import {
  BadRequestError,
  DataLinkTableApiResponse,
  DataLinkTableInstanceApiResponse,
  FindDataLinksResponse,
  MembraneClient
} from '@membranehq/sdk'
import { IntegrationAppClient } from '@integration-app/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeRuns, runToEnd } from '../support/flow-helpers'
import { sandboxApi } from '../support/sandbox-client'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: MembraneClient
let adminToken: string

beforeAll(async () => {
  server = await startTestServer()
  adminToken = await server.adminToken()
  admin = new MembraneClient({ token: adminToken, apiUri: server.url })
})
afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

/** A customer with a helpdesk connection (API key), and SDK clients with its token. */
async function customerWithHelpdesk(internalId: string) {
  const token = await server.customerToken(internalId)
  const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: `${internalId} desk` })
  const made = await server.call('POST', '/connections', {
    token,
    body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } }
  })
  if (made.status !== 201) throw new Error(`connect: ${made.status} ${JSON.stringify(made.body)}`)
  return {
    token,
    apiKey: key.apiKey,
    connectionId: made.body.id as string,
    membrane: new MembraneClient({ token, apiUri: server.url }),
    ia: new IntegrationAppClient({ token, apiUri: server.url })
  }
}

describe('data link tables through the SDKs', () => {
  it('creates, reads, lists, changes, archives and restores one, answering in the SDK schema', async () => {
    const created = await admin.dataLinkTables.create({ key: 'contacts', name: 'Contacts' })
    expect(DataLinkTableApiResponse.parse(created)).toMatchObject({ key: 'contacts', name: 'Contacts' })
    const byKey = DataLinkTableApiResponse.parse(await admin.dataLinkTable('contacts').get())
    expect(byKey.id).toBe(created.id)
    const listed = await admin.dataLinkTables.findAll()
    expect(listed.map((t) => DataLinkTableApiResponse.parse(t).key)).toEqual(['contacts'])
    const patched = await admin.dataLinkTable(created.id).patch({ description: 'CRM contacts ↔ our customers' })
    expect(patched).toMatchObject({ name: 'Contacts', description: 'CRM contacts ↔ our customers' })
    const put = await admin.dataLinkTable('contacts').put({ name: 'People' })
    expect(put).toMatchObject({ key: 'contacts', name: 'People' })
    expect(put.description).toBeUndefined()
    const ia = new IntegrationAppClient({ token: adminToken, apiUri: server.url })
    expect((await ia.dataLinkTables.find()).items.map((t) => t.key)).toEqual(['contacts'])
    await admin.dataLinkTable('contacts').archive()
    expect(await admin.dataLinkTables.findAll()).toEqual([])
    const restored = await admin.dataLinkTable(created.id).restore()
    expect(restored).toMatchObject({ key: 'contacts' })
    expect(restored.archivedAt).toBeUndefined()
  })

  it('refuses a bad key naming the field, a taken key, and a customer writing', async () => {
    const bad = await admin.dataLinkTables.create({ key: 'no spaces allowed', name: 'X' }).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(BadRequestError)
    const data = (bad as BadRequestError).data as { data: { errors: Array<{ path: string }> } }
    expect(data.data.errors[0].path).toBe('body.key')
    const taken = await server.call('POST', '/data-link-tables', { token: adminToken, body: { key: 'contacts' } })
    expect(taken.status).toBe(409)
    const customer = await server.customerToken('c0')
    expect((await server.call('POST', '/data-link-tables', { token: customer, body: { key: 'x' } })).status).toBe(403)
    expect((await server.call('GET', '/data-link-tables/contacts', { token: customer })).status).toBe(200)
  })
})

describe("a connection's data link table instance", () => {
  it('is made on first use, keeps links, finds them either way, and deletes them', async () => {
    const dora = await customerWithHelpdesk('dora')
    const selector = { dataLinkTableKey: 'contacts', connectionId: dora.connectionId }
    const missing = await server.call(
      'GET',
      `/data-link-table-instance?dataLinkTableKey=contacts&connectionId=${dora.connectionId}`,
      { token: dora.token }
    )
    expect(missing.status).toBe(404)
    const instance = DataLinkTableInstanceApiResponse.parse(
      await dora.membrane.dataLinkTableInstance({ ...selector, autoCreate: true }).get()
    )
    expect(instance).toMatchObject({ connectionId: dora.connectionId, dataLinkTableId: expect.any(String) })
    expect(instance.dataLinkTable).toMatchObject({ key: 'contacts' })

    await dora.membrane.dataLinkTableInstance(selector).createLink({ appRecordId: 'cust-1', externalRecordId: 'T-9' })
    await dora.ia.dataLinkTableInstance(selector).createLink({
      appRecordId: 'cust-2',
      externalRecordId: 'T-10',
      direction: 'import' as never
    })
    const all = FindDataLinksResponse.parse(await dora.membrane.dataLinkTableInstance(selector).findLinks())
    expect(all.items.map((l) => [l.appRecordId, l.externalRecordId, l.direction])).toEqual([
      ['cust-1', 'T-9', 'both'],
      ['cust-2', 'T-10', 'import']
    ])
    const byExternal = await dora.ia.dataLinkTableInstance(selector).findLinks({ externalRecordId: 'T-10' })
    expect(byExternal.items.map((l) => l.appRecordId)).toEqual(['cust-2'])
    const exports = await dora.membrane.dataLinkTableInstance(selector).findLinks({ direction: 'export' as never })
    expect(exports.items.map((l) => l.appRecordId)).toEqual(['cust-1'])

    const listed = await dora.membrane.dataLinkTableInstances.find({ connectionId: dora.connectionId })
    expect(listed.items.map((i) => DataLinkTableInstanceApiResponse.parse(i).id)).toEqual([instance.id])

    await dora.membrane.dataLinkTableInstance(selector).deleteLink({
      appRecordId: 'cust-1',
      externalRecordId: 'T-9'
    } as never)
    const left = await dora.membrane.dataLinkTableInstance(instance.id).findLinks()
    expect(left.items.map((l) => l.appRecordId)).toEqual(['cust-2'])
  })

  it("keeps one customer's links from another", async () => {
    const eve = await customerWithHelpdesk('eve')
    const dora = (await admin.connections.find({ limit: 100 })).items.find((c) => c.id !== eve.connectionId)!
    const foreign = await server.call(
      'GET',
      `/data-link-table-instance/links?dataLinkTableKey=contacts&connectionId=${dora.id}`,
      { token: eve.token }
    )
    expect(foreign.status).toBe(404)
    const own = await eve.membrane
      .dataLinkTableInstance({ dataLinkTableKey: 'contacts', connectionId: eve.connectionId })
      .findLinks()
    expect(own.items).toEqual([])
  })

  it('refuses a link without a record id, naming the field, and writes nothing', async () => {
    const frank = await customerWithHelpdesk('frank')
    const path = `/data-link-table-instance/links?dataLinkTableKey=contacts&connectionId=${frank.connectionId}`
    const res = await server.call('POST', path, { token: frank.token, body: { appRecordId: 'a1' } })
    expect(res.status).toBe(400)
    expect(res.body.data.errors[0].path).toBe('body.externalRecordId')
    const badDirection = await server.call('GET', `${path}&direction=sideways`, { token: frank.token })
    expect(badDirection.status).toBe(400)
    expect(badDirection.body.data.errors[0].path).toBe('query.direction')
    expect((await server.call('GET', path, { token: frank.token })).body.items).toEqual([])
  })
})

/** The first output of a node in a run's node runs. */
function outputOf(runs: Array<{ nodeKey: string; outputs: Array<{ data: string }> }>, key: string) {
  return JSON.parse(runs.find((r) => r.nodeKey === key)!.outputs[0].data) as Record<string, unknown>
}

describe('data link nodes in a two-way sync', () => {
  /**
   * Our customer → a helpdesk ticket, once: the flow looks for the customer's link first, creates
   * the ticket and the link only when there is none, so the second run finds the link instead.
   */
  const SYNC = {
    trigger: { type: 'api-trigger', links: [{ key: 'find' }] },
    find: {
      type: 'find-data-link',
      config: { dataLinkTableKey: 'contacts', appRecordId: { $var: 'input.trigger.customerId' } },
      links: [{ key: 'notLinked' }]
    },
    notLinked: { type: 'filter', config: { filter: 'input.find.found = false' }, links: [{ key: 'ticket' }] },
    ticket: {
      type: 'create-data-record',
      config: { dataSource: { collectionKey: 'tickets' }, fields: { subject: { $var: 'input.trigger.name' } } },
      links: [{ key: 'link' }]
    },
    link: {
      type: 'create-data-link',
      config: {
        dataLinkTableKey: 'contacts',
        appRecordId: { $var: 'input.trigger.customerId' },
        externalRecordId: { $var: 'input.ticket.id' },
        direction: 'export'
      }
    }
  }

  it('the first run creates the ticket and the link, the second finds the link and creates nothing', async () => {
    await admin.flows.create({ key: 'sync-customers', name: 'Sync customers', nodes: SYNC as never })
    const gina = await customerWithHelpdesk('gina')
    const instance = await gina.membrane
      .connection(gina.connectionId)
      .flow('sync-customers', { autoCreate: true } as never)
      .get()

    const first = await runToEnd(server, gina.token, instance.id, { customerId: 'cust-42', name: 'Ada' })
    expect(first.run.state, JSON.stringify(first.run)).toBe('completed')
    const firstNodes = await nodeRuns(server, gina.token, first.run.id)
    const ticketId = outputOf(firstNodes, 'ticket').id as string
    expect(outputOf(firstNodes, 'link')).toMatchObject({
      appRecordId: 'cust-42',
      externalRecordId: ticketId,
      direction: 'export'
    })

    const second = await runToEnd(server, gina.token, instance.id, { customerId: 'cust-42', name: 'Ada' })
    expect(second.run.state).toBe('completed')
    const secondNodes = await nodeRuns(server, gina.token, second.run.id)
    expect(outputOf(secondNodes, 'find')).toMatchObject({
      found: true,
      appRecordId: 'cust-42',
      externalRecordId: ticketId
    })
    expect(secondNodes.map((r) => r.nodeKey)).not.toContain('ticket')

    const tickets = await sandboxApi(server, 'helpdesk', { apiKey: gina.apiKey }, 'GET', '/tickets')
    expect(
      tickets.body.data.filter((t: { subject: string }) => t.subject === 'Ada').map((t: { id: string }) => t.id)
    ).toEqual([ticketId])
    const links = await gina.membrane
      .dataLinkTableInstance({ dataLinkTableKey: 'contacts', connectionId: gina.connectionId })
      .findLinks({ externalRecordId: ticketId })
    expect(links.items.map((l) => l.appRecordId)).toEqual(['cust-42'])
  })

  it('delete-data-link removes the link, and a flow without a connection is refused, saying how to give it one', async () => {
    const token = await server.customerToken('gina')
    // gina's helpdesk connection, made by the test before
    const gina = (await new MembraneClient({ token, apiUri: server.url }).connections.find()).items.at(-1)!
    await admin.flows.create({
      key: 'unlink',
      name: 'Unlink',
      nodes: {
        trigger: { type: 'api-trigger', links: [{ key: 'unlink' }] },
        unlink: {
          type: 'delete-data-link',
          config: { dataLinkTableKey: 'contacts', appRecordId: { $var: 'input.trigger.customerId' } }
        }
      } as never
    })
    const instance = (await server.call('GET', `/connections/${gina.id}/flows/unlink?autoCreate=true`, { token })).body
    const { run, output } = await runToEnd(server, token, instance.id, { customerId: 'cust-42' })
    expect(run.state).toBe('completed')
    expect(output).toMatchObject({ deleted: 1 })

    // A data link lives on a connection: a flow without one is refused when it is deployed, saying how.
    const noConnection = await server.call('POST', '/flow-instances', {
      token,
      body: {
        name: 'Ad hoc',
        nodes: {
          trigger: { type: 'api-trigger', links: [{ key: 'f' }] },
          f: { type: 'find-data-link', config: { dataLinkTableKey: 'contacts', appRecordId: 'x' } }
        }
      }
    })
    expect(noConnection.status).toBe(400)
    expect(noConnection.body.message).toMatch(/"f" \(find-data-link\) work through a connection/)
  })

  it('refuses a find-data-link node that names no record id, on save', async () => {
    const res = await server.call('POST', '/flows', {
      token: adminToken,
      body: {
        key: 'bad-find',
        name: 'Bad find',
        nodes: {
          trigger: { type: 'api-trigger', links: [{ key: 'f' }] },
          f: { type: 'find-data-link', config: { dataLinkTableKey: 'contacts' } }
        }
      }
    })
    expect(res.status).toBe(400)
    expect(res.body.data.errors[0].path).toBe('nodes.f.config.appRecordId')
  })
})
