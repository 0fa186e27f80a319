import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalRun, startRun } from '../support/flow-helpers'
import { connectBoth } from '../support/sandbox-client'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string
let alice: string
let bob: string
let aliceCrm: string
let aliceDesk: string

const LIST_CONTACTS = {
  trigger: { type: 'api-trigger', links: [{ key: 'list' }] },
  list: { type: 'list-data-records', config: { dataSource: { collectionKey: 'contacts' }, limit: 2 } }
}

beforeAll(async () => {
  server = await startTestServer()
  admin = await server.adminToken()
  alice = await server.customerToken('alice', { name: 'Alice' })
  bob = await server.customerToken('bob', { name: 'Bob' })
  const a = await connectBoth(server, alice, { crm: 'Alice CRM', helpdesk: 'Alice Desk' })
  aliceCrm = a.crm.id
  aliceDesk = a.helpdesk.id
  await connectBoth(server, bob, { crm: 'Bob CRM', helpdesk: 'Bob Desk' })
  const made = [
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'list-contacts', name: 'List contacts', nodes: LIST_CONTACTS }
    }),
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'get-ticket',
        name: 'Get ticket',
        type: 'find-data-record-by-id',
        config: { dataSource: { collectionKey: 'tickets' }, failIfNotFound: false }
      }
    }),
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'desk-api',
        name: 'Desk API',
        integrationKey: 'helpdesk',
        type: 'api-request-to-external-app',
        config: { request: { path: '/me' } }
      }
    })
  ]
  for (const m of made) expect(m.status).toBe(201)
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

