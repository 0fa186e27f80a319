import { afterAll, describe, expect, it } from 'vitest'
import { JavaScriptSandbox, SandboxError } from '../../../src-main/engine/javascript/javascript.sandbox'
import { startHttpTarget } from '../../support/http-target'

const sandbox = new JavaScriptSandbox({ workers: 2 })
afterAll(() => sandbox.close())

const limits = { timeLimitMs: 1000, memoryLimitBytes: 32 * 1024 * 1024 }

describe('JavaScript sandbox (QuickJS on worker threads)', () => {
  it('runs the default export with the argument and returns its JSON result and console logs', async () => {
    const result = await sandbox.run({
      ...limits,
      code: 'export default async function ({ input }) { console.log("total", input.items.length); return { sum: input.items.reduce((a, b) => a + b, 0) } }',
      arg: { input: { items: [1, 2, 3] } }
    })
    expect(result.value).toEqual({ sum: 6 })
    expect(result.logs).toEqual([{ level: 'info', message: 'total 3' }])
  })

  it('stops code that loops forever at its time limit', async () => {
    const error = await sandbox
      .run({ code: 'export default function () { for (;;) {} }', arg: {}, timeLimitMs: 400, memoryLimitBytes: 16e6 })
      .catch((e) => e)
    expect(error).toBeInstanceOf(SandboxError)
    expect(error.kind).toBe('timeout')
    expect(error.message).toMatch(/time limit of 400 ms/)
  })

  it('keeps the engine thread free while code loops: the engine itself can stop it', async () => {
    // No tick counting: if the loop ran on this thread, nothing below could run before the
    // 60 s limit and the call would end as a timeout, not as stopped.
    const controller = new AbortController()
    let settled = false
    const pending = sandbox
      .run({
        code: 'export default function () { for (;;) {} }',
        arg: {},
        timeLimitMs: 60_000,
        memoryLimitBytes: 16e6,
        signal: controller.signal
      })
      .catch((e) => e)
      .finally(() => (settled = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    controller.abort()
    const error = await pending
    expect(error).toBeInstanceOf(SandboxError)
    expect(error.kind).toBe('stopped')
  })

  it('has no process, require, module loader, network or timers', async () => {
    const probe = await sandbox.run({
      ...limits,
      code: `export default function () {
        return { process: typeof process, require: typeof require, fetch: typeof fetch, XMLHttpRequest: typeof XMLHttpRequest,
                 setTimeout: typeof setTimeout, globalThisKeys: Object.keys(globalThis).sort() }
      }`,
      arg: {}
    })
    expect(probe.value).toEqual({
      process: 'undefined',
      require: 'undefined',
      fetch: 'undefined',
      XMLHttpRequest: 'undefined',
      setTimeout: 'undefined',
      globalThisKeys: ['console']
    })

    const target = await startHttpTarget()
    try {
      const imported = await sandbox
        .run({
          ...limits,
          code: `export default async function () { const fs = await import('node:fs'); return fs.readFileSync('/etc/hostname', 'utf8') }`,
          arg: {}
        })
        .catch((e) => e)
      expect(imported).toBeInstanceOf(SandboxError)
      expect(imported.kind).toBe('code')
      const staticImport = await sandbox
        .run({ ...limits, code: `import http from 'node:http'\nexport default () => typeof http`, arg: {} })
        .catch((e) => e)
      expect(staticImport).toBeInstanceOf(SandboxError)
      const escaped = await sandbox.run({
        ...limits,
        code: `export default function () { return typeof globalThis.process + typeof globalThis.require }`,
        arg: {}
      })
      expect(escaped.value).toBe('undefinedundefined')
      const constructed = await sandbox.run({
        ...limits,
        code: `export default function () { return Function('return typeof process')() + typeof Function('return this')().require }`,
        arg: {}
      })
      expect(constructed.value).toBe('undefinedundefined')
      expect(target.received).toEqual([])
    } finally {
      await target.close()
    }
  })

  it('stops code that allocates past its memory limit', async () => {
    // many small objects: reaches 8 MB within a few thousand steps, long before any time limit
    const error = await sandbox
      .run({
        code: 'export default function () { const a = []; for (;;) a.push({ n: a.length, s: "x".repeat(256) + a.length }) }',
        arg: {},
        timeLimitMs: 60_000,
        memoryLimitBytes: 8 * 1024 * 1024
      })
      .catch((e) => e)
    expect(error).toBeInstanceOf(SandboxError)
    expect(error.kind).toBe('memory')
    expect(error.message).toMatch(/memory limit of 8 MB/)
  })

  it('counts strings and arrays against the memory limit, and the engine does not grow past it', async () => {
    const limit = { arg: {}, timeLimitMs: 60_000, memoryLimitBytes: 8 * 1024 * 1024 }
    const rssBefore = process.memoryUsage().rss
    const held = await sandbox
      .run({
        ...limit,
        code: 'export default function () { const a = []; for (let i = 0; i < 200; i++) a.push("x".repeat(1024 * 1024) + i); return a.length }'
      })
      .catch((e) => e)
    expect(held).toBeInstanceOf(SandboxError)
    expect(held.kind).toBe('memory')
    expect(held.message).toMatch(/memory limit of 8 MB/)
    const oneString = await sandbox
      .run({ ...limit, code: 'export default () => "x".repeat(200 * 1024 * 1024).length' })
      .catch((e) => e)
    expect(oneString.kind).toBe('memory')
    const endless = await sandbox
      .run({
        ...limit,
        code: 'export default function () { const a = []; for (;;) a.push("x".repeat(64 * 1024) + a.length) }'
      })
      .catch((e) => e)
    expect(endless.kind).toBe('memory')
    const arrays = await sandbox
      .run({
        ...limit,
        code: 'export default function () { const a = []; for (let i = 0; i < 40; i++) a.push(new Array(131072).fill(i)); return a.length }'
      })
      .catch((e) => e)
    expect(arrays.kind).toBe('memory')
    // the same worker still runs code within the limit afterwards
    const fits = await sandbox.run({ ...limit, code: 'export default () => "x".repeat(1024 * 1024).length' })
    expect(fits.value).toBe(1024 * 1024)
    // 200 MB of strings used to reach the engine; now at most the limit (plus QuickJS's own 16 MB) can
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024)
  })

  it('reports thrown errors, promises that never settle, and modules without a default function', async () => {
    await expect(
      sandbox.run({
        ...limits,
        code: 'export default async function () { throw new TypeError("no contact id") }',
        arg: {}
      })
    ).rejects.toThrow('TypeError: no contact id')
    await expect(
      sandbox.run({ ...limits, code: 'export default function () { return new Promise(() => {}) }', arg: {} })
    ).rejects.toThrow(/never settled/)
    await expect(sandbox.run({ ...limits, code: 'export const answer = 42', arg: {} })).rejects.toThrow(
      /must export a function/
    )
  })

  it('stops a running call when its signal aborts', async () => {
    const controller = new AbortController()
    const pending = sandbox.run({
      code: 'export default function () { for (;;) {} }',
      arg: {},
      timeLimitMs: 20_000,
      memoryLimitBytes: 16e6,
      signal: controller.signal
    })
    setTimeout(() => controller.abort(), 100)
    const error = await pending.catch((e) => e)
    expect(error.kind).toBe('stopped')
  })

  it('finds syntax errors with their position', async () => {
    expect(await sandbox.checkSyntax('export default function ({ input }) {\n  return input.\n}')).toMatch(
      /SyntaxError: .* \(line \d+, column \d+\)/
    )
    expect(await sandbox.checkSyntax('export default function ({ input }) { return input }')).toBeUndefined()
  })

  it('accepts valid code of every length from 1 to 2,000 characters, and refuses invalid code readably', async () => {
    const valid = (n: number) => {
      const base = 'export default () => 1'
      if (n < base.length) return '1'.repeat(n) // an expression statement: a valid module
      const body = base + ' '.repeat(n - base.length)
      // vary the content too, not only trailing spaces
      return n % 3 === 0 && n > base.length + 4 ? `${base}/*${'c'.repeat(n - base.length - 4)}*/` : body
    }
    const lengths = Array.from({ length: 2000 }, (_, i) => i + 1)
    const refused: Array<[number, string]> = []
    await Promise.all(
      lengths.map(async (n) => {
        const code = valid(n)
        expect(code).toHaveLength(n)
        const problem = await sandbox.checkSyntax(code)
        if (problem !== undefined) refused.push([n, problem])
      })
    )
    expect(refused).toEqual([])

    for (const n of [1, 36, 40, 43, 44, 500, 2000]) {
      const broken = ('export default () => {' + ' '.repeat(2000)).slice(0, Math.max(n, 22))
      const problem = await sandbox.checkSyntax(broken)
      expect(problem, `length ${broken.length}`).toMatch(/^SyntaxError: .+ \(line 1, column \d+\)$/)
    }
    expect(await sandbox.checkSyntax('export default () => 1\nreturn )')).toMatch(
      /^SyntaxError: .* \(line 2, column \d+\)$/
    )
  })

  it('checks syntax without running any of the code', async () => {
    // top-level code that would loop forever or throw: a check must neither hang nor report it
    expect(await sandbox.checkSyntax('for (;;) {}\nexport default () => 1')).toBeUndefined()
    expect(await sandbox.checkSyntax('throw new Error("ran")\nexport default () => 1')).toBeUndefined()
    expect(await sandbox.checkSyntax('#!/usr/bin/env node\nexport default () => 1')).toBeUndefined()
    expect(await sandbox.checkSyntax('await 1\nexport default () => 1')).toBeUndefined()
  })

  it('gives each call a fresh runtime: globals do not leak between runs', async () => {
    await sandbox.run({ ...limits, code: 'export default function () { globalThis.secret = 42 }', arg: {} })
    const second = await sandbox.run({
      ...limits,
      code: 'export default function () { return typeof globalThis.secret }',
      arg: {}
    })
    expect(second.value).toBe('undefined')
  })
})
