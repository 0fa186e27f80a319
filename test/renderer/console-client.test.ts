import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsoleCallError, createConsoleClient } from '../../src-renderer/src/api/console-client'
import {
  createCredentialStore,
  credentialFromInput,
  takeSecretFromLocation
} from '../../src-renderer/src/api/console-credentials'
import { createHttpTransport } from '../../src-renderer/src/api/http-transport'
import { hrefOf, parseRoute } from '../../src-renderer/src/app/routes'
import { splitJwt, tokenSnippets } from '../../src-renderer/src/features/tokens/token-snippets'
import { removeTempDirs } from '../support/temp-dir'
import { startTestServer, type TestServer } from '../support/test-server'

/** Session storage as a browser has it, for the credential store. */
function memoryStorage(): Storage {
  const map = new Map<string, string>()
  return {
    get length() {
      return map.size
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v))
  }
}

describe('console client over HTTP (the browser transport against a real server)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server.stop()
    removeTempDirs()
  })

  const clientWith = (credential: ReturnType<typeof credentialFromInput>) => {
    const store = createCredentialStore(memoryStorage())
    store.set(credential)
    const transport = createHttpTransport(store, (input, init) => fetch(`${server.url}${String(input)}`, init))
    return createConsoleClient(transport)
  }

  it('calls typed methods with the launch secret', async () => {
    const secret = new URL(server.host.consoleUrl).hash.slice('#secret='.length)
    const client = clientWith(credentialFromInput(server.host.consoleUrl))
    expect(credentialFromInput(server.host.consoleUrl)).toEqual({ kind: 'secret', value: secret })
    const info = await client.call('session.info')
    expect(info.apiUrl).toBe(server.url)
    const created = await client.call('customers.create', { name: 'Hooli', internalId: 'hooli' })
    expect((await client.call('customers.get', { id: created.id })).name).toBe('Hooli')
  })

  it('works with an admin token instead, and rejects engine errors as ConsoleCallError with the body', async () => {
    const client = clientWith(credentialFromInput(`Bearer ${await server.adminToken()}`))
    const error = await client.call('customers.get', { id: 'nobody' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConsoleCallError)
    expect(error).toMatchObject({ status: 404, body: { type: 'bad_request', key: 'not_found' } })
  })

  it('tells listeners when the engine stops accepting the credential', async () => {
    const client = clientWith({ kind: 'secret', value: 'from-yesterday' })
    const heard: string[] = []
    client.onUnauthenticated((e) => heard.push(e.message))
    await expect(client.call('session.info')).rejects.toMatchObject({ status: 401 })
    expect(heard[0]).toMatch(/not the current one/)
  })

  it('says the Workbench is unreachable when nothing answers', async () => {
    const store = createCredentialStore(memoryStorage())
    const client = createConsoleClient(createHttpTransport(store, () => Promise.reject(new TypeError('fetch failed'))))
    await expect(client.call('session.info')).rejects.toMatchObject({
      status: 0,
      message: expect.stringContaining('is it still running?')
    })
  })
})

describe('console plumbing', () => {
  it('takes the secret out of the URL fragment and leaves a clean route', () => {
    const replaced: string[] = []
    const location = { hash: '#secret=abc%2Ddef', pathname: '/console/', search: '' } as Location
    const history = { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History
    expect(takeSecretFromLocation(location, history)).toBe('abc-def')
    expect(replaced).toEqual(['/console/#/customers'])
    expect(takeSecretFromLocation({ ...location, hash: '#/tokens' } as Location, history)).toBeUndefined()
  })

  it('routes by fragment both ways', () => {
    for (const route of [
      { name: 'customers' },
      { name: 'customer', id: 'a b/c' },
      { name: 'tokens', customerId: 'x' },
      { name: 'activity' }
    ] as const) {
      expect(parseRoute(hrefOf(route))).toEqual(route)
    }
    expect(parseRoute('#/nowhere')).toEqual({ name: 'customers' })
  })

  it('writes snippets that use the token and this server', () => {
    const snippets = tokenSnippets({
      token: 'h.p.s',
      apiUrl: 'http://127.0.0.1:7710',
      workspaceKey: 'ws',
      isAdmin: false
    })
    expect(snippets.env).toBe(
      'MEMBRANE_ACCESS_TOKEN=h.p.s\nMEMBRANE_API_URI=http://127.0.0.1:7710\nMEMBRANE_WORKSPACE_KEY=ws'
    )
    expect(snippets.curl).toBe("curl -s 'http://127.0.0.1:7710/self' \\\n  -H 'Authorization: Bearer h.p.s'")
    expect(snippets.sdk).toContain("apiUri: 'http://127.0.0.1:7710'")
    expect(tokenSnippets({ token: 't', apiUrl: 'u', workspaceKey: 'k', isAdmin: true }).sdk).toContain(
      'membrane.customers.find'
    )
    expect(splitJwt('a.b.c')).toEqual(['a', 'b', 'c'])
  })
})