describe('instances on connections', () => {
  it('a universal flow deploys to any connection (id or integration key); without one its connection nodes are refused', async () => {
    const onCrm = (await server.call('GET', '/connections/crm/flows/list-contacts?autoCreate=true', { token: alice }))
      .body
    expect(onCrm).toMatchObject({
      connectionId: aliceCrm,
      integrationKey: 'crm',
      state: 'READY',
      setup: { fieldSchemas: { contacts: expect.any(Object) }, triggers: [] }
    })
    const byConnectionId = (
      await server.call('GET', `/flow-instance?flowKey=list-contacts&connectionId=${aliceCrm}`, { token: alice })
    ).body
    expect(byConnectionId.id).toBe(onCrm.id)
    const { run } = { run: await finalRun(server, alice, (await startRun(server, alice, onCrm.id)).id) }
    expect(run.state).toBe('completed')
    const output = (await server.call('GET', `/flow-runs/${run.id}/output`, { token: alice })).body
    expect(output.records).toHaveLength(2)
    expect(output.cursor).toEqual(expect.any(String))

    // The same flow on the helpdesk has no contacts: setup says so.
    const onDesk = (await server.call('PUT', '/connections/helpdesk/flows/list-contacts', { token: alice })).body
    expect(onDesk.state).toBe('SETUP_FAILED')
    expect(onDesk.errors[0].message).toBe(
      'Node "list" (list-data-records): Sandbox Helpdesk has no collection "contacts"; it has tickets, comments. Fix config.dataSource.collectionKey.'
    )

    const badPut = await server.call('PUT', '/connections/crm/flows/list-contacts', { token: alice, body: [1] })
    expect(badPut.status).toBe(400)
    expect(badPut.body.message).toBe(
      'PUT /connections/{c}/flows/{f}: send a JSON object (or no body at all), not an array.'
    )

    const customerLevel = await server.call('GET', '/flow-instance?flowKey=list-contacts&autoCreate=true', {
      token: alice
    })
    expect(customerLevel.status).toBe(400)
    expect(customerLevel.body.message).toMatch(
      /^Flow "list-contacts" cannot be deployed without a connection\. Nodes "list" \(list-data-records\) work through a connection/
    )
  })

  it('publishes the connection-bound node and action types with their config schemas (the console builds forms from them)', async () => {
    const nodes = (await server.call('GET', '/flow-node-types', { token: alice })).body.items
    const create = nodes.find((t: { type: string }) => t.type === 'create-data-record')
    expect(create).toMatchObject({
      needsConnection: true,
      isTrigger: false,
      configSchema: { required: ['dataSource', 'fields'] }
    })
    expect(Object.keys(create.configSchema.properties)).toEqual([
      'dataSource',
      'fieldMapping',
      'fields',
      'integrationKey',
      'timeoutMs',
      'rateLimitRetries'
    ])
    expect(
      nodes
        .filter((t: { type: string; needsConnection?: boolean }) => t.needsConnection)
        .map((t: { type: string }) => t.type)
    ).toEqual([
      'data-record-created-trigger',
      'data-record-updated-trigger',
      'data-record-deleted-trigger',
      'list-data-records',
      'search-data-records',
      'find-data-record-by-id',
      'create-data-record',
      'update-data-record',
      'delete-data-record',
      'find-or-create-data-record',
      'api-request-to-external-app',
      'create-data-link',
      'find-data-link',
      'delete-data-link'
    ])
    const actions = (await server.call('GET', '/action-types', { token: alice })).body.items
    expect(actions.filter((t: { needsConnection?: boolean }) => t.needsConnection)).toHaveLength(8)
  })

  it('flows and actions for an integration must name an integration that exists', async () => {
    const flow = await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'x', name: 'X', integrationKey: 'salesforce', nodes: LIST_CONTACTS }
    })
    expect(flow.status).toBe(400)
    expect(flow.body).toMatchObject({
      key: 'invalid_data',
      data: { errors: [{ path: 'integrationKey', message: 'no such integration' }] }
    })
    expect(flow.body.message).toMatch(
      /^integrationKey "salesforce" names no integration; create it first \(POST \/integrations\) or use one of: crm, helpdesk/
    )
    const applied = await server.call('POST', '/flows/list-contacts/apply', {
      token: admin,
      body: { integrationKeys: ['crm', 'nope'] }
    })
    expect(applied.body.data.errors[0].path).toBe('integrationKeys[1]')
    const action = await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'y',
        name: 'Y',
        integrationKey: 'nope',
        type: 'run-javascript',
        config: { code: 'export default () => 1' }
      }
    })
    expect(action.status).toBe(400)
  })

  it('action instances: autoCreate, customise, validate changes, setup, reset, archive and restore through /action-instance', async () => {
    const sel = `actionKey=get-ticket&connectionId=${aliceDesk}`
    const missing = await server.call('GET', `/action-instance?${sel}`, { token: alice })
    expect(missing.status).toBe(404)
    const made = (await server.call('GET', `/action-instance?${sel}&autoCreate=true`, { token: alice })).body
    expect(made).toMatchObject({
      actionKey: 'get-ticket',
      connectionId: aliceDesk,
      integrationKey: 'helpdesk',
      state: 'READY',
      isCustomized: false
    })
    expect(made.fieldsSchema.properties.subject).toBeDefined()

    const notFoundRun = await server.call('POST', `/action-instance/run?${sel}`, {
      token: alice,
      body: { id: 'tk_missing' }
    })
    expect(notFoundRun.body).toEqual({ output: { record: null }, actionRunId: expect.any(String) })

    const badChange = await server.call('PATCH', `/action-instance?id=${made.id}`, {
      token: alice,
      body: { config: { dataSource: {} } }
    })
    expect(badChange.status).toBe(400)
    expect(badChange.body.data.errors).toEqual([
      { path: 'config.dataSource.collectionKey', message: 'config.dataSource.collectionKey is required' }
    ])

    const customised = (
      await server.call('PATCH', `/action-instance?id=${made.id}`, {
        token: alice,
        body: { name: 'My ticket lookup', config: { dataSource: { collectionKey: 'comments' } } }
      })
    ).body
    expect(customised).toMatchObject({
      name: 'My ticket lookup',
      isCustomized: true,
      customized: { name: true, config: true },
      config: { dataSource: { collectionKey: 'comments' } }
    })
    expect(customised.fieldsSchema.properties.body).toBeDefined()

    const reset = (await server.call('POST', `/action-instance/reset?id=${made.id}`, { token: alice })).body
    expect(reset).toMatchObject({
      name: 'Get ticket',
      isCustomized: false,
      config: { dataSource: { collectionKey: 'tickets' } }
    })

    const archived = (await server.call('DELETE', `/action-instance?id=${made.id}`, { token: alice })).body
    expect(archived.archivedAt).toEqual(expect.any(String))
    const refused = await server.call('POST', `/action-instance/run?id=${made.id}`, { token: alice, body: {} })
    expect(refused.body.message).toMatch(/is archived; restore it/)
    const restored = (await server.call('POST', `/action-instance/restore?id=${made.id}`, { token: alice })).body
    expect(restored).toMatchObject({ state: 'READY' })
    expect(restored.archivedAt).toBeUndefined()
    const listed = (await server.call('GET', '/connections/helpdesk/actions', { token: alice })).body.items
    expect(listed.map((i: { id: string }) => i.id)).toEqual([made.id])
  })

  it("actions that need a connection say how to give them one; integration actions run on the customer's connection to it", async () => {
    const noConnection = await server.call('POST', '/actions/get-ticket/run', {
      token: alice,
      body: { input: { id: 'x' } }
    })
    expect(noConnection.status).toBe(400)
    expect(noConnection.body.message).toMatch(
      /Action "get-ticket" \(find-data-record-by-id\) works through a connection: run it on one with \?connectionId=<connection> or \?integrationKey=<integration>/
    )
    const byIntegration = await server.call('POST', '/actions/desk-api/run', { token: alice, body: { input: {} } })
    expect(byIntegration.body.output).toMatchObject({ account: { name: 'Alice Desk' } })
    const wrongConnection = await server.call('POST', `/actions/desk-api/run?connectionId=${aliceCrm}`, {
      token: alice,
      body: { input: {} }
    })
    expect(wrongConnection.body.message).toBe(
      `Action "desk-api" belongs to integration "helpdesk", but connection ${aliceCrm} is to "crm".`
    )
    const adHocWithout = await server.call('POST', '/flow-instances', { token: alice, body: { nodes: LIST_CONTACTS } })
    expect(adHocWithout.status).toBe(400)
    expect(adHocWithout.body.message).toMatch(/^The ad-hoc flow cannot be deployed without a connection/)
  })
})

