import { jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adHocFlow, nodeRuns, runToEnd } from '../support/flow-helpers'
import { startHttpTarget, type HttpTarget } from '../support/http-target'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

const WORKSPACE_SECRET = 'node-tests-secret-0123456789abcdef'
let server: TestServer
let target: HttpTarget
let token: string

beforeAll(async () => {
  server = await startTestServer({ workspaceKey: 'node-tests', workspaceSecret: WORKSPACE_SECRET })
  target = await startHttpTarget()
  token = await server.customerToken('node-tester', { name: 'Node Tester', fields: { plan: 'pro' } })
})
afterAll(async () => {
  await server.stop()
  await target.close()
  removeTempDirs()
})

describe('flow nodes', () => {
  it('branches with link filters (if / else) and ends where the taken branch ends', async () => {
    const id = await adHocFlow(server, token, {
      trigger: {
        type: 'api-trigger',
        links: [
          { key: 'big', filter: 'input.trigger.amount > 100', name: 'big order' },
          { key: 'small', filter: { $jsonata: 'input.trigger.amount <= 100' }, name: 'small order' }
        ]
      },
      big: { type: 'transform-data', config: { output: { route: 'sales', amount: { $var: 'input.trigger.amount' } } } },
      small: { type: 'transform-data', config: { output: { route: 'self-service' } } }
    })
    expect((await runToEnd(server, token, id, { amount: 500 })).output).toEqual({ route: 'sales', amount: 500 })
    const small = await runToEnd(server, token, id, { amount: 5 })
    expect(small.output).toEqual({ route: 'self-service' })
    expect(small.run.nodes.big).toBeUndefined()
  })

  it('runs parallel links concurrently and gives the outputs of all ends by node key', async () => {
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'left' }, { key: 'right' }] },
      left: { type: 'transform-data', config: { output: 'L' } },
      right: { type: 'transform-data', config: { output: 'R' } }
    })
    expect((await runToEnd(server, token, id, {})).output).toEqual({ left: 'L', right: 'R' })
  })

  it('filter passes the previous output on when true and ends the branch when false', async () => {
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'onlyPaid' }] },
      onlyPaid: { type: 'filter', config: { filter: 'input.trigger.status = "paid"' }, links: [{ key: 'notify' }] },
      notify: { type: 'transform-data', config: { output: { notified: { $var: 'input.onlyPaid.id' } } } }
    })
    expect((await runToEnd(server, token, id, { id: 'inv-1', status: 'paid' })).output).toEqual({ notified: 'inv-1' })
    const dropped = await runToEnd(server, token, id, { id: 'inv-2', status: 'draft' })
    expect(dropped.run.state).toBe('completed')
    expect(dropped.output).toBeNull()
    const [, filterRun] = await nodeRuns(server, token, dropped.run.id)
    expect(filterRun).toMatchObject({ nodeKey: 'onlyPaid', status: 'completed', outputs: [] })
    expect(filterRun.logs[0].message).toMatch(/condition was false/)
  })

  it('onError: continue lets the flow go on with the error visible to later nodes and link filters', async () => {
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'parse' }] },
      parse: {
        type: 'run-javascript',
        onError: 'continue',
        config: { code: 'export default function ({ input }) { return JSON.parse(input.trigger.raw) }' },
        links: [
          { key: 'recover', filter: '$exists(error)' },
          { key: 'use', filter: '$not($exists(error))' }
        ]
      },
      recover: {
        type: 'transform-data',
        config: { output: { fallback: true, why: { $var: 'error.message' }, from: { $var: 'error.nodeKey' } } }
      },
      use: { type: 'transform-data', config: { output: { parsed: { $var: 'input.parse' } } } }
    })
    const bad = await runToEnd(server, token, id, { raw: '{oops' })
    expect(bad.run.state).toBe('completed')
    expect(bad.output).toMatchObject({ fallback: true, from: 'parse', why: expect.stringMatching(/SyntaxError/) })
    expect(bad.run.nodes.parse).toEqual({ state: 'completed', runs: 1, erroredRuns: 1, outputs: 0 })
    expect((await runToEnd(server, token, id, { raw: '{"a":1}' })).output).toEqual({ parsed: { a: 1 } })
  })

  it('a failing node (onError: stop) fails the run with its message and skips what follows', async () => {
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'boom' }] },
      boom: {
        type: 'transform-data',
        config: { output: { $jsonata: '$error("quota exceeded")' } },
        links: [{ key: 'never' }]
      },
      never: { type: 'transform-data', config: { output: 1 } }
    })
    const { run } = await runToEnd(server, token, id, {})
    expect(run.state).toBe('failed')
    expect(run.errors![0]).toMatchObject({
      message: expect.stringMatching(
        /^Node "boom" \(transform-data\) failed: The formula at nodes.boom.config.output.\$jsonata failed: quota exceeded/
      ),
      data: { nodeKey: 'boom' }
    })
    expect(run.nodes.never).toBeUndefined()
    const records = await nodeRuns(server, token, run.id)
    expect(records.map((r) => [r.nodeKey, r.status])).toEqual([
      ['trigger', 'completed'],
      ['boom', 'failed']
    ])
    expect(records[1].errors[0].message).toMatch(/quota exceeded/)
  })

  it('for-each runs the loop body per item with the node concurrency and outputs the results; node runs record the iteration', async () => {
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'each' }] },
      each: {
        type: 'for-each-v2',
        concurrency: 3,
        config: { items: 'input.trigger.contacts', rootNodeKey: 'keepActive' },
        links: [{ key: 'summary' }]
      },
      keepActive: { type: 'filter', config: { filter: 'input.each.item.active' }, links: [{ key: 'label' }] },
      label: {
        type: 'transform-data',
        config: { output: { $jsonata: '$uppercase(input.each.item.name) & " #" & $string(input.each.index)' } }
      },
      summary: {
        type: 'transform-data',
        config: { output: { count: { $jsonata: '$count(input.each)' }, labels: { $var: 'input.each' } } }
      }
    })
    const contacts = [
      { name: 'ada', active: true },
      { name: 'bob', active: false },
      { name: 'cy', active: true },
      { name: 'di', active: true }
    ]
    const { run, output } = await runToEnd(server, token, id, { contacts })
    expect(run.state).toBe('completed')
    expect(output).toEqual({ count: 3, labels: ['ADA #0', 'CY #2', 'DI #3'] })
    expect(run.nodes.keepActive.runs).toBe(4)
    expect(run.nodes.label.runs).toBe(3)
    const labels = (await nodeRuns(server, token, run.id)).filter((r) => r.nodeKey === 'label')
    expect(labels.map((r) => r.iteration[0].index).sort()).toEqual([0, 2, 3])
    expect(labels[0].iteration[0].nodeKey).toBe('each')
  })

  it('for-each fails on the first failing item, naming it', async () => {
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'each' }] },
      each: { type: 'for-each-v2', config: { items: 'input.trigger.values', rootNodeKey: 'check' } },
      check: {
        type: 'run-javascript',
        config: {
          code: 'export default ({ input }) => { if (input.each.item < 0) throw new RangeError("negative value " + input.each.item); return input.each.item }'
        }
      }
    })
    const { run } = await runToEnd(server, token, id, { values: [1, -2, 3] })
    expect(run.state).toBe('failed')
    expect(run.errors![0].message).toMatch(
      /Node "each" \(for-each-v2\) failed: Item 1: Node "check" \(run-javascript\) failed: RangeError: negative value -2/
    )
  })

  it('custom-http-request sends the mapped request and outputs {status, headers, data}; error statuses fail the node', async () => {
    target.respond('/contacts', (request) => ({ status: 201, body: { id: 'c-1', received: request.body } }))
    target.respond('/broken', { status: 503, body: { error: 'maintenance' } })
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'post' }] },
      post: {
        type: 'custom-http-request',
        config: {
          request: {
            uri: { $jsonata: `"${target.url}/" & input.trigger.path` },
            method: 'POST',
            headers: { 'x-trace': { $var: 'input.trigger.trace' }, authorization: 'Bearer secret-value' },
            query: { source: 'workbench' },
            body: { email: { $var: 'input.trigger.email' } }
          }
        }
      }
    })
    const { run, output } = await runToEnd(server, token, id, {
      path: 'contacts',
      trace: 't-9',
      email: 'ada@example.com'
    })
    expect(run.state).toBe('completed')
    expect(output).toMatchObject({
      status: 201,
      data: { id: 'c-1', received: { email: 'ada@example.com' } },
      headers: { 'content-type': 'application/json' }
    })
    const request = target.received.find((r) => r.path === '/contacts')!
    expect(request).toMatchObject({
      method: 'POST',
      query: { source: 'workbench' },
      headers: { 'x-trace': 't-9', 'content-type': 'application/json' }
    })
    const [, post] = await nodeRuns(server, token, run.id)
    expect(post.logs[0].message).toBe(`→ POST ${target.url}/contacts`)
    expect(post.logs[0].data.headers.authorization).toBe('[redacted]')

    const failed = await runToEnd(server, token, id, { path: 'broken', trace: 't', email: 'x' })
    expect(failed.run.errors![0].message).toMatch(
      /POST .*\/broken answered 503 Service Unavailable: \{"error":"maintenance"\}/
    )
  })

  it('api-request-to-your-app joins the workspace apiBaseUri and signs the request for the customer', async () => {
    const admin = await server.adminToken()
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'lookup' }] },
      lookup: {
        type: 'api-request-to-your-app',
        config: { request: { uri: { $jsonata: '"/users/" & input.trigger.userId' }, method: 'GET' } }
      }
    })
    const unset = await runToEnd(server, token, id, { userId: 'u1' })
    expect(unset.run.errors![0].message).toMatch(/the workspace has no apiBaseUri: set it \(PATCH \/workspace/)

    target.respond('/app-api/users/u1', { body: { id: 'u1', plan: 'gold' } })
    const patched = await server.call('PATCH', '/workspace', {
      token: admin,
      body: { apiBaseUri: `${target.url}/app-api/` }
    })
    expect(patched.body.apiBaseUri).toBe(`${target.url}/app-api/`)
    const { run, output } = await runToEnd(server, token, id, { userId: 'u1' })
    expect(run.state).toBe('completed')
    expect(output).toEqual({ id: 'u1', plan: 'gold' })
    const request = target.received.find((r) => r.path === '/app-api/users/u1')!
    const signed = request.headers['x-integration-app-token'] as string
    const { payload, protectedHeader } = await jwtVerify(signed, new TextEncoder().encode(WORKSPACE_SECRET), {
      algorithms: ['HS256'],
      issuer: 'node-tests'
    })
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload).toMatchObject({ id: 'node-tester', name: 'Node Tester', iss: 'node-tests' })

    const invalid = await server.call('PATCH', '/workspace', { token: admin, body: { apiBaseUri: 'ftp://nope' } })
    expect(invalid.status).toBe(400)
    expect(invalid.body.data.errors[0].path).toBe('apiBaseUri')
  })

  it('run-javascript gets {input, flowInstance, parameters, user}; code that loops forever fails the run at its time limit', async () => {
    const id = await adHocFlow(
      server,
      token,
      {
        trigger: { type: 'api-trigger', links: [{ key: 'code' }] },
        code: {
          type: 'run-javascript',
          config: {
            code: `export default async function ({ input, flowInstance, parameters, user }) {
              console.log('processing', input.trigger.n)
              return { square: input.trigger.n ** 2, flow: flowInstance.name, region: parameters.region, plan: user.fields.plan, host: typeof process }
            }`
          }
        }
      },
      { name: 'Coded', parameters: { region: 'eu' } }
    )
    const { run, output } = await runToEnd(server, token, id, { n: 7 })
    expect(output).toEqual({ square: 49, flow: 'Coded', region: 'eu', plan: 'pro', host: 'undefined' })
    const code = (await nodeRuns(server, token, run.id))[1]
    expect(code.logs).toEqual([expect.objectContaining({ level: 'info', message: 'processing 7' })])

    const endless = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'spin' }] },
      spin: {
        type: 'run-javascript',
        config: { code: 'export default function () { while (true) {} }', timeLimitMs: 300 }
      }
    })
    const spun = await runToEnd(server, token, endless, {})
    expect(spun.run.state).toBe('failed')
    expect(spun.run.errors![0].message).toBe(
      'Node "spin" (run-javascript) failed: The JavaScript ran longer than its time limit of 300 ms and was stopped (raise timeLimitMs, or look for an endless loop).'
    )
  })

  it('run-action runs an action template with the mapped input', async () => {
    const admin = await server.adminToken()
    const created = await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'score-lead',
        name: 'Score lead',
        type: 'run-javascript',
        inputSchema: { type: 'object', required: ['employees'], properties: { employees: { type: 'number' } } },
        config: { code: 'export default ({ input }) => ({ score: input.employees > 100 ? "A" : "B" })' },
        outputMapping: { grade: { $var: 'output.score' }, employees: { $var: 'input.employees' } }
      }
    })
    expect(created.status).toBe(201)
    const id = await adHocFlow(server, token, {
      trigger: { type: 'api-trigger', links: [{ key: 'score' }] },
      score: {
        type: 'run-action',
        config: { action: { key: 'score-lead' }, input: { employees: { $var: 'input.trigger.size' } } }
      }
    })
    expect((await runToEnd(server, token, id, { size: 250 })).output).toEqual({ grade: 'A', employees: 250 })
    const bad = await runToEnd(server, token, id, { size: 'many' })
    expect(bad.run.errors![0].message).toMatch(/Invalid input for action "score-lead": input.employees must be number/)
  })
})
