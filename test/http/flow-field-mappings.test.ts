import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FlowRunDto } from '../../src-main/contract/flow-runs'
import { finishedRuns, nodeRuns } from '../support/flow-helpers'
import { connectBoth, personalCrmToken, sandboxApi } from '../support/sandbox-client'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

const PERSON = {
  type: 'object',
  properties: { fullName: { type: 'string' }, email: { type: 'string' } },
  required: ['email']
}

/** Contact created (data source `contacts`, imported as a person) → ticket through the `person-ticket` mapping. */
const CONTACT_TO_TICKET = {
  trigger: {
    type: 'data-record-created-trigger',
    config: { dataSource: { key: 'contacts' }, fieldMapping: { key: 'contact-person' } },
    links: [{ key: 'ticket' }]
  },
  ticket: {
    type: 'create-data-record',
    config: {
      integrationKey: 'helpdesk',
      dataSource: { key: 'tickets' },
      fieldMapping: { key: 'person-ticket' },
      fields: { $var: 'input.trigger.fields' }
    }
  }
}

beforeAll(async () => {
  server = await startTestServer({ engineOptions: { sandbox: { webhooks: { retryDelaysMs: [50, 100] } } } })
  admin = await server.adminToken()
  const bodies: Array<[string, unknown]> = [
    ['/data-sources', { key: 'contacts', name: 'Contacts', udm: 'contacts' }],
    ['/data-sources', { key: 'tickets', name: 'Tickets', udm: 'tickets' }],
    [
      '/field-mappings',
      {
        key: 'contact-person',
        name: 'Contact as person',
        dataSourceKey: 'contacts',
        direction: 'import',
        appSchema: PERSON,
        defaultImportValue: { fullName: { $jsonata: 'firstName & " " & lastName' }, email: { $var: '$.email' } }
      }
    ],
    [
      '/field-mappings',
      {
        key: 'person-ticket',
        name: 'Person as ticket',
        dataSourceKey: 'tickets',
        direction: 'export',
        appSchema: PERSON,
        defaultExportValue: {
          subject: { $jsonata: '"Welcome " & fullName' },
          requesterEmail: { $var: '$.email' }
        }
      }
    ],
    ['/flows', { key: 'contact-ticket', name: 'Contact to ticket', integrationKey: 'crm', nodes: CONTACT_TO_TICKET }]
  ]
  for (const [path, body] of bodies) {
    const made = await server.call('POST', path, { token: admin, body })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
  }
})

afterAll(async () => {
  await server.stop()
  removeTempDirs()
})

describe('a flow on data sources and field mappings', () => {
  it("writes the mapped fields; the customer's mapping is used by the next run; reset brings the default back", async () => {
    const token = await server.customerToken('mapper', { name: 'Mapper Inc' })
    const { crm, helpdesk, helpdeskKey } = await connectBoth(server, token, {
      crm: 'Mapper CRM',
      helpdesk: 'Mapper Desk'
    })

    const deployed = await server.call('GET', '/connections/crm/flows/contact-ticket?autoCreate=true', { token })
    expect(deployed.body).toMatchObject({ state: 'READY', connectionId: crm.id })
    expect(deployed.body.setup.triggers[0]).toMatchObject({ nodeKey: 'trigger', collectionKey: 'contacts' })
    // Deploying set up the data source and field mapping instances the nodes use, on their connections.
    const onDesk = await server.call('GET', `/field-mapping-instances?connectionId=${helpdesk.id}`, { token })
    expect(onDesk.body.items).toEqual([expect.objectContaining({ key: 'person-ticket', state: 'READY' })])
    const sources = await server.call('GET', '/data-source-instances', { token })
    expect(
      sources.body.items.map((i: { key: string; collectionKey: string }) => [i.key, i.collectionKey]).sort()
    ).toEqual([
      ['contacts', 'contacts'],
      ['tickets', 'tickets']
    ])

    const personal = await personalCrmToken(server, 'Mapper CRM')
    const ticketOf = async (run: FlowRunDto) => {
      const steps = await nodeRuns(server, token, run.id)
      expect(steps.map((s) => [s.nodeKey, s.status])).toEqual([
        ['trigger', 'completed'],
        ['ticket', 'completed']
      ])
      const { id } = JSON.parse(steps[1].outputs[0].data) as { id: string }
      return (await sandboxApi(server, 'helpdesk', { apiKey: helpdeskKey }, 'GET', `/tickets/${id}`)).body
    }
    const contact = async (firstName: string) =>
      sandboxApi(server, 'crm', { bearer: personal }, 'POST', '/contacts', {
        firstName,
        lastName: 'Lovelace',
        email: `${firstName.toLowerCase()}@example.com`
      })

    await contact('Ada')
    const [first] = await finishedRuns(server, token, deployed.body.id, 1)
    expect(first.state).toBe('completed')
    expect(await ticketOf(first)).toMatchObject({ subject: 'Welcome Ada Lovelace', requesterEmail: 'ada@example.com' })

    const customised = await server.call('PATCH', '/connections/helpdesk/field-mappings/person-ticket', {
      token,
      body: {
        exportValue: {
          subject: { $jsonata: '"VIP: " & fullName' },
          requesterEmail: { $var: '$.email' },
          priority: 'high'
        }
      }
    })
    expect(customised.body).toMatchObject({ isCustomized: true, state: 'READY' })
    await contact('Grace')
    const second = (await finishedRuns(server, token, deployed.body.id, 2)).find((r) => r.id !== first.id)!
    expect(await ticketOf(second)).toMatchObject({ subject: 'VIP: Grace Lovelace', priority: 'high' })

    const reset = await server.call('POST', '/connections/helpdesk/field-mappings/person-ticket/reset', { token })
    expect(reset.body.isCustomized).toBe(false)
    await contact('Alan')
    const third = (await finishedRuns(server, token, deployed.body.id, 3)).find(
      (r) => ![first.id, second.id].includes(r.id)
    )!
    const ticket = await ticketOf(third)
    expect(ticket).toMatchObject({ subject: 'Welcome Alan Lovelace' })
    expect(ticket.priority).not.toBe('high')
  })

  it('a field mapping that does not fit the app shows on the deployed instance as a setup error', async () => {
    const token = await server.customerToken('misfit', { name: 'Misfit' })
    await connectBoth(server, token, { crm: 'Misfit CRM', helpdesk: 'Misfit Desk' })
    const made = await server.call('POST', '/flows', {
      token: admin,
      body: {
        key: 'no-mapping',
        name: 'No mapping',
        integrationKey: 'crm',
        nodes: {
          trigger: {
            type: 'data-record-created-trigger',
            config: { dataSource: { key: 'contacts' }, fieldMapping: { key: 'missing-mapping' } }
          }
        }
      }
    })
    expect(made.status).toBe(201)
    const deployed = await server.call('GET', '/connections/crm/flows/no-mapping?autoCreate=true', { token })
    expect(deployed.body.state).toBe('SETUP_FAILED')
    expect(deployed.body.errors[0].message).toContain('missing-mapping')
  })
})