describe('record nodes', () => {
  it('find-or-create, update, find by id, search, an API request and delete, each node run showing what it did', async () => {
    const chain = (key: string, type: string, config: Record<string, unknown>, next?: string) => ({
      [key]: { type, config, ...(next ? { links: [{ key: next }] } : {}) }
    })
    const id = { $var: 'input.upsert.id' }
    const contacts = { collectionKey: 'contacts' }
    const nodes = {
      trigger: { type: 'api-trigger', links: [{ key: 'upsert' }] },
      ...chain(
        'upsert',
        'find-or-create-data-record',
        { dataSource: contacts, lookup: { email: { $var: 'input.trigger.email' } }, fields: { firstName: 'Nodes' } },
        'again'
      ),
      ...chain(
        'again',
        'find-or-create-data-record',
        { dataSource: contacts, lookup: { email: { $var: 'input.trigger.email' } }, fields: { firstName: 'Twice' } },
        'update'
      ),
      ...chain('update', 'update-data-record', { dataSource: contacts, id, fields: { jobTitle: 'CTO' } }, 'read'),
      ...chain('read', 'find-data-record-by-id', { dataSource: contacts, id }, 'search'),
      ...chain('search', 'search-data-records', { dataSource: contacts, query: { $var: 'input.trigger.email' } }, 'me'),
      ...chain('me', 'api-request-to-external-app', { request: { path: '/me' } }, 'remove'),
      ...chain('remove', 'delete-data-record', { dataSource: contacts, id }, 'missing'),
      ...chain('missing', 'find-data-record-by-id', { dataSource: contacts, id, failIfNotFound: false })
    }
    const flow = (
      await server.call('POST', '/flow-instances', {
        token: alice,
        body: { name: 'Record nodes', connectionId: aliceCrm, nodes }
      })
    ).body
    expect(flow.state).toBe('READY')
    const run = await finalRun(
      server,
      alice,
      (await startRun(server, alice, flow.id, { email: 'nodes@example.com' })).id
    )
    expect(run.state).toBe('completed')
    const steps = (await server.call('GET', `/flow-runs/${run.id}/node-runs`, { token: alice })).body.items
    const out = Object.fromEntries(
      steps.map((step: { nodeKey: string; outputs: Array<{ data: string }> }) => [
        step.nodeKey,
        JSON.parse(step.outputs[0].data)
      ])
    )
    expect(out.upsert).toMatchObject({
      created: true,
      record: { fields: { email: 'nodes@example.com', firstName: 'Nodes' } }
    })
    expect(out.again).toMatchObject({ created: false, id: out.upsert.id, record: { fields: { firstName: 'Nodes' } } })
    expect(out.update.record.fields).toMatchObject({ jobTitle: 'CTO', firstName: 'Nodes' })
    expect(out.read.record).toMatchObject({ id: out.upsert.id, fields: { jobTitle: 'CTO' } })
    expect(out.search.records.map((r: { id: string }) => r.id)).toEqual([out.upsert.id])
    expect(out.me).toMatchObject({ account: { name: 'Alice CRM' } })
    expect(out.remove).toEqual({ id: out.upsert.id })
    expect(out.missing).toEqual({ record: null })
    const logs = steps.map((step: { logs: Array<{ message: string }> }) => step.logs.map((l) => l.message)).flat()
    expect(logs).toEqual(
      expect.arrayContaining([
        `No contacts record in Sandbox CRM matched email; created ${out.upsert.id}.`,
        `Found contacts record ${out.upsert.id} in Sandbox CRM by email; nothing created.`,
        `Deleted contacts record ${out.upsert.id} in Sandbox CRM.`,
        `Sandbox CRM has no contacts record ${out.upsert.id}; the output is {record: null} (failIfNotFound is false).`
      ])
    )
  })
})

