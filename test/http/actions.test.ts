import { MembraneClient } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHttpTarget, type HttpTarget } from '../support/http-target'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let target: HttpTarget
let admin: string

beforeAll(async () => {
  server = await startTestServer()
  target = await startHttpTarget()
  admin = await server.adminToken()
})
afterAll(async () => {
  await server.stop()
  await target.close()
  removeTempDirs()
})

describe('actions', () => {
  it('creates a JavaScript action and runs it with the SDK: input checked, output mapped, run stored', async () => {
    const adminClient = new MembraneClient({ token: admin, apiUri: server.url })
    const action: any = await adminClient.actions.create({
      key: 'full-name',
      name: 'Full name',
      type: 'run-javascript',
      inputSchema: {
        type: 'object',
        required: ['first'],
        properties: { first: { type: 'string' }, last: { type: 'string' } }
      },
      config: {
        code: 'export default ({ input, user }) => { console.log("for", user.internalId); return { name: [input.first, input.last].filter(Boolean).join(" ") } }'
      },
      outputMapping: { fullName: { $var: 'output.name' } }
    } as any)
    expect(action).toMatchObject({ key: 'full-name', type: 'run-javascript', isUniversal: true, revision: '1' })

    const token = await server.customerToken('action-user')
    const client = new MembraneClient({ token, apiUri: server.url })
    const result: any = await client.action('full-name').run({ first: 'Ada', last: 'Lovelace' })
    expect(result).toEqual({ output: { fullName: 'Ada Lovelace' }, actionRunId: expect.any(String) })
    const byObject = await server.call('POST', '/action/run?key=full-name', {
      token,
      body: { input: { first: 'Grace' } }
    })
    expect(byObject.body.output).toEqual({ fullName: 'Grace' })

    const stored = await server.call('GET', `/action-runs/${result.actionRunId}`, { token })
    expect(stored.body).toMatchObject({
      actionKey: 'full-name',
      state: 'completed',
      input: { first: 'Ada', last: 'Lovelace' },
      output: { fullName: 'Ada Lovelace' }
    })
    expect(stored.body.logs[0].message).toBe('for action-user')

    const invalid = await client
      .action('full-name')
      .run({ last: 'only' })
      .catch((e: any) => e)
    expect(invalid.data).toMatchObject({
      type: 'bad_request',
      key: 'invalid_data',
      message: 'Invalid input for action "full-name": input.first is required.'
    })

    const other = await server.customerToken('someone-else')
    expect((await server.call('GET', `/action-runs/${result.actionRunId}`, { token: other })).status).toBe(404)
    expect((await server.call('GET', '/action-runs', { token: other })).body.items).toEqual([])
  })

  it('answers a failed run with an action_run error carrying the run id and logs', async () => {
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'always-fails',
        name: 'Always fails',
        type: 'run-javascript',
        config: { code: 'export default () => { console.warn("about to fail"); throw new Error("upstream refused") }' }
      }
    })
    const response = await server.call('POST', '/actions/always-fails/run', { token: admin, body: { input: {} } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      type: 'action_run',
      message: 'Error: upstream refused',
      data: { actionRunId: expect.any(String) }
    })
    expect(response.body.data.logs.map((l: any) => [l.level, l.message])).toEqual([
      ['warn', 'about to fail'],
      ['error', 'Error: upstream refused']
    ])
    const stored = await server.call('GET', `/action-runs?actionId=always-fails&state=failed`, { token: admin })
    expect(stored.body.items.map((r: any) => r.id)).toEqual([response.body.data.actionRunId])
  })

  it('runs http-request and api-request-to-your-app actions', async () => {
    target.respond('/api/tickets', (request) => ({
      status: 201,
      body: { id: 't-1', subject: (request.body as any).subject }
    }))
    await server.call('PATCH', '/workspace', { token: admin, body: { apiBaseUri: `${target.url}/api` } })
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'open-ticket',
        name: 'Open ticket',
        type: 'api-request-to-your-app',
        config: { request: { uri: '/tickets', method: 'POST', body: { subject: { $var: 'input.subject' } } } }
      }
    })
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'raw-call',
        name: 'Raw call',
        type: 'http-request',
        config: {
          request: { uri: { $jsonata: `"${target.url}/api/tickets"` }, method: 'POST', body: { subject: 'raw' } }
        }
      }
    })
    const token = await server.customerToken('ticket-opener')
    const opened = await server.call('POST', '/actions/open-ticket/run', {
      token,
      body: { input: { subject: 'Printer on fire' } }
    })
    expect(opened.body.output).toEqual({ id: 't-1', subject: 'Printer on fire' })
    expect(target.received.at(-1)!.headers['x-integration-app-token']).toBeTruthy()
    const raw = await server.call('POST', '/actions/raw-call/run', { token, body: { input: {} } })
    expect(raw.body.output).toMatchObject({ status: 201, data: { subject: 'raw' } })
  })

  it('validates type and config on save and keeps templates like flows (selectors, reset to parent, archive)', async () => {
    const unknown = await server.call('POST', '/actions', {
      token: admin,
      body: { name: 'X', type: 'match-data-record', config: {} }
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.data.errors[0]).toEqual({
      path: 'type',
      message: expect.stringMatching(
        /type "match-data-record" is a Membrane action type this engine does not run; use one of .*create-data-record/
      )
    })
    const noCollection = await server.call('POST', '/actions', {
      token: admin,
      body: { name: 'X', type: 'create-data-record', config: {} }
    })
    expect(noCollection.body.data.errors[0]).toEqual({
      path: 'config.dataSource',
      message: 'config.dataSource is required'
    })
    const badConfig = await server.call('POST', '/actions', {
      token: admin,
      body: { name: 'Y', type: 'run-javascript', config: { code: 'export default (' } }
    })
    expect(badConfig.body.data.errors[0]).toEqual({
      path: 'config.code',
      message: expect.stringMatching(/^config.code does not parse: SyntaxError/)
    })

    const parent = (
      await server.call('POST', '/actions', {
        token: admin,
        body: {
          key: 'echo',
          name: 'Echo',
          type: 'run-javascript',
          config: { code: 'export default ({ input }) => input' }
        }
      })
    ).body
    const child = (
      await server.call('POST', '/actions', {
        token: admin,
        body: { name: 'Echo for CRM', integrationKey: 'crm', parentId: parent.id }
      })
    ).body
    expect(child).toMatchObject({
      key: 'echo',
      integrationKey: 'crm',
      parentId: parent.id,
      isCustomized: true,
      type: 'run-javascript'
    })
    const reset = await server.call('POST', '/action/reset?key=echo&integrationKey=crm', { token: admin })
    expect(reset.body).toMatchObject({ name: 'Echo', isCustomized: false })
    expect((await server.call('DELETE', `/actions/${parent.id}`, { token: admin })).body.archivedAt).toBeTruthy()
    expect(
      (await server.call('GET', '/actions?search=echo', { token: admin })).body.items.map((a: any) => a.id)
    ).toEqual([child.id])
  })
})
