import type { MembraneClient } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectBoth } from '../support/sandbox-client'
import { removeTempDirs } from '../support/temp-dir'
import { bothSdks } from '../support/sdk-clients'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer

/** api-trigger → shape → create a CRM contact; the output is the created record. */
const ADD_CONTACT = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: {
    type: 'transform-data',
    config: {
      output: {
        email: { $var: 'input.trigger.email' },
        firstName: { $var: 'input.trigger.name' },
        lifecycleStage: 'lead'
      }
    },
    links: [{ key: 'create' }]
  },
  create: {
    type: 'create-data-record',
    config: { dataSource: { collectionKey: 'contacts' }, fields: { $var: 'input.shape' } }
  }
}

beforeAll(async () => {
  server = await startTestServer()
  const admin = await server.adminToken()
  const calls = [
    server.call('POST', '/flows', {
      token: admin,
      body: { key: 'add-contact', name: 'Add contact', integrationKey: 'crm', nodes: ADD_CONTACT }
    }),
    server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'open-ticket',
        name: 'Open ticket',
        integrationKey: 'helpdesk',
        type: 'create-data-record',
        config: { dataSource: { collectionKey: 'tickets' } }
      }
    }),
    server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'find-contacts',
        name: 'Find contacts',
        type: 'search-data-records',
        config: { dataSource: { collectionKey: 'contacts' }, query: { $var: 'input.text' }, limit: 5 },
        outputMapping: { emails: { $jsonata: 'output.records.fields.email' } }
      }
    })
  ]
  for (const made of await Promise.all(calls)) expect(made.status).toBe(201)
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

// only @membranehq/sdk has action(a).run (the last test)
const SDKS = bothSdks(() => server.url).map((sdk) => ({ ...sdk, actionRun: sdk.name === '@membranehq/sdk' }))

