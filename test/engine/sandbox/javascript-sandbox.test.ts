import { afterAll, describe, expect, it } from 'vitest'
import { JavaScriptSandbox, SandboxError } from '../../../src-main/engine/sandbox/javascript.sandbox'
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

  it('stops code that loops forever at its time limit, and keeps the engine thread free meanwhile', async () => {
    let ticks = 0
    const ticker = setInterval(() => ticks++, 10)
    const error = await sandbox
      .run({ code: 'export default function () { for (;;) {} }', arg: {}, timeLimitMs: 400, memoryLimitBytes: 16e6 })
      .catch((e) => e)
    clearInterval(ticker)
    expect(error).toBeInstanceOf(SandboxError)
    expect(error.kind).toBe('timeout')
    expect(error.message).toMatch(/time limit of 400 ms/)
    expect(ticks).toBeGreaterThan(5)
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
    const error = await sandbox
      .run({
        code: 'export default function () { const a = []; for (;;) a.push("x".repeat(1024) + a.length) }',
        arg: {},
        timeLimitMs: 10_000,
        memoryLimitBytes: 8 * 1024 * 1024
      })
      .catch((e) => e)
    expect(error).toBeInstanceOf(SandboxError)
    expect(error.kind).toBe('memory')
    expect(error.message).toMatch(/memory limit of 8 MB/)
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
