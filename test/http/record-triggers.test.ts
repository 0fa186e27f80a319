import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_SIGNATURE_HEADER, signSandboxBody } from '../../src-main/engine'
import { finishedRuns, nodeRuns, runsOf } from '../support/flow-helpers'
import { eventually } from '../support/http-target'
import { connectBoth, personalCrmToken, sandboxApi } from '../support/sandbox-client'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

/** CRM contact created → shape a ticket → create it in the customer's helpdesk. */
const CONTACT_TO_TICKET = {
  trigger: {
    type: 'data-record-created-trigger',
    config: { dataSource: { collectionKey: 'contacts' } },
    links: [{ key: 'shape' }]
  },
  shape: {
    type: 'transform-data',
    config: {
      output: {
        subject: { $jsonata: '"Welcome " & input.trigger.record.firstName' },
        requesterEmail: { $var: 'input.trigger.record.email' },
        contactId: { $var: 'input.trigger.recordId' }
      }
    },
    links: [{ key: 'ticket' }]
  },
  ticket: {
    type: 'create-data-record',
    config: {
      integrationKey: 'helpdesk',
      dataSource: { collectionKey: 'tickets' },
      fields: {
        subject: { $var: 'input.shape.subject' },
        requesterEmail: { $var: 'input.shape.requesterEmail' },
        priority: 'normal',
        tags: ['from-crm']
      }
    }
  }
}

