import { request as httpRequest } from 'node:http'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { CONSOLE_SECRET_HEADER } from '../../src-main/contract/console-api'
import { MAX_JSON_DEPTH } from '../../src-main/engine'
import { setUpTestServer, startTestServer, type TestServer } from '../support/test-server'

/** `levels` nested arrays around a number, as JSON text. */
function nestedArrays(levels: number): string {
  return '['.repeat(levels) + '1' + ']'.repeat(levels)
}

/** An object nested `levels` deep under `key`. */
function nestedObject(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)
}

const TRIGGER = { type: 'api-trigger', links: [{ key: 'code' }] }

let server: TestServer
let admin: string

setUpTestServer((suite) => ({ server, admin } = suite))

describe('run-javascript code of any length is accepted when valid (the REST API, end to end)', () => {
  it('saves a run-javascript node whose valid code is 36 to 43 characters long', async () => {
    for (let length = 20; length <= 60; length++) {
      const code = 'export default () => 1'.padEnd(length, ' ')
      const saved = await server.call('POST', '/flows', {
        token: admin,
        body: {
          name: `Code ${length}`,
          nodes: { trigger: TRIGGER, code: { type: 'run-javascript', config: { code } } }
        }
      })
      expect(saved.status, `code of ${length} characters: ${JSON.stringify(saved.body)}`).toBe(201)
    }
    const broken = await server.call('POST', '/flows', {
      token: admin,
      body: {
        name: 'Broken',
        nodes: {
          trigger: TRIGGER,
          code: { type: 'run-javascript', config: { code: 'export default () => {'.padEnd(40) } }
        }
      }
    })
    expect(broken.status).toBe(400)
    expect(broken.body.message).toMatch(/config\.code does not parse: SyntaxError: .+ \(line 1, column \d+\)/)
  })
})

describe('deeply nested JSON is refused with the limit, at every inbound edge', () => {
  const tooDeep = (body: { message: string }) => {
    expect(body).toMatchObject({ type: 'bad_request', key: 'invalid_data' })
    expect(body.message).toContain(`limit of ${MAX_JSON_DEPTH} levels`)
  }

  it('answers 400, not 500, for 10,000 levels on every REST endpoint that takes a body', async () => {
    const customer = await server.customerToken('deep-co', { name: 'Deep Co' })
    await server.call('POST', '/flows', {
      token: admin,
      body: { key: 'echo', name: 'Echo', nodes: { trigger: { type: 'api-trigger' } } }
    })
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'shape',
        name: 'Shape',
        type: 'run-javascript',
        config: { code: 'export default ({ input }) => input' }
      }
    })
    const created = await server.call('POST', '/customers', { token: admin, body: { internalId: 'c1', name: 'C1' } })
    const targets: Array<[string, string, string]> = [
      ['POST', '/customers', admin],
      ['PATCH', '/self', customer],
      ['PATCH', `/customers/${created.body.id}`, admin],
      ['PUT', `/customers/${created.body.id}`, admin],
      ['PATCH', '/test-customer', admin],
      ['POST', '/actions/shape/run', customer],
      ['POST', '/flows', admin],
      ['POST', '/snapshots/import', admin],
      ['POST', '/sandbox/crm/oauth/token', admin]
    ]
    for (const body of [nestedArrays(10_000), `{"fields":${nestedObject(10_000)}}`, `{"input":${nestedArrays(129)}}`]) {
      for (const [method, path, token] of targets) {
        const answer = await server.call(method, path, { token, body })
        expect(answer.status, `${method} ${path}`).toBe(400)
        tooDeep(answer.body)
      }
    }
  })

  it('still accepts nesting up to the limit', async () => {
    await server.call('POST', '/actions', {
      token: admin,
      body: {
        key: 'echo-input',
        name: 'Echo input',
        type: 'run-javascript',
        config: { code: 'export default ({ input }) => input' }
      }
    })
    const customer = await server.customerToken('deep-ok', { name: 'Deep OK' })
    const ran = await server.call('POST', '/actions/echo-input/run', {
      token: customer,
      body: `{"input":${nestedArrays(MAX_JSON_DEPTH - 1)}}`
    })
    expect(ran.status, JSON.stringify(ran.body).slice(0, 400)).toBe(200)
    // brackets inside strings do not count
    const patched = await server.call('PATCH', '/self', {
      token: customer,
      body: { name: '['.repeat(300) + '{'.repeat(150) }
    })
    expect(patched.status, JSON.stringify(patched.body).slice(0, 400)).toBe(200)
  })

  it('refuses a deep console API call and a deep snapshot file the same way', async () => {
    const secret = new URL(server.host.consoleUrl).hash.replace('#secret=', '')
    const deepCall = await server.call('POST', '/console-api/customers.list', {
      body: nestedArrays(10_000),
      headers: { [CONSOLE_SECRET_HEADER]: secret }
    })
    expect(deepCall.status).toBe(400)
    tooDeep(deepCall.body)

    const file = JSON.stringify(server.engine.snapshots.exportSnapshot({})).replace(
      '"customers":[',
      `"deep":${nestedArrays(10_000)},"customers":[`
    )
    const imported = await server.call('POST', '/snapshots/import', { token: admin, body: { snapshot: file } })
    expect(imported.status).toBe(400)
    tooDeep(imported.body)
    expect(() => server.engine.snapshots.importSnapshot(file)).toThrow(/limit of 128 levels/)
  })
})