describe.each(SDKS)('flows and actions on connections through $name', ({ name, make, actionRun }) => {
  const customerId = `conn-${name.replace(/\W/g, '')}`
  let client: MembraneClient
  let crmId: string
  let helpdeskId: string

  beforeAll(async () => {
    const token = await server.customerToken(customerId, { name: `Customer of ${name}` })
    const { crm, helpdesk } = await connectBoth(server, token, { crm: `CRM of ${name}`, helpdesk: `Desk of ${name}` })
    crmId = crm.id
    helpdeskId = helpdesk.id
    client = make(token)
  })

  it("flowInstance({flowKey, integrationKey, autoCreate}) is the instance on the customer's connection, and run() resolves with the output", async () => {
    const instance = await client
      .flowInstance({ flowKey: 'add-contact', integrationKey: 'crm', autoCreate: true })
      .get()
    expect(instance).toMatchObject({ connectionId: crmId, integrationKey: 'crm', state: 'READY' })
    expect((await client.connection('crm').flow('add-contact').get()).id).toBe(instance.id)
    expect((await client.connection(crmId).flow('add-contact').get()).id).toBe(instance.id)

    const run = await client
      .flowInstance({ flowKey: 'add-contact', integrationKey: 'crm', autoCreate: true })
      .run({ input: { email: `${customerId}@example.com`, name: 'Sdk' } })
    expect(run).toMatchObject({ state: 'completed', connectionId: crmId })
    const output = (await client.flowRun(run.id).getOutput()) as {
      id: string
      record: { fields: Record<string, unknown> }
    }
    expect(output.record.fields).toMatchObject({
      email: `${customerId}@example.com`,
      firstName: 'Sdk',
      lifecycleStage: 'lead'
    })
    // The contact is in the CRM: read back through the connection's data collection.
    const found = await client.connection('crm').dataCollection('contacts').findById({ id: output.id })
    expect(found.record.fields?.email).toBe(`${customerId}@example.com`)
  })

  it("run() rejects with the failing node's message", async () => {
    const failure = await client
      .flowInstance({ flowKey: 'add-contact', integrationKey: 'crm', autoCreate: true })
      .run({ input: { name: 'No email' } })
      .catch((e: unknown) => e as Error)
    expect(failure).toBeInstanceOf(Error)
    expect((failure as Error).message).toMatch(
      /^Flow run \w+ failed: Node "create" \(create-data-record\) failed: Sandbox CRM answered 422 to creating a contacts record: The contacts record is invalid: email is required\.$/
    )
  })

  it('connection(c).flow(f) creates, disables, enables, runs and archives the instance', async () => {
    const accessor = client.connection('crm').flow('add-contact', { instanceKey: 'second' })
    const created = await accessor.create()
    expect(created).toMatchObject({ instanceKey: 'second', connectionId: crmId, enabled: true })
    expect((await accessor.disable()).enabled).toBe(false)
    expect((await accessor.enable()).enabled).toBe(true)
    const started = (await accessor.run({ input: { email: `second-${customerId}@example.com` } })) as {
      id: string
      connectionFlowId: string
    }
    expect(started.connectionFlowId).toBe(created.id)
    const listed = await client.connection('crm').flows.list()
    expect((listed.items as unknown as Array<{ id: string }>).map((i) => i.id)).toEqual(
      expect.arrayContaining([created.id])
    )
    await accessor.archive()
    expect((await client.flowInstance(created.id).get()).archivedAt).toEqual(expect.any(String))
  })

  it('connection(c).action(a).run(input) runs the action through that connection', async () => {
    const result = (await client
      .connection('helpdesk')
      .action('open-ticket')
      .run({ subject: `Ticket by ${name}`, priority: 'high' })) as {
      output: { id: string; record: { fields: Record<string, unknown> } }
      actionRunId: string
    }
    expect(result.output.record.fields).toMatchObject({ subject: `Ticket by ${name}`, priority: 'high' })
    expect(result.actionRunId).toEqual(expect.any(String))
    const stored = await server.call('GET', `/action-runs/${result.actionRunId}`, {
      token: await server.customerToken(customerId)
    })
    expect(stored.body).toMatchObject({ actionKey: 'open-ticket', connectionId: helpdeskId, state: 'completed' })
    const universal = (await client
      .connection('crm')
      .action('find-contacts')
      .run({ text: `${customerId}@example.com` })) as { output: { emails: unknown } }
    expect([universal.output.emails].flat()).toContain(`${customerId}@example.com`)
  })

  it("actionInstance({actionKey, integrationKey, autoCreate}) keeps the customer's changes and run(input) uses them", async () => {
    // The SDK types name the template parentKey; Membrane's docs say actionKey: both work.
    const accessor = client.actionInstance({ parentKey: 'open-ticket', integrationKey: 'helpdesk', autoCreate: true })
    const instance = (await accessor.get()) as unknown as {
      id: string
      connectionId: string
      state: string
      fieldsSchema: { properties: Record<string, unknown> }
    }
    expect(instance).toMatchObject({ connectionId: helpdeskId, state: 'READY' })
    expect(Object.keys(instance.fieldsSchema.properties)).toEqual(
      expect.arrayContaining(['subject', 'priority', 'requesterEmail'])
    )
    await client.actionInstance(instance.id).patch({
      config: {
        dataSource: { collectionKey: 'tickets' },
        fields: { subject: { $var: 'input.title' }, tags: ['customised'] }
      }
    } as never)
    const result = (await client
      .actionInstance({ actionKey: 'open-ticket', integrationKey: 'helpdesk' } as never)
      .run({ title: 'Customised ticket' })) as { output: { record: { fields: Record<string, unknown> } } }
    expect(result.output.record.fields).toMatchObject({ subject: 'Customised ticket', tags: ['customised'] })
    // The connection-level run uses the customer's instance too.
    const viaConnection = (await client
      .connection('helpdesk')
      .action('open-ticket')
      .run({ title: 'Through the connection' })) as { output: { record: { fields: Record<string, unknown> } } }
    expect(viaConnection.output.record.fields).toMatchObject({
      subject: 'Through the connection',
      tags: ['customised']
    })
    await client.actionInstance(instance.id).reset()
    const afterReset = (await client.actionInstance(instance.id).run({ subject: 'Template again' })) as {
      output: { record: { fields: Record<string, unknown> } }
    }
    expect(afterReset.output.record.fields).toMatchObject({ subject: 'Template again' })
  })

  // Only @membranehq/sdk has action(a).run; the test is not registered for the other SDK.
  if (actionRun)
    it('action(a).run(input, {connectionId}) runs the template on that connection', async () => {
      const result = (await (client as MembraneClient)
        .action('open-ticket')
        .run({ subject: 'Via action().run' }, { connectionId: helpdeskId })) as {
        output: { record: { fields: Record<string, unknown> } }
      }
      expect(result.output.record.fields.subject).toBe('Via action().run')
    })
})