beforeAll(async () => {
  server = await startTestServer({ engineOptions: { sandbox: { webhooks: { retryDelaysMs: [50, 100] } } } })
  admin = await server.adminToken()
  const made = await server.call('POST', '/flows', {
    token: admin,
    body: { key: 'contact-to-ticket', name: 'Contact to ticket', integrationKey: 'crm', nodes: CONTACT_TO_TICKET }
  })
  expect(made.status).toBe(201)
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

describe('data-record triggers from the sandbox apps', () => {
  it("a contact created in the sandbox CRM (its REST API, by the person's own app) starts the deployed flow, which writes a ticket to the helpdesk", async () => {
    const token = await server.customerToken('acme', { name: 'Acme' })
    const { crm, helpdeskKey } = await connectBoth(server, token, { crm: 'Acme CRM', helpdesk: 'Acme Desk' })

    const deployed = await server.call('GET', '/connections/crm/flows/contact-to-ticket?autoCreate=true', { token })
    expect(deployed.status).toBe(200)
    const instance = deployed.body
    expect(instance).toMatchObject({ connectionId: crm.id, integrationKey: 'crm', state: 'READY', enabled: true })
    // Deploying subscribed the trigger at the app, saved its cursor and fetched both connections' field schemas.
    expect(instance.setup.triggers).toEqual([
      expect.objectContaining({
        nodeKey: 'trigger',
        collectionKey: 'contacts',
        events: ['created'],
        eventsReceived: 0,
        cursor: { since: expect.any(String) }
      })
    ])
    expect(instance.setup.fieldSchemas.contacts.properties.email).toMatchObject({ type: 'string' })
    expect(instance.setup.fieldSchemas['helpdesk.tickets'].properties.subject).toMatchObject({ type: 'string' })
    const sameByFlow = await server.call(
      'GET',
      '/flow-instance?flowKey=contact-to-ticket&integrationKey=crm&autoCreate=true',
      { token }
    )
    expect(sameByFlow.body.id).toBe(instance.id)

    const personal = await personalCrmToken(server, 'Acme CRM')
    const hooks = (await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data
    expect(hooks).toEqual([
      expect.objectContaining({
        id: instance.setup.triggers[0].subscriptionId,
        collection: 'contacts',
        events: ['created'],
        url: instance.setup.triggers[0].callbackUrl
      })
    ])

    const contact = await sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com'
    })
    expect(contact.status).toBe(201)

    const [run] = await finishedRuns(server, token, instance.id, 1)
    expect(run).toMatchObject({
      state: 'completed',
      startNodeKey: 'trigger',
      connectionId: crm.id,
      launchedBy: { type: 'data-source-trigger', ids: [expect.stringMatching(/^evt_/)] }
    })
    const steps = await nodeRuns(server, token, run.id)
    expect(steps.map((s) => [s.nodeKey, s.status])).toEqual([
      ['trigger', 'completed'],
      ['shape', 'completed'],
      ['ticket', 'completed']
    ])
    const [trigger, shape, ticket] = steps
    expect(trigger.input).toMatchObject({
      event: 'created',
      collectionKey: 'contacts',
      recordId: contact.body.id,
      record: { email: 'ada@example.com' }
    })
    expect(JSON.parse(trigger.outputs[0].data)).toMatchObject({
      recordId: contact.body.id,
      record: { firstName: 'Ada' }
    })
    expect(shape.input.trigger.record.email).toBe('ada@example.com')
    expect(JSON.parse(shape.outputs[0].data)).toEqual({
      subject: 'Welcome Ada',
      requesterEmail: 'ada@example.com',
      contactId: contact.body.id
    })
    expect(ticket.input.shape).toEqual({
      subject: 'Welcome Ada',
      requesterEmail: 'ada@example.com',
      contactId: contact.body.id
    })
    const created = JSON.parse(ticket.outputs[0].data)
    expect(created).toMatchObject({
      id: expect.stringMatching(/^tk_/),
      record: { fields: { subject: 'Welcome Ada', requesterEmail: 'ada@example.com' } }
    })
    expect(ticket.logs.map((l: { message: string }) => l.message)).toContain(
      `Created tickets record ${created.id} in Sandbox Helpdesk.`
    )

    // The ticket is really in the helpdesk, read with the helpdesk's own API key.
    const inDesk = await sandboxApi(server, 'helpdesk', { apiKey: helpdeskKey }, 'GET', `/tickets/${created.id}`)
    expect(inDesk).toMatchObject({
      status: 200,
      body: { subject: 'Welcome Ada', requesterEmail: 'ada@example.com', priority: 'normal', tags: ['from-crm'] }
    })

    // The trigger's cursor moved to the event.
    const after = (await server.call('GET', `/flow-instance?id=${instance.id}`, { token })).body
    expect(after.setup.triggers[0]).toMatchObject({
      eventsReceived: 1,
      cursor: { lastRecordId: contact.body.id, lastEventId: run.launchedBy.ids![0] }
    })
  })

  it("the ingress accepts only deliveries signed with the subscription's secret", async () => {
    const token = await server.customerToken('acme')
    const instance = (await server.call('GET', '/connections/crm/flows/contact-to-ticket', { token })).body
    const url = new URL(instance.setup.triggers[0].callbackUrl)
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'contacts.created',
      collection: 'contacts',
      recordId: 'ct_x',
      record: { email: 'x@example.com' }
    })
    const forged = await server.call('POST', url.pathname, {
      body,
      headers: { [SANDBOX_SIGNATURE_HEADER]: signSandboxBody('not-the-secret', body) }
    })
    expect(forged.status).toBe(401)
    expect(forged.body).toMatchObject({
      type: 'bad_request',
      key: 'not_authenticated',
      message: expect.stringMatching(/not signed with this subscription's secret/)
    })
    const unsigned = await server.call('POST', url.pathname, { body })
    expect(unsigned.status).toBe(401)
    const unknown = await server.call('POST', '/webhooks/record-events/nope', {
      body,
      headers: { [SANDBOX_SIGNATURE_HEADER]: signSandboxBody('x', body) }
    })
    expect(unknown.status).toBe(404)
    expect(await runsOf(server, token, instance.id)).toHaveLength(1)
  })

  it('disabling unsubscribes at the app, enabling subscribes again, archiving removes the webhook', async () => {
    const token = await server.customerToken('acme')
    const personal = await personalCrmToken(server, 'Acme CRM')
    const hooks = async () =>
      (await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data as Array<{
        id: string
        url: string
      }>
    const path = '/connections/crm/flows/contact-to-ticket'

    const disabled = await server.call('PATCH', path, { token, body: { enabled: false } })
    expect(disabled.body).toMatchObject({ enabled: false, state: 'READY' })
    expect(disabled.body.setup.triggers).toEqual([])
    expect(await hooks()).toEqual([])

    const enabled = await server.call('PATCH', path, { token, body: { enabled: true } })
    expect(enabled.body.setup.triggers).toHaveLength(1)
    expect((await hooks()).map((h) => h.id)).toEqual([enabled.body.setup.triggers[0].subscriptionId])

    await sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
      firstName: 'Grace',
      email: 'grace@example.com'
    })
    const runs = await finishedRuns(server, token, enabled.body.id, 2)
    expect(runs[0].state).toBe('completed')

    const archived = await server.call('DELETE', path, { token })
    expect(archived.body.archivedAt).toEqual(expect.any(String))
    expect(await hooks()).toEqual([])
    const again = await server.call('GET', path, { token })
    expect(again.status).toBe(404)
    expect(again.body.message).toMatch(/no instance of flow "contact-to-ticket" on connection crm; add autoCreate=true/)
  })

  it('a setup that cannot work is kept on the instance with a clear error, and runs again when the customer connects', async () => {
    const token = await server.customerToken('crm-only', { name: 'CRM only' })
    const personal = await personalCrmToken(server, 'Solo CRM')
    const { connectCrm } = await import('../support/connect-flow')
    await connectCrm(server, token, { account: 'Solo CRM' })
    const deployed = (await server.call('PUT', '/connections/crm/flows/contact-to-ticket', { token })).body
    expect(deployed.state).toBe('SETUP_FAILED')
    expect(deployed.errors).toEqual([
      expect.objectContaining({
        type: 'flow_instance_setup',
        message: expect.stringMatching(
          /^Node "ticket" \(create-data-record\) works through the customer's connection to "helpdesk", and there is none/
        )
      })
    ])
    // The trigger itself is set up: the CRM delivers, the run fails at the ticket node and says why.
    expect(deployed.setup.triggers).toHaveLength(1)
    await sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
      firstName: 'Solo',
      email: 'solo@example.com'
    })
    const [run] = await finishedRuns(server, token, deployed.id, 1)
    expect(run.state).toBe('failed')
    expect(run.errors![0].message).toMatch(
      /^Node "ticket" \(create-data-record\) failed: Customer "crm-only" has no connection to integration "helpdesk"/
    )

    const key = server.engine.sandbox.createApiKey('helpdesk', { accountName: 'Solo Desk' })
    await server.call('POST', '/connections', {
      token,
      body: { integrationKey: 'helpdesk', input: { apiKey: key.apiKey } }
    })
    const fixed = (await server.call('POST', '/connections/crm/flows/contact-to-ticket/setup', { token })).body
    expect(fixed).toMatchObject({ state: 'READY' })
    expect(fixed.errors).toBeUndefined()
    // Setup subscribed anew: still one webhook at the app, the new one.
    const hooks = (await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data
    expect(hooks.map((h: { id: string }) => h.id)).toEqual([fixed.setup.triggers[0].subscriptionId])
    expect(fixed.setup.triggers[0].subscriptionId).not.toBe(deployed.setup.triggers[0].subscriptionId)

    const badField = await server.call('PATCH', '/connections/crm/flows/contact-to-ticket', {
      token,
      body: {
        nodes: {
          ...CONTACT_TO_TICKET,
          ticket: {
            ...CONTACT_TO_TICKET.ticket,
            config: { ...CONTACT_TO_TICKET.ticket.config, fields: { subject: 'x', severity: 'high' } }
          }
        }
      }
    })
    expect(badField.body.state).toBe('SETUP_FAILED')
    expect(badField.body.errors[0]).toMatchObject({
      message: expect.stringMatching(
        /^Node "ticket" \(create-data-record\): config.fields.severity is not a field of tickets in this Sandbox Helpdesk account; its fields are subject, description/
      ),
      data: { nodeKey: 'ticket', path: 'nodes.ticket.config.fields.severity' }
    })
    expect(badField.body.customized.nodes).toBe(true)
    const reset = (await server.call('POST', '/connections/crm/flows/contact-to-ticket/reset', { token })).body
    expect(reset).toMatchObject({ state: 'READY', customized: { nodes: false } })
  })

  it('a rate-limited app call waits as Retry-After says, retries and logs it; with no retries left the node fails saying so', async () => {
    const token = await server.customerToken('acme')
    const add = {
      trigger: { type: 'api-trigger', links: [{ key: 'add' }] },
      add: {
        type: 'create-data-record',
        config: { dataSource: { collectionKey: 'contacts' }, fields: { email: { $var: 'input.trigger.email' } } }
      }
    }
    const flow = await server.call('POST', '/flow-instances', {
      token,
      body: { name: 'Add contact', connectionId: 'crm', nodes: add }
    })
    expect(flow.status).toBe(201)
    expect(flow.body).toMatchObject({ isAdHoc: true, integrationKey: 'crm', state: 'READY' })
    const crm = (await server.call('GET', '/connections/crm', { token })).body
    await server.call('POST', `/connections/${crm.id}/faults`, {
      token: admin,
      body: { failNext: { count: 1, status: 429 } }
    })

    const started = (
      await server.call('POST', '/flow-runs', {
        token,
        body: { flowInstanceId: flow.body.id, input: { email: 'patient@example.com' } }
      })
    ).body
    const run = await eventually(
      async () => {
        const r = (await server.call('GET', `/flow-runs/${started.id}`, { token })).body
        return r.state === 'completed' || r.state === 'failed' ? r : undefined
      },
      15_000,
      'the rate-limited run'
    )
    expect(run.state).toBe('completed')
    const [, node] = await nodeRuns(server, token, run.id)
    expect(node.logs[0]).toMatchObject({
      level: 'warn',
      message:
        'Sandbox CRM rate-limited POST /contacts (429); waiting 1 s as its Retry-After says, then retrying (retry 1 of 3).'
    })
    expect(JSON.parse(node.outputs[0].data).record.fields.email).toBe('patient@example.com')

    await server.call('PATCH', `/flow-instance?id=${flow.body.id}`, {
      token,
      body: { nodes: { ...add, add: { ...add.add, config: { ...add.add.config, rateLimitRetries: 0 } } } }
    })
    await server.call('POST', `/connections/${crm.id}/faults`, {
      token: admin,
      body: { failNext: { count: 1, status: 429 } }
    })
    const impatient = (
      await server.call('POST', '/flow-runs', {
        token,
        body: { flowInstanceId: flow.body.id, input: { email: 'impatient@example.com' } }
      })
    ).body
    const failed = await eventually(
      async () => {
        const r = (await server.call('GET', `/flow-runs/${impatient.id}`, { token })).body
        return r.state === 'failed' ? r : undefined
      },
      15_000,
      'the impatient run to fail'
    )
    expect(failed.errors[0]).toMatchObject({
      type: 'connection',
      message: expect.stringMatching(
        /^Node "add" \(create-data-record\) failed: Sandbox CRM answered 429 to creating a contacts record: .*Wait 1 s and retry\./
      )
    })
  })
})

