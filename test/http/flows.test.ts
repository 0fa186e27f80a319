import { MembraneClient } from '@membranehq/sdk'
import { describe, expect, it } from 'vitest'
import { FLOW_NODE_TYPES } from '../../src-main/contract/flow-node-types'
import { setUpTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

const simpleNodes = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: { type: 'transform-data', config: { output: { email: { $var: 'input.trigger.email' } } } }
}

/** POSTs a flow with these nodes and returns the 400 body's error details. */
async function rejected(
  nodes: unknown
): Promise<{ message: string; errors: Array<{ path: string; message: string }> }> {
  const response = await server.call('POST', '/flows', { token: admin, body: { name: 'Broken', nodes } })
  expect(response.status).toBe(400)
  expect(response.body.type).toBe('bad_request')
  expect(response.body.key).toBe('invalid_data')
  return { message: response.body.message, errors: response.body.data.errors }
}

describe('flow templates', () => {
  it('creates, reads by id, key, integrationKey.key and object selector, patches, archives and restores', async () => {
    const client = new MembraneClient({ token: admin, apiUri: server.url })
    const flow = await client.flows.create({ key: 'sync-contacts', name: 'Sync contacts', nodes: simpleNodes } as any)
    expect(flow).toMatchObject({ key: 'sync-contacts', isUniversal: true, revision: '1', nodes: simpleNodes })
    const scoped = await client.flows.create({
      key: 'sync-contacts',
      name: 'Sync contacts (CRM)',
      integrationKey: 'crm',
      nodes: simpleNodes
    } as any)
    expect(scoped.integrationKey).toBe('crm')

    expect((await client.flow(flow.id).get()).id).toBe(flow.id)
    expect((await client.flow('sync-contacts').get()).id).toBe(flow.id)
    expect((await client.flow('crm.sync-contacts').get()).id).toBe(scoped.id)
    expect((await client.flow({ key: 'sync-contacts', integrationKey: 'crm' } as any).get()).id).toBe(scoped.id)

    const patched = await client.flow(flow.id).patch({ name: 'Sync all contacts' } as any)
    expect(patched).toMatchObject({ name: 'Sync all contacts', revision: '2' })

    await client.flow(flow.id).archive()
    const listed = await client.flows.find({})
    expect(listed.items.map((f: any) => f.id)).not.toContain(flow.id)
    expect(
      (await server.call('GET', `/flows?includeArchived=true`, { token: admin })).body.items.map((f: any) => f.id)
    ).toContain(flow.id)
    const restored = await client.flow(flow.id).restore()
    expect(restored.archivedAt).toBeUndefined()
  })

  it('refuses a second live flow with the same key in the same layer (409) and answers 404 for unknown selectors', async () => {
    await server.call('POST', '/flows', { token: admin, body: { key: 'dup', name: 'Dup', nodes: simpleNodes } })
    const again = await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'dup', name: 'Dup 2', nodes: simpleNodes }
    })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ type: 'bad_request', key: 'already_exists' })
    expect(again.body.message).toMatch(/key "dup" already exists/)
    const missing = await server.call('GET', '/flows/no-such-flow', { token: admin })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ type: 'bad_request', key: 'not_found' })
  })

  it('lets customer tokens read templates but not change them', async () => {
    const customer = await server.customerToken('reader-1')
    const created = await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'readable', name: 'Readable', nodes: simpleNodes }
    })
    expect((await server.call('GET', `/flows/${created.body.id}`, { token: customer })).status).toBe(200)
    const denied = await server.call('PATCH', `/flows/${created.body.id}`, {
      token: customer,
      body: { name: 'Mine now' }
    })
    expect(denied.status).toBe(403)
    expect(denied.body.message).toMatch(/needs an admin token/)
  })

  it('pages with {items, cursor}, accepting cursor=0 and omitting the cursor on the last page', async () => {
    for (let i = 0; i < 5; i++)
      await server.call('POST', '/flows', {
        token: admin,
        body: { key: `paged-${i}`, name: `Paged ${i}`, nodes: simpleNodes }
      })
    const seen: string[] = []
    let cursor: string | undefined = '0'
    let pages = 0
    while (cursor !== undefined) {
      const page: { items: Array<{ key: string }>; cursor?: string } = (
        await server.call('GET', `/flows?search=paged-&limit=2&cursor=${cursor}`, { token: admin })
      ).body
      seen.push(...page.items.map((f) => f.key))
      cursor = page.cursor
      pages++
    }
    expect(seen).toEqual(['paged-0', 'paged-1', 'paged-2', 'paged-3', 'paged-4'])
    expect(pages).toBe(3)
    const client = new MembraneClient({ token: admin, apiUri: server.url })
    expect((await client.flows.findAll({ search: 'paged-' } as any)).length).toBe(5)
  })

  it('derives integration-level flows from a universal flow: apply, follow the parent until customised, reset', async () => {
    const parent = (
      await server.call('POST', '/flows', { token: admin, body: { key: 'notify', name: 'Notify', nodes: simpleNodes } })
    ).body
    const applied = await server.call('POST', `/flows/${parent.id}/apply`, {
      token: admin,
      body: { integrationKeys: ['crm', 'helpdesk'] }
    })
    expect(applied.status).toBe(200)
    expect(applied.body.map((f: any) => [f.integrationKey, f.parentId, f.isCustomized])).toEqual([
      ['crm', parent.id, false],
      ['helpdesk', parent.id, false]
    ])
    const [crm, helpdesk] = applied.body
    const renamed = { ...simpleNodes, shape: { ...simpleNodes.shape, name: 'Shape the contact' } }
    await server.call('PATCH', `/flows/${crm.id}`, {
      token: admin,
      body: { nodes: { ...simpleNodes, shape: { ...simpleNodes.shape, name: 'CRM only' } } }
    })
    await server.call('PATCH', `/flows/${parent.id}`, { token: admin, body: { nodes: renamed } })
    const crmAfter = (await server.call('GET', `/flows/${crm.id}`, { token: admin })).body
    const helpdeskAfter = (await server.call('GET', `/flows/${helpdesk.id}`, { token: admin })).body
    expect(crmAfter.isCustomized).toBe(true)
    expect(crmAfter.nodes.shape.name).toBe('CRM only')
    expect(helpdeskAfter.nodes.shape.name).toBe('Shape the contact')
    const reset = await server.call('POST', `/flow/reset?key=notify&integrationKey=crm`, { token: admin })
    expect(reset.body).toMatchObject({ isCustomized: false, nodes: { shape: { name: 'Shape the contact' } } })
    const universalReset = await server.call('POST', `/flows/${parent.id}/reset`, { token: admin })
    expect(universalReset.status).toBe(400)
    expect(universalReset.body.message).toMatch(/has no parent to reset to/)
  })

  it('allows a flow with no nodes yet as a draft', async () => {
    const draft = await server.call('POST', '/flows', { token: admin, body: { name: 'Draft' } })
    expect(draft.status).toBe(201)
    expect(draft.body).toMatchObject({ key: 'draft', nodes: {} })
  })

  it('publishes the node types with a JSON Schema for each config', async () => {
    const types = (await server.call('GET', '/flow-node-types', { token: admin })).body.items
    expect(types.map((t: any) => t.type)).toEqual(Object.keys(FLOW_NODE_TYPES))
    for (const t of types) expect(t.configSchema.type).toBe('object')
    expect(types.find((t: any) => t.type === 'transform-data').configSchema.required).toEqual(['output'])
  })
})

