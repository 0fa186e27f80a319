// Cold start of two or more builds side by side: starts each build's out/main/headless.js in
// turn, pass after pass, on a new data folder every time, and prints the median time from spawn
// to the first 200 of /health and the CPU the start used, next to `node -e ''` measured in the
// same passes. Each build gets its own code cache folder (V8 refuses a cache made by another
// build or under other flags), warmed by one start before the passes. Bounded: --passes (≤ 31).
//   node bench/cold-start-pairs.mjs [--passes 15] <out-dir> [<out-dir> ...]
// Copy a build aside first (cp -r out /tmp/out-before), rebuild, then compare the two folders.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { cpuMs, flag, median, run, sleep, stop, tempDir } from './lib/common.mjs'

const PASSES = Math.min(flag('passes', 15), 31)

/** One start of `script`: ms from spawn to the first 200 of /health, and the CPU it took. */
async function startOnce(script, cacheDir) {
  const t0 = performance.now()
  const child = spawn(process.execPath, [script, '--port', '0', '--data-dir', tempDir()], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, WORKBENCH_CODE_CACHE: cacheDir }
  })
  let out = ''
  const port = await new Promise((resolvePort, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/API\s+http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) resolvePort(m[1])
    })
    child.on('exit', (code) => reject(new Error(`${script} exited ${code} before it listened`)))
  })
  while (
    !(await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false
    ))
  )
    await sleep(1)
  const ms = performance.now() - t0
  const cpu = cpuMs(child.pid)
  // the start writes its code cache once it has answered: let it, as a user's start would
  await sleep(200)
  await stop(child)
  return { ms, cpu }
}

async function bareNode() {
  const t0 = performance.now()
  await new Promise((r) => spawn(process.execPath, ['-e', '']).on('exit', r))
  return performance.now() - t0
}

async function main() {
  const builds = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--passes')
    .map((dir) => ({ dir, script: resolve(dir, 'main', 'headless.js'), cache: tempDir(), ms: [], cpu: [] }))
  if (!builds.length) throw new Error('usage: node bench/cold-start-pairs.mjs [--passes 15] <out-dir> [<out-dir> ...]')
  for (const b of builds) if (!existsSync(b.script)) throw new Error(`${b.script} is not there: build it first`)
  for (const b of builds) await startOnce(b.script, b.cache)
  const bare = []
  for (let i = 0; i < PASSES; i++) {
    bare.push(await bareNode())
    for (const b of builds) {
      const { ms, cpu } = await startOnce(b.script, b.cache)
      b.ms.push(ms)
      b.cpu.push(cpu)
    }
  }
  const yardstick = median(bare)
  console.log(`node -e '' ${yardstick.toFixed(0)} ms (median of ${PASSES})`)
  for (const b of builds)
    console.log(
      `${join(b.dir)}: ${median(b.ms).toFixed(0)} ms = ${(median(b.ms) / yardstick).toFixed(2)}× node -e '', CPU ${median(b.cpu).toFixed(0)} ms`
    )
}

run(main)
