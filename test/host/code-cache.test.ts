import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultCacheRoot, installCodeCache, type CodeCache } from '../../src-main/host/code-cache'
import { spawnNode } from './process-helpers'

/** A small bundle: main.js requires a sibling and does what bundled chunks do with `require`. */
function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bundle-'))
  writeFileSync(
    join(dir, 'main.js'),
    `const helper = require('./helper.js')
exports.answer = () => helper.twice(21)
exports.word = () => helper.word
exports.where = () => [__filename, __dirname, require.resolve('./helper.js'), module.id === __filename]
exports.fails = () => { throw new Error('from main') }`
  )
  // not ASCII: read as UTF-8 (ASCII files are read as one-byte text)
  writeFileSync(join(dir, 'helper.js'), `exports.twice = (n) => n * 2\nexports.word = 'café → ok'`)
  // a chunk that calls import(): Node compiles it (a cached script cannot import on Node 20)
  writeFileSync(
    join(dir, 'dynamic.js'),
    `exports.viaImport = () => import('node:path').then((p) => p.basename(__filename))`
  )
  return dir
}

/** Loads the bundle's main module afresh (Node's module cache would skip the compile). */
function load(dir: string): {
  answer(): number
  word(): string
  where(): [string, string, string, boolean]
  fails(): never
} {
  const require = createRequire(join(dir, 'main.js'))
  for (const name of ['main.js', 'helper.js']) delete require.cache[join(dir, name)]
  return require('./main.js')
}

const installed: CodeCache[] = []
afterEach(() => installed.splice(0).forEach((cache) => cache.uninstall()))
function install(bundleDir: string, cacheRoot: string): CodeCache {
  const cache = installCodeCache({ bundleDir, cacheRoot })
  if (!cache) throw new Error('no cache folder')
  installed.push(cache)
  return cache
}

