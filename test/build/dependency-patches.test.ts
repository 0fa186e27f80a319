import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyPatches, PATCHES, patchesFor } from '../../build/dependency-patches'

// Fastify and find-my-way as the build ships them, with build/dependency-patches.ts's edits: the
// tests of the API run the packages as published, so this is where the edited code is checked.
// The file runs in a process of its own (vitest's isolated project): the copies loaded here
// through the hook never meet another test's.
type CompilingModule = Module & { _compile(code: string, filename: string): unknown }
type JsLoader = (this: unknown, module: CompilingModule, filename: string) => void
const extensions = (Module as unknown as { _extensions: Record<string, JsLoader> })._extensions
const nodeLoader = extensions['.js']
const require = createRequire(import.meta.url)
const patchedFiles = new Set<string>()
let Fastify: (options?: object) => FastifyInstance
let fastifyStatic: FastifyPluginAsync<{ root: string; prefix?: string; wildcard?: boolean }>

beforeAll(() => {
  extensions['.js'] = function loadPatched(module, filename) {
    const patches = patchesFor(filename)
    if (!patches.length) return nodeLoader.call(this, module, filename)
    for (const patch of patches) patchedFiles.add(patch.file)
    module._compile(applyPatches(readFileSync(filename, 'utf8'), patches), filename)
  }
  for (const file of Object.keys(require.cache))
    if (/[\\/]node_modules[\\/](fastify|find-my-way|@fastify[\\/]static)[\\/]/.test(file)) delete require.cache[file]
  Fastify = require('fastify') as typeof Fastify
  fastifyStatic = require('@fastify/static') as typeof fastifyStatic
})
afterAll(() => {
  extensions['.js'] = nodeLoader
})

/** A plugin declaring the Fastify versions it supports, as fastify-plugin marks one. */
function pluginFor(fastify: string): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async () => {}
  Object.assign(plugin, { [Symbol.for('plugin-meta')]: { name: `needs-${fastify}`, fastify } })
  return plugin
}

describe("bundled dependencies with the build's edits", () => {
  it('every edit still matches the installed package', () => {
    for (const patch of PATCHES) {
      const code = readFileSync(require.resolve(patch.file), 'utf8')
      expect(applyPatches(code, [patch]), patch.why).not.toBe(code)
    }
  })

  it('routes get their scope hooks (also ones added after them), their own hooks, params and error handler', async () => {
    const app = Fastify()
    const seen: string[] = []
    app.addHook('onRequest', async () => void seen.push('root hook'))
    await app.register(async (scope) => {
      scope.get('/orders/:order/lines/:line', async (request) => ({ params: request.params, seen: seen.splice(0) }))
      scope.get('/fails', async () => {
        throw new Error('boom')
      })
      scope.addHook('onRequest', async () => void seen.push('scope hook, added after its routes'))
      scope.setErrorHandler(async (error: Error, _request, reply) =>
        reply.code(418).send({ handledBy: 'scope', message: error.message })
      )
    })
    app.get('/plain', { preHandler: async () => void seen.push('route hook') }, async () => ({ seen: seen.splice(0) }))
    app.get('/bare', async () => 'bare')
    await app.ready()
    expect(patchedFiles).toEqual(new Set(PATCHES.map((patch) => patch.file)))

    const lines = await app.inject('/orders/7/lines/x')
    expect(lines.json()).toEqual({
      params: { order: '7', line: 'x' },
      seen: ['root hook', 'scope hook, added after its routes']
    })
    expect((await app.inject('/plain')).json()).toEqual({ seen: ['root hook', 'route hook'] })
    expect((await app.inject('/bare')).body).toBe('bare')
    seen.splice(0)
    const failed = await app.inject('/fails')
    expect([failed.statusCode, failed.json()]).toEqual([418, { handledBy: 'scope', message: 'boom' }])
    seen.splice(0)
    expect((await app.inject('/nowhere')).statusCode).toBe(404)
    expect(seen).toEqual(['root hook'])
    await app.close()
  })

  it('routes constrained by host or version are matched on them', async () => {
    const app = Fastify()
    app.get('/where', { constraints: { host: 'a.example' } }, async () => 'host a')
    app.get('/where', async () => 'any host')
    app.get('/versioned', { constraints: { version: '1.2.0' } }, async () => 'v1.2.0')
    app.get('/versioned', { constraints: { version: '2.0.0' } }, async () => 'v2.0.0')
    await app.ready()
    expect((await app.inject({ url: '/where', headers: { host: 'a.example' } })).body).toBe('host a')
    expect((await app.inject({ url: '/where', headers: { host: 'b.example' } })).body).toBe('any host')
    expect((await app.inject({ url: '/versioned', headers: { 'accept-version': '1.x' } })).body).toBe('v1.2.0')
    expect((await app.inject({ url: '/versioned', headers: { 'accept-version': '2.x' } })).body).toBe('v2.0.0')
    expect((await app.inject('/versioned')).statusCode).toBe(404)
    await app.close()
  })

  it('static files are served with and without wildcard routes (the second lists the folder with glob)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'static-'))
    writeFileSync(join(root, 'page.html'), '<p>hello</p>')
    for (const wildcard of [true, false]) {
      const app = Fastify()
      await app.register(fastifyStatic, { root, prefix: '/files/', wildcard })
      const page = await app.inject('/files/page.html')
      expect([page.statusCode, page.body], `wildcard: ${wildcard}`).toEqual([200, '<p>hello</p>'])
      expect((await app.inject('/files/missing.html')).statusCode).toBe(404)
      await app.close()
    }
  })

  it('plugins are checked against the Fastify version, in the N.x form and in any other range', async () => {
    const major = (require('fastify/package.json') as { version: string }).version.split('.')[0]
    const next = String(Number(major) + 1)
    for (const range of [`${major}.x`, `>=${major}.0.0 <${next}.0.0`, `^${major}.0.0`]) {
      const app = Fastify()
      await app.register(pluginFor(range))
      await expect(app.ready(), range).resolves.toBeDefined()
      await app.close()
    }
    for (const range of [`${next}.x`, `${Number(major) - 1}.x`, `^${next}.0.0`]) {
      const app = Fastify()
      await expect(app.register(pluginFor(range)), range).rejects.toMatchObject({
        code: 'FST_ERR_PLUGIN_VERSION_MISMATCH'
      })
    }
  })
})