describe('run-action nodes on connections', () => {
  it("run the action on the flow instance's connection (or the one integrationKey names), through the customer's action instance there", async () => {
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'count-tickets',
        name: 'Count tickets',
        type: 'list-data-records',
        config: { dataSource: { collectionKey: 'tickets' }, limit: 3 },
        outputMapping: { count: { $jsonata: '$count(output.records)' } }
      }
    })
    const nodes = {
      trigger: { type: 'api-trigger', links: [{ key: 'here' }] },
      here: { type: 'run-action', config: { action: { key: 'count-tickets' } }, links: [{ key: 'there' }] },
      there: { type: 'run-action', config: { action: { key: 'desk-api' }, integrationKey: 'helpdesk' } }
    }
    const flow = (
      await server.call('POST', '/flow-instances', {
        token: alice,
        body: { name: 'Actions in a flow', connectionId: aliceDesk, nodes }
      })
    ).body
    expect(flow.state).toBe('READY')
    // Alice changes the action on her helpdesk connection: one ticket per page.
    await server.call('POST', '/action-instances', {
      token: alice,
      body: {
        actionKey: 'count-tickets',
        connectionId: aliceDesk,
        config: { dataSource: { collectionKey: 'tickets' }, limit: 1 }
      }
    })
    const run = await finalRun(server, alice, (await startRun(server, alice, flow.id)).id)
    expect(run.state).toBe('completed')
    const nodeRuns = (await server.call('GET', `/flow-runs/${run.id}/node-runs`, { token: alice })).body.items
    expect(JSON.parse(nodeRuns[1].outputs[0].data)).toEqual({ count: 1 })
    expect(JSON.parse(nodeRuns[2].outputs[0].data)).toMatchObject({ account: { name: 'Alice Desk' } })
    const actionRuns = (await server.call('GET', '/action-runs?limit=5', { token: alice })).body.items
    expect(actionRuns[1]).toMatchObject({
      actionKey: 'count-tickets',
      connectionId: aliceDesk,
      actionInstanceId: expect.any(String)
    })
  })
})