describe('snapshot import runs the REST API checks on every element, and changes nothing when one fails', () => {
  it('refuses flow instances and flows with unknown node types, broken graphs or code, keeping the workspace as it was', async () => {
    const a = await startTestServer()
    const b = await startTestServer()
    try {
      const adminA = await a.adminToken()
      const nodes = {
        trigger: { type: 'api-trigger', links: [{ key: 'code' }] },
        code: { type: 'run-javascript', config: { code: 'export default ({ input }) => input' } }
      }
      expect(
        (await a.call('POST', '/flows', { token: adminA, body: { key: 'pass', name: 'Pass', nodes } })).status
      ).toBe(201)
      await a.call('POST', '/actions', {
        token: adminA,
        body: { key: 'js', name: 'JS', type: 'run-javascript', config: { code: 'export default () => 1' } }
      })
      const token = await a.customerToken('acme', { name: 'Acme' })
      expect((await a.call('POST', '/flow-instance?flowKey=pass', { token, body: {} })).status).toBeLessThan(300)
      const file = a.engine.snapshots.exportSnapshot({})
      const text = JSON.stringify(file)
      const flowsBefore = (await b.call('GET', '/flows', { token: await b.adminToken() })).body.items.length
      const customersBefore = b.engine.customers.count(true)

      const damaged: Array<[string, (f: any) => void, RegExp]> = [
        [
          'an unknown node type in an instance',
          (f) => (f.flowInstances[0].nodes = { t: { type: 'rm-rf' } }),
          /flowInstances\[0\]\.nodes.*unknown type "rm-rf"/
        ],
        ['a flow without a trigger', (f) => (f.flows[0].nodes = { code: nodes.code }), /flows\[0\]\.nodes.*no trigger/],
        [
          'a link to a missing node',
          (f) => (f.flows[0].nodes.trigger.links = [{ key: 'nowhere' }]),
          /flows\[0\]\.nodes.*"nowhere", which does not exist/
        ],
        [
          'JavaScript that does not parse',
          (f) => (f.flowInstances[0].nodes.code.config.code = 'export default () => {'),
          /flowInstances\[0\]\.nodes.*does not parse: SyntaxError/
        ],
        [
          'a formula that does not compile',
          (f) => (f.flows[0].nodes.trigger.links[0].filter = 'input.('),
          /flows\[0\]\.nodes.*filter/
        ],
        [
          'an unknown action type',
          (f) => (f.actions[0].type = 'format-disk'),
          /actions\[0\]\.type "format-disk" is not an action type/
        ],
        [
          'action code that does not parse',
          (f) => (f.actions[0].config.code = 'export default (('),
          /actions\[0\]\.config\.code does not parse/
        ],
        [
          'a parameters schema that is no schema',
          (f) => (f.flows[0].parametersSchema = { type: 'banana' }),
          /flows\[0\]\.parametersSchema/
        ]
      ]
      for (const [what, damage, message] of damaged) {
        const broken = JSON.parse(text)
        damage(broken)
        const answer = await b.call('POST', '/snapshots/import', {
          token: await b.adminToken(),
          body: { snapshot: broken, onConflict: 'skip' }
        })
        expect(answer.status, what).toBe(400)
        expect(answer.body.key, what).toBe('invalid_data')
        expect(answer.body.message, what).toMatch(message)
        expect(answer.body.message, what).toMatch(/Nothing was changed/)
        expect((await b.call('GET', '/flows', { token: await b.adminToken() })).body.items.length, what).toBe(
          flowsBefore
        )
        expect(b.engine.customers.count(true), what).toBe(customersBefore)
      }
      expect(b.engine.customers.findByInternalId('acme')).toBeUndefined()

      // the same file, undamaged, imports, and its instance is set up
      const fine = await b.call('POST', '/snapshots/import', {
        token: await b.adminToken(),
        body: { snapshot: text, onConflict: 'skip' }
      })
      expect(fine.status).toBe(200)
      expect(b.engine.customers.findByInternalId('acme')).toBeDefined()
    } finally {
      await a.stop()
      await b.stop()
    }
  })
})