describe('updated and deleted records, trigger filters, template updates', () => {
  it('updated and deleted triggers start runs with the record (null when deleted); a filter that says no starts nothing', async () => {
    const token = await server.customerToken('watcher', { name: 'Watcher' })
    const { connectCrm } = await import('../support/connect-flow')
    await connectCrm(server, token, { account: 'Watch CRM' })
    const nodes = {
      became: {
        type: 'data-record-updated-trigger',
        config: { dataSource: { collectionKey: 'contacts' }, filter: "record.lifecycleStage = 'customer'" },
        links: [{ key: 'note' }]
      },
      gone: {
        type: 'data-record-deleted-trigger',
        config: { dataSource: { collectionKey: 'contacts' } },
        links: [{ key: 'note' }]
      },
      note: {
        type: 'transform-data',
        config: {
          output: {
            event: { $jsonata: '$exists(input.became) ? "became customer" : "deleted"' },
            id: { $jsonata: 'input.became.recordId ? input.became.recordId : input.gone.recordId' }
          }
        }
      }
    }
    const flow = await server.call('POST', '/flow-instances', {
      token,
      body: { name: 'Watch contacts', integrationKey: 'crm', nodes }
    })
    expect(flow.status).toBe(201)
    expect(flow.body.setup.triggers.map((t: { nodeKey: string; events: string[] }) => [t.nodeKey, t.events])).toEqual([
      ['became', ['updated']],
      ['gone', ['deleted']]
    ])
    const personal = await personalCrmToken(server, 'Watch CRM')
    const contact = (
      await sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
        email: 'lead@example.com',
        lifecycleStage: 'lead'
      })
    ).body
    await sandboxApi(server, 'crm', { bearer: personal }, 'PATCH', `/contacts/${contact.id}`, {
      firstName: 'Still a lead'
    })
    // The event arrives and moves the cursor, but the filter is false: no run.
    await eventually(
      async () =>
        (await server.call('GET', `/flow-instance?id=${flow.body.id}`, { token })).body.setup.triggers[0]
          .eventsReceived === 1
          ? true
          : undefined,
      10_000,
      'the filtered event to arrive'
    )
    expect(await runsOf(server, token, flow.body.id)).toEqual([])

    await sandboxApi(server, 'crm', { bearer: personal }, 'PATCH', `/contacts/${contact.id}`, {
      lifecycleStage: 'customer'
    })
    const [became] = await finishedRuns(server, token, flow.body.id, 1)
    expect(became.startNodeKey).toBe('became')
    expect((await server.call('GET', `/flow-runs/${became.id}/output`, { token })).body).toEqual({
      event: 'became customer',
      id: contact.id
    })

    expect((await sandboxApi(server, 'crm', { bearer: personal }, 'DELETE', `/contacts/${contact.id}`)).status).toBe(
      204
    )
    const runs = await finishedRuns(server, token, flow.body.id, 2)
    const gone = runs.find((r) => r.startNodeKey === 'gone')!
    expect(gone.input).toMatchObject({ event: 'deleted', recordId: contact.id, record: null })
    expect((await server.call('GET', `/flow-runs/${gone.id}/output`, { token })).body).toEqual({
      event: 'deleted',
      id: contact.id
    })
  })

  it('an instance that follows its template subscribes the triggers a new template revision adds', async () => {
    const token = await server.customerToken('follower', { name: 'Follower' })
    await connectBoth(server, token, { crm: 'Follow CRM', helpdesk: 'Follow Desk' })
    const admin = await server.adminToken()
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'follow-me', name: 'Follow me', integrationKey: 'crm', nodes: CONTACT_TO_TICKET }
    })
    const instance = (await server.call('GET', '/connections/crm/flows/follow-me?autoCreate=true', { token })).body
    expect(instance.setup.triggers).toHaveLength(1)
    const withUpdates = {
      ...CONTACT_TO_TICKET,
      changed: {
        type: 'data-record-updated-trigger',
        config: { dataSource: { collectionKey: 'contacts' } },
        links: [{ key: 'shape' }]
      }
    }
    await server.call('PATCH', '/flows/crm.follow-me', { token: admin, body: { nodes: withUpdates } })
    const followed = await eventually(
      async () => {
        const current = (await server.call('GET', `/flow-instance?id=${instance.id}`, { token })).body
        return current.setup.triggers.length === 2 ? current : undefined
      },
      10_000,
      'the instance to follow the template'
    )
    expect(followed.isOutdated).toBe(false)
    expect(followed.setup.triggers.map((t: { nodeKey: string }) => t.nodeKey).sort()).toEqual(['changed', 'trigger'])
  })
})