describe('node graph validation on save (each problem a 400 naming the node and the fix)', () => {
  it('rejects an unknown node type, names Membrane types this engine does not run, and checks connection-bound configs', async () => {
    const unknown = await rejected({ trigger: { type: 'api-trigger', links: [{ key: 'x' }] }, x: { type: 'send-fax' } })
    expect(unknown.errors).toEqual([
      {
        path: 'nodes.x.type',
        message: expect.stringMatching(/^Node "x": unknown type "send-fax"; use one of api-trigger, .*transform-data/)
      }
    ])
    const unsupported = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'x' }] },
      x: { type: 'integration-specific-operation' }
    })
    expect(unsupported.errors[0].message).toMatch(
      /Node "x": type "integration-specific-operation" is a Membrane node type this engine does not run/
    )
    const connectionBound = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'x' }] },
      x: { type: 'create-data-record' }
    })
    expect(connectionBound.errors[0]).toEqual({
      path: 'nodes.x.config.dataSource',
      message: 'Node "x" (create-data-record): config.dataSource is required'
    })
  })

  it('rejects a graph without a trigger', async () => {
    const { errors } = await rejected({ shape: simpleNodes.shape })
    expect(errors).toEqual([
      { path: 'nodes', message: expect.stringMatching(/The flow has no trigger: add a node of type api-trigger/) }
    ])
  })

  it('rejects a link to a missing node and a link into a trigger', async () => {
    const missing = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
      shape: { ...simpleNodes.shape, links: [{ key: 'send' }] }
    })
    expect(missing.errors).toEqual([
      {
        path: 'nodes.shape.links[0].key',
        message: 'Node "shape" links to "send", which does not exist: add a node "send" or remove the link.'
      }
    ])
    const intoTrigger = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
      shape: { ...simpleNodes.shape, links: [{ key: 'trigger' }] }
    })
    expect(intoTrigger.errors[0].message).toMatch(
      /Node "shape" links to the trigger "trigger": triggers start a flow and cannot be linked to/
    )
  })

  it('rejects a cycle and names the nodes in it', async () => {
    const { errors } = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'a' }] },
      a: { type: 'transform-data', config: { output: 1 }, links: [{ key: 'b' }] },
      b: { type: 'transform-data', config: { output: 2 }, links: [{ key: 'a' }] }
    })
    expect(errors).toEqual([
      { path: 'nodes.a', message: expect.stringContaining('Nodes "a" → "b" → "a" form a cycle') }
    ])
  })

  it('rejects configs that do not fit the node type schema, naming the field', async () => {
    const { errors, message } = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }, { key: 'call' }, { key: 'js' }] },
      shape: { type: 'transform-data', config: { outptu: {} } },
      call: { type: 'custom-http-request', config: { request: { uri: 'http://127.0.0.1:1/x', method: 'FETCH' } } },
      js: { type: 'run-javascript', config: { code: 'export default () => 1', timeLimitMs: 0 } }
    })
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'nodes.shape.config.output', message: 'Node "shape" (transform-data): config.output is required' },
        {
          path: 'nodes.shape.config.outptu',
          message: 'Node "shape" (transform-data): config.outptu is not allowed here (the schema does not define it)'
        },
        {
          path: 'nodes.call.config.request.method',
          message: expect.stringMatching(
            /^Node "call" \(custom-http-request\): config.request.method must be one of "GET", "POST"/
          )
        },
        {
          path: 'nodes.js.config.timeLimitMs',
          message: expect.stringMatching(/^Node "js" \(run-javascript\): config.timeLimitMs must be >= 10/)
        }
      ])
    )
    expect(message).toMatch(/^Invalid flow "broken": /)
  })

  it('rejects formulas that do not compile and JavaScript that does not parse', async () => {
    const { errors } = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'shape' }, { key: 'check' }, { key: 'named' }] },
      shape: { type: 'transform-data', config: { output: { total: { $jsonata: 'input.trigger.amount *' } } } },
      named: { type: 'transform-data', config: { output: { name: { $concat: ['a', 'b'] } } } },
      check: { type: 'filter', config: { filter: 'input.trigger.(' }, links: [{ key: 'js' }] },
      js: { type: 'run-javascript', config: { code: 'export default function ({ input }) { return input. }' } }
    })
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          path: 'nodes.shape.config.output.total.$jsonata',
          message: expect.stringMatching(
            /^Node "shape" \(transform-data\): config.output.total.\$jsonata is not a valid JSONata expression/
          )
        },
        {
          path: 'nodes.named.config.output.name',
          message: expect.stringMatching(
            /uses the unknown formula \$concat: use \{"\$var": "<path>"\} or \{"\$jsonata": "<expression>"\}/
          )
        },
        {
          path: 'nodes.check.config.filter',
          message: expect.stringMatching(/^Node "check" \(filter\): config.filter is not a valid JSONata expression/)
        }
      ])
    )
    const js = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'js' }] },
      js: { type: 'run-javascript', config: { code: 'export default function ({ input }) { return input. }' } }
    })
    expect(js.errors).toEqual([
      {
        path: 'nodes.js.config.code',
        message: expect.stringMatching(/^Node "js" \(run-javascript\): config.code does not parse: SyntaxError/)
      }
    ])
  })

  it('checks schedules and for-each loop bodies', async () => {
    const schedule = await rejected({ tick: { type: 'schedule-trigger', config: { cron: '61 * * * *' } } })
    expect(schedule.errors[0]).toMatchObject({
      path: 'nodes.tick.config.cron',
      message: expect.stringMatching(/^Node "tick" \(schedule-trigger\): config.cron is not valid/)
    })
    const both = await rejected({ tick: { type: 'schedule-trigger', config: {} } })
    expect(both.errors[0].message).toMatch(/needs exactly one of intervalMinutes .* or cron/)
    const loop = await rejected({
      trigger: { type: 'api-trigger', links: [{ key: 'each' }] },
      each: { type: 'for-each-v2', config: { items: 'input.trigger.items', rootNodeKey: 'missing' } }
    })
    expect(loop.errors[0].message).toMatch(
      /Node "each" \(for-each-v2\): config.rootNodeKey "missing" is not a node of this flow/
    )
  })

  it('rejects malformed node entries with the exact path', async () => {
    const { errors } = await rejected({
      trigger: { type: 'api-trigger', links: 'shape' },
      'bad key!': { type: 'transform-data' },
      shape: { type: 'transform-data', config: { output: 1 }, onError: 'ignore', concurrency: 0 }
    })
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'nodes.trigger.links',
        'nodes.bad key!',
        'nodes.shape.onError',
        'nodes.shape.concurrency'
      ])
    )
  })
})