describe('token and body limits say what happened', () => {
  it('names the rotated secret for a token signed with a previous one, with or without iat', async () => {
    const { key, secret: old } = server.engine.workspace.credentials()
    const sign = (withIat: boolean, secret: string) => {
      const jwt = new SignJWT({ isAdmin: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(key)
        .setExpirationTime('1h')
      if (withIat) jwt.setIssuedAt()
      return jwt.sign(new TextEncoder().encode(secret))
    }
    const withIat = await sign(true, old)
    const withoutIat = await sign(false, old)
    expect((await server.call('GET', '/customers', { token: withoutIat })).status).toBe(200)
    const rotated = (await server.call('POST', '/workspace/rotate-secret', { token: admin })).body
    admin = await server.adminToken()
    for (const token of [withIat, withoutIat]) {
      const refused = await server.call('GET', '/customers', { token })
      expect(refused.status).toBe(401)
      expect(refused.body.message).toMatch(
        /signature does not match this workspace's secret: it is signed with a previous secret of this workspace \(the secret was rotated at \d{4}-/
      )
    }
    // a token signed with a secret this workspace never had is not told about rotation
    const foreign = await server.call('GET', '/customers', { token: await sign(false, 'x'.repeat(40)) })
    expect(foreign.status).toBe(401)
    expect(foreign.body.message).not.toMatch(/previous secret/)
    expect(rotated.secret).not.toBe(old)
  })

  it('answers 413 to a Node client that sends Expect: 100-continue with a body over the limit', async () => {
    /** POST /customers as Node's client does with Expect: 100-continue: the body goes only once told to continue. */
    const postContinued = (body: string, size = Buffer.byteLength(body)) =>
      new Promise<{ status: number; text: string; continued: boolean }>((resolve, reject) => {
        let continued = false
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: Number(new URL(server.url).port),
            method: 'POST',
            path: '/customers',
            headers: {
              authorization: `Bearer ${admin}`,
              'content-type': 'application/json',
              'content-length': String(size),
              expect: '100-continue'
            }
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (c) => (text += c))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text, continued }))
          }
        )
        req.on('continue', () => {
          continued = true
          req.end(body)
        })
        req.on('error', reject)
      })

    const size = 6 * 1024 * 1024
    const answer = await postContinued('x'.repeat(size))
    expect(answer.continued).toBe(false)
    expect(answer.status).toBe(413)
    const body = JSON.parse(answer.text)
    expect(body).toMatchObject({ type: 'bad_request', key: 'payload_too_large' })
    expect(body.message).toMatch(/limit of 5 MB/)

    // within the limit, the client is told to continue and the request is served
    const small = await postContinued(JSON.stringify({ internalId: 'continued', name: 'Continued' }))
    expect(small.continued).toBe(true)
    expect(small.status).toBe(201)
  })
})