describe('instances follow their connection', () => {
  it('archiving the connection removes the app webhook and fails the setup, saying why', async () => {
    const token = await server.customerToken('archiver', { name: 'Archiver' })
    const { crm } = await connectBoth(server, token, { crm: 'Archive CRM', helpdesk: 'Archive Desk' })
    const instance = (await server.call('GET', '/connections/crm/flows/contact-to-ticket?autoCreate=true', { token }))
      .body
    const personal = await personalCrmToken(server, 'Archive CRM')
    expect((await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data).toHaveLength(1)
    await server.call('DELETE', `/connections/${crm.id}`, { token })
    const failed = await eventually(
      async () => {
        const current = (await server.call('GET', `/flow-instance?id=${instance.id}`, { token })).body
        return current.state === 'SETUP_FAILED' ? current : undefined
      },
      10_000,
      'the instance to notice'
    )
    expect(failed.errors[0].message).toBe(
      `Connection ${crm.id} to Sandbox CRM was archived; deploy the flow to a live connection (connect again first).`
    )
    expect(failed.setup.triggers).toEqual([])
    expect((await sandboxApi(server, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data).toEqual([])
  })
})

describe('record triggers across restarts', () => {
  it('after a restart on another port the triggers subscribe again at the new URL, and the old webhook is removed', async () => {
    const first = await startTestServer({ engineOptions: { sandbox: { webhooks: { retryDelaysMs: [50] } } } })
    const dataDir = first.dataDir
    const admin = await first.adminToken()
    await first.call('POST', '/flows', {
      token: admin,
      body: { key: 'contact-to-ticket', name: 'Contact to ticket', integrationKey: 'crm', nodes: CONTACT_TO_TICKET }
    })
    const token = await first.customerToken('restarter', { ttl: '1d' })
    await connectBoth(first, token, { crm: 'Restart CRM', helpdesk: 'Restart Desk' })
    const before = (await first.call('GET', '/connections/crm/flows/contact-to-ticket?autoCreate=true', { token })).body
    const oldUrl = before.setup.triggers[0].callbackUrl
    await first.stop()
    // Hold the old port so the restart surely lands on another one.
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(Number(new URL(first.url).port), '127.0.0.1', resolve))

    const second = await startTestServer({ dataDir, engineOptions: { sandbox: { webhooks: { retryDelaysMs: [50] } } } })
    try {
      expect(second.url).not.toBe(first.url)
      const moved = await eventually(
        async () => {
          const instance = (await second.call('GET', `/flow-instance?id=${before.id}`, { token })).body
          return instance.setup.triggers[0]?.callbackUrl.startsWith(second.url) ? instance : undefined
        },
        10_000,
        'the trigger to move to the new URL'
      )
      expect(moved.state).toBe('READY')
      // Subscribed anew, the trigger keeps where it stood.
      expect(moved.setup.triggers[0].cursor).toEqual(before.setup.triggers[0].cursor)
      const personal = await personalCrmToken(second, 'Restart CRM')
      const hooks = (await sandboxApi(second, 'crm', { bearer: personal }, 'GET', '/webhooks')).body.data as Array<{
        url: string
      }>
      expect(hooks.map((h) => h.url)).toEqual([moved.setup.triggers[0].callbackUrl])
      expect(hooks.map((h) => h.url)).not.toContain(oldUrl)
      await sandboxApi(second, 'crm', { bearer: personal }, 'POST', '/contacts', {
        firstName: 'Again',
        email: 'again@example.com'
      })
      const run = await eventually(
        async () => {
          const items = (await second.call('GET', `/flow-runs?flowInstanceId=${before.id}`, { token })).body.items
          return items[0]?.state === 'completed' ? items[0] : undefined
        },
        10_000,
        'the run after the restart'
      )
      expect(run.launchedBy.type).toBe('data-source-trigger')
    } finally {
      await second.stop()
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})