describe('tenant isolation on connections', () => {
  it("a customer token never reaches another customer's connection instances, runs or action instances", async () => {
    const instance = (
      await server.call('GET', '/connections/crm/flows/list-contacts?autoCreate=true', { token: alice })
    ).body
    const run = await finalRun(server, alice, (await startRun(server, alice, instance.id)).id)
    const action = (
      await server.call('GET', `/action-instance?actionKey=get-ticket&connectionId=${aliceDesk}&autoCreate=true`, {
        token: alice
      })
    ).body

    // Bob names Alice's things by id: every path answers 404, as if they did not exist.
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/flow-instance?id=${instance.id}`],
      ['GET', `/flow-instances/${instance.id}`],
      ['PATCH', `/flow-instance?id=${instance.id}`, { enabled: false }],
      ['POST', `/flow-instances/${instance.id}/setup`],
      ['DELETE', `/flow-instance?id=${instance.id}`],
      ['POST', '/flow-runs', { flowInstanceId: instance.id }],
      ['GET', `/flow-runs/${run.id}`],
      ['GET', `/flow-runs/${run.id}/output`],
      ['GET', `/flow-runs/${run.id}/node-runs`],
      ['GET', `/connections/${aliceCrm}/flows/list-contacts?autoCreate=true`],
      ['PUT', `/connections/${aliceCrm}/flows/list-contacts`],
      ['POST', `/connections/${aliceCrm}/flows/list-contacts/run`, { input: {} }],
      ['GET', `/connections/${aliceCrm}/flows`],
      ['GET', `/flow-instance?flowKey=list-contacts&connectionId=${aliceCrm}&autoCreate=true`],
      ['POST', '/flow-instances', { connectionId: aliceCrm, nodes: LIST_CONTACTS }],
      ['GET', `/action-instance?id=${action.id}`],
      ['POST', `/action-instance/run?id=${action.id}`, { id: 'x' }],
      ['POST', `/connections/${aliceDesk}/actions/get-ticket/run`, { id: 'x' }],
      ['POST', `/actions/get-ticket/run?connectionId=${aliceDesk}`, { input: { id: 'x' } }],
      ['GET', `/action-instances?connectionId=${aliceDesk}`],
      ['GET', `/flow-runs?connectionId=${aliceCrm}&flowInstanceId=${instance.id}`]
    ]
    for (const [method, path, body] of attempts) {
      const answer = await server.call(method, path, { token: bob, body })
      if (method === 'GET' && path.startsWith('/flow-runs?')) {
        expect(answer.body.items, `${method} ${path}`).toEqual([])
        continue
      }
      expect(answer.status, `${method} ${path}`).toBe(404)
      expect(answer.body.key, `${method} ${path}`).toBe('not_found')
    }
    // Bob's own lists hold only Bob's things.
    expect(
      (await server.call('GET', '/flow-instances?limit=1000', { token: bob })).body.items.every(
        (i: { userId: string }) => i.userId !== instance.userId
      )
    ).toBe(true)
    expect((await server.call('GET', '/flow-runs?limit=1000', { token: bob })).body.items).toEqual([])
    expect((await server.call('GET', '/action-instances', { token: bob })).body.items).toEqual([])
    // Alice's instance is untouched.
    const untouched = (await server.call('GET', `/flow-instance?id=${instance.id}`, { token: alice })).body
    expect(untouched.enabled).toBe(true)
    expect(untouched.archivedAt).toBeUndefined()
  })
})