describe('code cache for the bundle', () => {
  it('compiles from source once, then from the saved cache, with the same behaviour', () => {
    const dir = bundle()
    const root = mkdtempSync(join(tmpdir(), 'cc-root-'))

    const first = install(dir, root)
    const fresh = load(dir)
    expect(fresh.answer()).toBe(42)
    expect(fresh.word()).toBe('café → ok')
    expect(first.stats()).toEqual({ hits: 0, misses: 2, rejected: 0 })
    expect(first.save()).toBe(2)
    expect(first.save()).toBe(0) // nothing new to write
    first.uninstall()
    installed.pop()
    expect((statSync(first.dir).mode & 0o777).toString(8)).toBe('700')
    for (const name of readdirSync(first.dir))
      expect((statSync(join(first.dir, name)).mode & 0o777).toString(8)).toBe('600')

    const second = install(dir, root)
    const cached = load(dir)
    expect(second.stats()).toEqual({ hits: 2, misses: 0, rejected: 0 })
    expect(cached.answer()).toBe(42)
    expect(cached.word()).toBe('café → ok')
    expect(cached.where()).toEqual([join(dir, 'main.js'), dir, join(dir, 'helper.js'), true])
    // stack traces still name the bundle's file
    expect(() => cached.fails()).toThrow(
      expect.objectContaining({ stack: expect.stringContaining(join(dir, 'main.js')) as unknown })
    )
  })

  it('compiles from source when a cache is damaged or stale, and writes a good one', () => {
    const dir = bundle()
    const root = mkdtempSync(join(tmpdir(), 'cc-root-'))
    const first = install(dir, root)
    load(dir)
    first.save()
    first.uninstall()
    installed.pop()

    writeFileSync(join(first.dir, 'main.js.v8cache'), 'not a cache')
    writeFileSync(join(dir, 'helper.js'), `exports.twice = (n) => n * 3`) // a rebuilt chunk
    const second = install(dir, root)
    expect(load(dir).answer()).toBe(63)
    expect(second.stats()).toEqual({ hits: 0, misses: 0, rejected: 2 })
    expect(second.save()).toBe(2)
    second.uninstall()
    installed.pop()

    const third = install(dir, root)
    expect(load(dir).answer()).toBe(63)
    expect(third.stats()).toEqual({ hits: 2, misses: 0, rejected: 0 })
  })

  it('leaves files outside the bundle alone and drops caches of chunks no longer in it', () => {
    const dir = bundle()
    const outside = mkdtempSync(join(tmpdir(), 'cc-outside-'))
    writeFileSync(join(outside, 'other.js'), `exports.value = 7`)
    const root = mkdtempSync(join(tmpdir(), 'cc-root-'))
    const cache = install(dir, root)
    writeFileSync(join(cache.dir, 'removed-chunk.js.v8cache'), 'from an earlier build')

    expect(createRequire(join(outside, 'x.js'))('./other.js').value).toBe(7)
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, rejected: 0 })
    load(dir)
    cache.save()
    expect(readdirSync(cache.dir).sort()).toEqual(['helper.js.v8cache', 'main.js.v8cache'])
    expect(existsSync(join(cache.dir, 'dynamic.js.v8cache'))).toBe(false)
    expect(existsSync(join(outside, 'other.js.v8cache'))).toBe(false)
  })

  it('keeps one folder per bundle, and makes a folder others could write private first', () => {
    const root = mkdtempSync(join(tmpdir(), 'cc-root-'))
    const a = install(bundle(), root)
    const b = install(bundle(), root)
    expect(a.dir).not.toBe(b.dir)

    const dir = bundle()
    const probe = install(dir, root)
    probe.uninstall()
    installed.pop()
    chmodSync(probe.dir, 0o777)
    expect(statSync(probe.dir).mode & 0o022).not.toBe(0)
    const again = install(dir, root)
    expect(again.dir).toBe(probe.dir)
    expect(statSync(again.dir).mode & 0o022).toBe(0)
  })

  it('is on by default in the user cache folder and can be moved or turned off', () => {
    expect(defaultCacheRoot({ XDG_CACHE_HOME: '/x/cache' })).toBe(
      process.platform === 'linux' ? '/x/cache/integration-workbench/code-cache' : defaultCacheRoot({})
    )
    expect(defaultCacheRoot({ WORKBENCH_CODE_CACHE: '/somewhere' })).toBe('/somewhere')
    expect(defaultCacheRoot({ WORKBENCH_CODE_CACHE: 'off' })).toBeUndefined()
  })

  // In one process V8's own compile cache hands back the first compile and hides what a
  // deserialized script lacks, so this runs each start as its own process, as the app does.
  it('serves a second process from the cache, and import() still works there', async () => {
    const dir = bundle()
    const root = mkdtempSync(join(tmpdir(), 'cc-root-'))
    const work = mkdtempSync(join(tmpdir(), 'cc-process-'))
    const source = readFileSync(resolve(__dirname, '../../src-main/host/code-cache.ts'), 'utf8')
    const compiled = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }
    })
    writeFileSync(join(work, 'code-cache.cjs'), compiled.outputText)
    writeFileSync(
      join(work, 'start.cjs'),
      `const { installCodeCache } = require('./code-cache.cjs')
const [bundleDir, cacheRoot] = process.argv.slice(2)
const cache = installCodeCache({ bundleDir, cacheRoot })
const main = require(bundleDir + '/main.js')
require(bundleDir + '/dynamic.js').viaImport().then((imported) => {
  const stats = cache.stats()
  console.log(JSON.stringify({ answer: main.answer(), imported, stats, written: cache.save() }))
}, (error) => { console.log(JSON.stringify({ error: error.message })); process.exitCode = 1 })`
    )
    const start = async () => {
      const run = spawnNode(join(work, 'start.cjs'), [dir, root])
      const [line] = await run.waitFor(/\{.*\}\n/)
      expect((await run.exited).code).toBe(0)
      return JSON.parse(line) as unknown
    }
    expect(await start()).toEqual({
      answer: 42,
      imported: 'dynamic.js',
      stats: { hits: 0, misses: 2, rejected: 0 },
      written: 2
    })
    expect(await start()).toEqual({
      answer: 42,
      imported: 'dynamic.js',
      stats: { hits: 2, misses: 0, rejected: 0 },
      written: 0
    })
  })
})
