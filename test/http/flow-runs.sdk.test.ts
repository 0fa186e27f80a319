import { MembraneClient } from '@membranehq/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalRun } from '../support/flow-helpers'
import { eventually, startHttpTarget, type HttpTarget } from '../support/http-target'
import { bothSdks } from '../support/sdk-clients'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

let server: TestServer
let target: HttpTarget

beforeAll(async () => {
  server = await startTestServer()
  target = await startHttpTarget()
  const admin = await server.adminToken()
  await server.call('POST', '/flows', {
    token: admin,
    body: {
      key: 'greet',
      name: 'Greet',
      nodes: {
        trigger: {
          type: 'api-trigger',
          config: { inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
          links: [{ key: 'greeting' }]
        },
        greeting: {
          type: 'transform-data',
          config: {
            output: {
              text: { $jsonata: '"Hello, " & input.trigger.name & "!"' },
              customer: { $var: 'user.internalId' }
            }
          }
        }
      }
    }
  })
})
afterAll(async () => {
  await server.stop()
  await target.close()
  removeTempDirs()
})

const adHocNodes = {
  trigger: { type: 'api-trigger', links: [{ key: 'shape' }] },
  shape: {
    type: 'transform-data',
    config: { output: { email: { $var: 'input.trigger.email' }, total: { $jsonata: 'input.trigger.amount * 2' } } },
    links: [{ key: 'finish' }]
  },
  finish: {
    type: 'transform-data',
    config: { output: { contact: { $var: 'input.shape.email' }, total: { $var: 'input.shape.total' } } }
  }
}

const failingNodes = {
  trigger: { type: 'api-trigger', links: [{ key: 'check' }] },
  check: {
    type: 'run-javascript',
    config: {
      code: 'export default function ({ input }) { if (!input.trigger.email) throw new Error("The contact has no email address"); return input.trigger }'
    }
  }
}

const clients = bothSdks(() => server.url)

describe.each(clients)('flow runs through $name', ({ name: sdkName, make: makeClient }) => {
  it('flowInstances.create of an ad-hoc flow, then flowInstance(id).run({input}) resolves with the completed run and its output', async () => {
    const client: any = makeClient(await server.customerToken(`ad-hoc-${sdkName}`))
    const instance = await client.flowInstances.create({ name: 'My own flow', nodes: adHocNodes })
    expect(instance).toMatchObject({ isAdHoc: true, enabled: true, name: 'My own flow' })
    expect(instance.flowId).toBeUndefined()

    const run = await client.flowInstance(instance.id).run({ input: { email: 'ada@example.com', amount: 21 } })
    expect(run).toMatchObject({
      state: 'completed',
      flowInstanceId: instance.id,
      connectionFlowId: instance.id,
      startNodeKey: 'trigger'
    })
    expect(run.nodes).toEqual({
      trigger: { state: 'completed', runs: 1, erroredRuns: 0, outputs: 1 },
      shape: { state: 'completed', runs: 1, erroredRuns: 0, outputs: 1 },
      finish: { state: 'completed', runs: 1, erroredRuns: 0, outputs: 1 }
    })
    expect(await client.flowRun(run.id).getOutput()).toEqual({ contact: 'ada@example.com', total: 42 })
    expect(await client.flowRun(run.id).get()).toMatchObject({
      id: run.id,
      state: 'completed',
      input: { email: 'ada@example.com', amount: 21 }
    })
  })

  it("run() rejects with the failing node's message", async () => {
    const client: any = makeClient(await server.customerToken(`failing-${sdkName}`))
    const instance = await client.flowInstances.create({ name: 'Strict flow', nodes: failingNodes })
    const error = await client
      .flowInstance(instance.id)
      .run({ input: { name: 'no email' } })
      .catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(
      /^Flow run \w+ failed: Node "check" \(run-javascript\) failed: Error: The contact has no email address$/
    )
  })

  it('flowInstance({flowKey, autoCreate}) deploys a universal flow for the customer and runs it', async () => {
    const client: any = makeClient(await server.customerToken(`template-${sdkName}`))
    const first = await client.flowInstance({ flowKey: 'greet', autoCreate: true }).get()
    const again = await client.flowInstance({ flowKey: 'greet', autoCreate: true }).get()
    expect(again.id).toBe(first.id)
    expect(first).toMatchObject({ flowKey: 'greet', isAdHoc: false, isCustomized: false })
    const run = await client.flowInstance({ flowKey: 'greet', autoCreate: true }).run({ input: { name: 'Grace' } })
    expect(await client.flowRun(run.id).getOutput()).toEqual({ text: 'Hello, Grace!', customer: `template-${sdkName}` })
  })

  it("flowRuns.find lists the customer's runs newest first, filtered by instance and state", async () => {
    const token = await server.customerToken(`finder-${sdkName}`)
    const client: any = makeClient(token)
    const instance = await client.flowInstances.create({ name: 'Listed', nodes: failingNodes })
    const ok = await client.flowInstance(instance.id).startRun({ input: { email: 'a@b.c' } })
    const bad = await client.flowInstance(instance.id).startRun({ input: {} })
    await finalRun(server, token, ok.id)
    await finalRun(server, token, bad.id)
    const all = await client.flowRuns.find({ flowInstanceId: instance.id })
    expect(all.items.map((r: any) => r.id)).toEqual([bad.id, ok.id])
    expect(all.cursor).toBeUndefined()
    const failed = await client.flowRuns.find({ flowInstanceId: instance.id, state: 'failed' })
    expect(failed.items.map((r: any) => [r.id, r.state])).toEqual([[bad.id, 'failed']])
    const paged = await client.flowRuns.find({ flowInstanceId: instance.id, limit: 1 })
    expect(paged.items).toHaveLength(1)
    expect(paged.cursor).toBeTruthy()
  })

  it('flowRun(id).stop() stops a run waiting on a slow request; get() then shows it stopped', async () => {
    target.respond('/slow', { delayMs: 20_000, body: { late: true } })
    const token = await server.customerToken(`stopper-${sdkName}`)
    const client: any = makeClient(token)
    const instance = await client.flowInstances.create({
      name: 'Slow',
      nodes: {
        trigger: { type: 'api-trigger', links: [{ key: 'wait' }] },
        wait: {
          type: 'custom-http-request',
          config: { request: { uri: `${target.url}/slow` } },
          links: [{ key: 'after' }]
        },
        after: { type: 'transform-data', config: { output: 'never' } }
      }
    })
    const before = target.received.length
    const started = await client.flowInstance(instance.id).startRun({ input: {} })
    await target.waitFor(before + 1)
    expect((await client.flowRun(started.id).get()).state).toBe('running')
    await client.flowRun(started.id).stop()
    const stopped = await client.flowRun(started.id).get()
    expect(stopped.state).toBe('stopped')
    expect(stopped.nodes.wait.state).toBe('stopped')
    expect(stopped.nodes.after).toBeUndefined()
    expect(stopped.endTime).toBeTruthy()
  })

  it("node runs: getNodeRuns (with the SDK's query-as-path quirk) and getNodeRun show input, output and timing", async () => {
    const token = await server.customerToken(`nodes-${sdkName}`)
    const client: any = makeClient(token)
    const instance = await client.flowInstances.create({ name: 'Nodes', nodes: adHocNodes })
    const run = await client.flowInstance(instance.id).startRun({ input: { email: 'x@y.z', amount: 1 } })
    await finalRun(server, token, run.id)
    const runs = await client.flowRun(run.id).getNodeRuns('shape', { limit: 10 })
    expect(runs.items).toHaveLength(1)
    const shape = runs.items[0]
    expect(shape).toMatchObject({
      nodeKey: 'shape',
      status: 'completed',
      input: { trigger: { email: 'x@y.z', amount: 1 } },
      outputs: [{ data: JSON.stringify({ email: 'x@y.z', total: 2 }) }],
      errors: []
    })
    expect(shape.upstreamRuns[0].nodeKey).toBe('trigger')
    expect(shape.outputs[0].downstreamRuns).toEqual([{ runId: expect.any(String), nodeKey: 'finish' }])
    expect(typeof shape.durationMs).toBe('number')
    const one = await client.flowRun(run.id).getNodeRun('shape', shape.id)
    expect(one.id).toBe(shape.id)
  })
})

describe('repeat and tenant isolation', () => {
  it('flowRun(id).repeat() starts a new run with the same input', async () => {
    const token = await server.customerToken('repeater')
    const client = new MembraneClient({ token, apiUri: server.url })
    const instance: any = await client.flowInstances.create({ name: 'Repeatable', nodes: adHocNodes } as any)
    const first: any = await client.flowInstance(instance.id).startRun({ input: { email: 'r@e.p', amount: 5 } })
    await finalRun(server, token, first.id)
    const again: any = await client.flowRun(first.id).repeat()
    expect(again.id).not.toBe(first.id)
    const done = await finalRun(server, token, again.id)
    expect(done).toMatchObject({ state: 'completed', input: { email: 'r@e.p', amount: 5 } })
    const viaEndpoint = await server.call('POST', `/flow-runs/${first.id}/repeat`, { token })
    expect(viaEndpoint.status).toBe(201)
    expect(viaEndpoint.body.repeatOf).toBe(first.id)
  })

  it('a customer token sees only its own instances and runs', async () => {
    const aliceToken = await server.customerToken('alice')
    const bobToken = await server.customerToken('bob')
    const alice = new MembraneClient({ token: aliceToken, apiUri: server.url })
    const bob = new MembraneClient({ token: bobToken, apiUri: server.url })
    const instance: any = await alice.flowInstances.create({ name: 'Alice only', nodes: adHocNodes } as any)
    const run: any = await alice.flowInstance(instance.id).startRun({ input: { email: 'a@a.a', amount: 1 } })
    await finalRun(server, aliceToken, run.id)

    for (const [method, path, body] of [
      ['GET', `/flow-instance?id=${instance.id}`],
      ['PATCH', `/flow-instance?id=${instance.id}`, { enabled: false }],
      ['GET', `/flow-runs/${run.id}`],
      ['GET', `/flow-runs/${run.id}/output`],
      ['GET', `/flow-runs/${run.id}/node-runs`],
      ['POST', `/flow-runs/${run.id}/stop`],
      ['POST', '/flow-runs', { flowInstanceId: instance.id }]
    ] as const) {
      const response = await server.call(method, path, { token: bobToken, body })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(response.body.key).toBe('not_found')
    }
    expect((await bob.flowInstances.find({})).items).toEqual([])
    expect((await bob.flowRuns.find({})).items).toEqual([])
    expect((await alice.flowRuns.find({})).items.map((r: any) => r.id)).toContain(run.id)
    const admin = await server.adminToken()
    const all = (await server.call('GET', `/flow-runs?userId=alice`, { token: admin })).body.items
    expect(all.map((r: any) => r.id)).toContain(run.id)
  })

  it('GET /flow-runs/{id} answers for a run the moment POST returned it', async () => {
    const token = await server.customerToken('immediate')
    const instance = (await server.call('POST', '/flow-instances', { token, body: { name: 'Now', nodes: adHocNodes } }))
      .body
    const created = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: instance.id, input: { email: 'n@o.w', amount: 3 } }
    })
    expect(created.status).toBe(201)
    const fetched = await server.call('GET', `/flow-runs/${created.body.id}`, { token })
    expect(fetched.status).toBe(200)
    expect(['queued', 'running', 'completed']).toContain(fetched.body.state)
    await eventually(
      async () => (await server.call('GET', `/flow-runs/${created.body.id}`, { token })).body.state === 'completed'
    )
  })

  it('refuses input that breaks the api-trigger inputSchema, naming the field', async () => {
    const token = await server.customerToken('schema-checker')
    const instance = (await server.call('GET', '/flow-instance?flowKey=greet&autoCreate=true', { token })).body
    const response = await server.call('POST', '/flow-runs', {
      token,
      body: { flowInstanceId: instance.id, input: { name: 42 } }
    })
    expect(response.status).toBe(400)
    expect(response.body.message).toBe(
      'Invalid input for trigger "trigger" of flow instance "Greet": input.name must be string, got number 42.'
    )
    expect(response.body.data.errors).toEqual([
      { path: 'input.name', message: 'input.name must be string, got number 42' }
    ])
  })
})
