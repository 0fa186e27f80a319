import { it, expect } from 'vitest'
import { JavaScriptSandbox } from '../../../src-main/engine/sandbox/javascript.sandbox'

it('runs', async () => {
  const sb = new JavaScriptSandbox()
  console.log(await sb.run({ code: 'export default async function ({input}) { console.log("hi", {a:1}); return {x: input.n * 2, t: typeof process + typeof require + typeof fetch} }', arg: { input: { n: 21 } }, timeLimitMs: 1000, memoryLimitBytes: 32e6 }))
  console.log(await sb.run({ code: 'export default function () { return 5 }', arg: {}, timeLimitMs: 1000, memoryLimitBytes: 32e6 }))
  console.log(await sb.run({ code: 'export default function () { }', arg: {}, timeLimitMs: 1000, memoryLimitBytes: 32e6 }))
  await expect(sb.run({ code: 'export default function () { while(true){} }', arg: {}, timeLimitMs: 300, memoryLimitBytes: 32e6 })).rejects.toThrow(/time limit/)
  await expect(sb.run({ code: 'export default function () { const a=[]; while(true){a.push("xxxxxxxxxxxxxxxxxxxxxxx"+a.length)} }', arg: {}, timeLimitMs: 5000, memoryLimitBytes: 8e6 })).rejects.toThrow(/memory/)
  await expect(sb.run({ code: 'export default async function () { throw new Error("boom") }', arg: {}, timeLimitMs: 300, memoryLimitBytes: 32e6 })).rejects.toThrow(/boom/)
  await expect(sb.run({ code: 'export default async function () { return await import("node:fs") }', arg: {}, timeLimitMs: 300, memoryLimitBytes: 32e6 })).rejects.toThrow()
  await expect(sb.run({ code: 'export default async function () { return new Promise(()=>{}) }', arg: {}, timeLimitMs: 300, memoryLimitBytes: 32e6 })).rejects.toThrow(/never settled/)
  await expect(sb.run({ code: 'export const x = 1', arg: {}, timeLimitMs: 300, memoryLimitBytes: 32e6 })).rejects.toThrow(/must export/)
  console.log(await sb.checkSyntax('export default function ( {'))
  console.log(await sb.checkSyntax('export default function () {}'))
  const ac = new AbortController()
  const p = sb.run({ code: 'export default function () { while(true){} }', arg: {}, timeLimitMs: 10000, memoryLimitBytes: 32e6, signal: ac.signal })
  setTimeout(() => ac.abort(), 100)
  await expect(p).rejects.toThrow(/stopped/)
  await sb.close()
})
