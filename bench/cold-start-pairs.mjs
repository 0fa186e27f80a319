// Cold start of two or more builds side by side: starts each build's out/main/headless.js in
// turn, pass after pass, on a new data folder every time, and prints the median time from spawn
// to the first 200 of /health and the CPU the start used, next to `node -e ''` measured in the
// same passes. Each build gets its own code cache folder (V8 refuses a cache made by another
// build or under other flags), warmed by one start before the passes. Bounded: --passes (≤ 31).
//   node bench/cold-start-pairs.mjs [--passes 15] <out-dir> [<out-dir> ...]
// Copy a build aside first (cp -r out /tmp/out-before), rebuild, then compare the two folders.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { bareNodeMs, cpuMs, flag, median, run, sleep, startUntilHealthy, stop, tempDir } from './lib/common.mjs'

const PASSES = Math.min(flag('passes', 15), 31)

/** One start of `script`: ms from spawn to the first 200 of /health, and the CPU it took. */
async function startOnce(script, cacheDir) {
  const { child, ms } = await startUntilHealthy(script, tempDir(), { WORKBENCH_CODE_CACHE: cacheDir })
  const cpu = cpuMs(child.pid)
  // the start writes its code cache once it has answered: let it, as a user's start would
  await sleep(200)
  await stop(child)
  return { ms, cpu }
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
    bare.push(await bareNodeMs())
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
