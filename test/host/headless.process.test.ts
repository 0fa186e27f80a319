import { createServer } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'
import { CLI_JS, HEADLESS_JS, START_MJS, spawnNode } from './process-helpers'

afterAll(() => removeTempDirs())

describe('headless mode (the built out/main/headless.js)', () => {
  it('prints the API URL, workspace key and a working test-customer token; SIGTERM stops it cleanly; data survives a restart', async () => {
    const dataDir = makeTempDir()
    const first = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', dataDir])
    const [, url] = await first.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    const [, key] = await first.waitFor(/Workspace key\s+(\S+)/)
    const [, token] = await first.waitFor(/\n\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/)
    const self = await fetch(`${url}/self`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
    expect(self).toMatchObject({ internalId: 'test-customer', isTest: true, workspaceKey: key })
    first.child.kill('SIGTERM')
    expect((await first.exited).code).toBe(0)

    const second = spawnNode(HEADLESS_JS, ['--data-dir', dataDir], { WORKBENCH_PORT: '0' })
    await second.waitFor(/Workspace key\s+(\S+)/)
    expect(second.output()).toContain(`Workspace key  ${key}`)
    const [, url2] = await second.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    const again = await fetch(`${url2}/self`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
    expect(again.id).toBe(self.id)
    second.child.kill('SIGINT')
    expect((await second.exited).code).toBe(0)
  })

  it('keeps a code cache of its bundle: the first start writes it, the next compiles from it', async () => {
    const cacheRoot = makeTempDir()
    const env = { WORKBENCH_CODE_CACHE: cacheRoot, WORKBENCH_LOG_LEVEL: 'debug' }
    const pattern = /code cache (\S+): (\d+) hits, (\d+) misses, (\d+) refused, (\d+) written/
    const first = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', makeTempDir()], env)
    // kept once the first answer is out, so what answering compiled is in the cache too
    const [, firstUrl] = await first.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    expect((await fetch(`${firstUrl}/health`)).status).toBe(200)
    const [, dir, hits, misses, , written] = await first.waitFor(pattern)
    expect([Number(hits), Number(misses) > 0, Number(written)]).toEqual([0, true, Number(misses)])
    expect(dir.startsWith(cacheRoot)).toBe(true)
    first.child.kill('SIGTERM')
    expect((await first.exited).code).toBe(0)

    // no request this time: a start that nobody calls counts as done after a moment
    const second = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', makeTempDir()], env)
    const [, , hitsAgain, missesAgain, refused, writtenAgain] = await second.waitFor(pattern)
    expect([Number(hitsAgain), Number(missesAgain), Number(refused), Number(writtenAgain)]).toEqual([
      Number(misses),
      0,
      0,
      0
    ])
    const [, url] = await second.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    const [, token] = await second.waitFor(/\n\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/)
    const self = await fetch(`${url}/self`, { headers: { authorization: `Bearer ${token}` } })
    expect(self.status).toBe(200)
    second.child.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
  })

  it('takes the workspace key and secret from the environment', async () => {
    const run = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', makeTempDir()], {
      WORKBENCH_WORKSPACE_KEY: 'env-key',
      WORKBENCH_WORKSPACE_SECRET: 'env-secret-of-sufficient-length'
    })
    await run.waitFor(/Workspace key\s+env-key/)
    run.child.kill('SIGTERM')
    expect((await run.exited).code).toBe(0)
  })

  it('says clearly when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    const run = spawnNode(HEADLESS_JS, ['--port', String(port), '--data-dir', makeTempDir()])
    const { code } = await run.exited
    blocker.close()
    expect(code).toBe(1)
    expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    expect(run.output()).toContain('--port <n>')
  })

  it('rejects unknown flags with the list of known ones', async () => {
    const run = spawnNode(HEADLESS_JS, ['--prot', '1'])
    expect((await run.exited).code).toBe(1)
    expect(run.output()).toMatch(/Unknown option --prot\. Known options: --port/)
  })
})

describe('token CLI (the built out/main/cli.js)', () => {
  it('mints customer and admin tokens the server accepts', async () => {
    const dataDir = makeTempDir()
    const mint = async (...args: string[]) => {
      const run = spawnNode(CLI_JS, ['token', '--data-dir', dataDir, ...args])
      const { code } = await run.exited
      return { code, output: run.output() }
    }
    const customer = await mint('--customer', 'cli-cust', '--ttl', '2h', '--fields', '{"plan":"pro"}')
    expect(customer.code).toBe(0)
    const token = customer.output.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)![0]
    const admin = await mint('--admin', '--format', 'json')
    expect(admin.code).toBe(0)
    const adminToken = JSON.parse(admin.output.slice(0, admin.output.lastIndexOf('}') + 1)).token

    const server = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', dataDir])
    const [, url] = await server.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    const self = await fetch(`${url}/self`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
    expect(self).toMatchObject({ internalId: 'cli-cust', fields: { plan: 'pro' } })
    const list = await fetch(`${url}/customers`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(list.status).toBe(200)
    server.child.kill('SIGTERM')
    await server.exited

    const bad = await mint('--customer', 'x', '--ttl', 'soon')
    expect(bad.code).toBe(1)
    expect(bad.output).toMatch(/ttl "soon" is not a lifetime/)
    const nobody = await mint()
    expect(nobody.code).toBe(2)
    expect(nobody.output).toMatch(/--customer <id> or --admin/)
  })
})

describe('npm start', () => {
  it('falls back to headless mode, saying why, when Electron cannot run here', async () => {
    const env: Record<string, string> = { DISPLAY: '', WAYLAND_DISPLAY: '' }
    const run = spawnNode(START_MJS, ['--port', '0', '--data-dir', makeTempDir()], env)
    await run.waitFor(/Starting headless: .+\./)
    const [, url] = await run.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
    expect((await fetch(`${url}/health`)).status).toBe(200)
    run.child.kill('SIGTERM')
    expect((await run.exited).code).toBe(0)
  })
})
