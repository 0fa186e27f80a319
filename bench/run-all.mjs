// `npm run bench`: every benchmark with its yardstick in the same run, one JSON and one Markdown
// table in bench/results/ (latest.json, latest.md). Noisy on a shared machine: the ratios are
// the figures, and `--median` runs the API and flow benchmarks three times and keeps the median.
//   npm run bench -- [--median] [--runs 1000000]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flag, median, root } from './lib/common.mjs'

const passes = process.argv.includes('--median') ? 3 : 1
const runs = Math.min(flag('runs', 1_000_000), 5_000_000)
const out = join(root, 'bench', 'results')
mkdirSync(out, { recursive: true })

const scratch = mkdtempSync(join(tmpdir(), 'wb-bench-all-'))
function bench(script, args, name) {
  const file = join(scratch, `${name}.json`)
  const r = spawnSync(process.execPath, [join(root, 'bench', script), ...args, '--json', file], { stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`${script} failed (${r.status})`)
  return JSON.parse(readFileSync(file, 'utf8'))
}

const apiPasses = []
const flowPasses = []
for (let i = 0; i < passes; i++) {
  apiPasses.push(bench('api.mjs', [], `api-${i}`))
  flowPasses.push(bench('flows.mjs', [], `flows-${i}`))
}
const runsResult = bench('runs.mjs', ['--runs', String(runs)], 'runs')
const schedulerResult = bench('scheduler.mjs', [], 'scheduler')

const pick = (list, key) => {
  const rows = list.map((p) => p.rows.find((r) => r.key === key))
  const ratio = median(rows.map((r) => r.ratio))
  return { ...rows.find((r) => r.ratio === ratio), ratio }
}
const x = (n) => `${n.toFixed(2)}×`
const fmt = (n) => Math.round(n).toLocaleString('en-US')
const table = []
const row = (figure, today, yardstick, goal, met) => table.push({ figure, today, yardstick, goal, met })
for (const key of ['self-fresh', 'create-fresh']) {
  const r = pick(apiPasses, key)
  row(
    r.name,
    `${x(r.ratio)} (${fmt(r.engine.rps)} req/s; CPU/req ${x(r.baseline.cpuUsPerRequest / r.engine.cpuUsPerRequest)})`,
    `${fmt(r.baseline.rps)} req/s, hand-written node:http + jose + better-sqlite3`,
    `≥ ${x(r.goal)}`,
    r.ratio >= r.goal
  )
}
for (const key of ['flow-plain', 'flow-ticket']) {
  const r = pick(flowPasses, key)
  row(
    r.name,
    `${x(r.ratio)} (${fmt(r.engine.rps)} runs/s)`,
    `${fmt(r.baseline.rps)} runs/s, hand-written server, same persisted work`,
    `≥ ${x(r.goal)}`,
    r.ratio >= r.goal
  )
}
const cold = median(apiPasses.map((p) => p.coldStart.ratio))
const coldPass = apiPasses.find((p) => p.coldStart.ratio === cold)
row(
  'cold start, spawn → `/health` 200',
  `${x(cold)} (${fmt(coldPass.coldStart.engineMs)} ms)`,
  `\`node -e ''\` ${fmt(coldPass.coldStart.nodeMs)} ms`,
  '≤ 3×',
  cold <= 3
)
const rss = apiPasses[0].rss
row('RSS idle', `${fmt(rss.idleMb)} MB`, `bare node ${fmt(rss.nodeMb)} MB`, '≤ 80 MB', rss.idleMb <= 80)
row(
  `RSS ${rss.afterLoadSeconds} s after load`,
  `${fmt(rss.afterLoadMb)} MB (${fmt(rss.loadEndMb)} MB at the end of the load)`,
  '',
  '≤ 110 MB',
  rss.afterLoadMb <= 110
)
for (const r of runsResult.rows)
  row(
    `${r.name}, ${fmt(runsResult.runs)} runs`,
    `p99 ${r.p99.toFixed(1)} ms (p50 ${r.p50.toFixed(1)})`,
    '',
    `< ${r.goal} ms`,
    r.p99 < r.goal
  )
if (runsResult.yardstick)
  row(
    `${runsResult.yardstick.name}, same run`,
    `p99 ${runsResult.yardstick.p99.toFixed(1)} ms (p50 ${runsResult.yardstick.p50.toFixed(1)})`,
    'the floor of the rows above on this machine',
    '',
    undefined
  )
row(
  `scheduler idle CPU, ${fmt(schedulerResult.instances)} instances with a schedule trigger`,
  `${(schedulerResult.idle.cpuShare * 100).toFixed(2)}% of a core`,
  `${(schedulerResult.idle.baselineCpuShare * 100).toFixed(2)}% with no instances`,
  '< 5%',
  schedulerResult.idle.cpuShare < 0.05
)
row(
  `scheduler lag, ${fmt(schedulerResult.due)} runs due in the same second`,
  `p99 ${fmt(schedulerResult.lagMs.p99)} ms (p50 ${fmt(schedulerResult.lagMs.p50)})`,
  '',
  '< 1,000 ms',
  schedulerResult.lagMs.p99 < 1000
)
row('database size per run (with 3 node runs)', `${fmt(runsResult.bytesPerRun)} bytes`, '', '', undefined)

const date = new Date().toISOString()
const md = [
  `Benchmarks — \`npm run bench${passes > 1 ? ' -- --median' : ''}\`, ${date.slice(0, 16).replace('T', ' ')} UTC, node ${process.version}, ${passes > 1 ? 'median of 3 passes' : 'one pass'}`,
  '',
  '| figure | today | yardstick in the same run | goal | met |',
  '|---|---:|---:|---:|:---:|',
  ...table.map(
    (r) =>
      `| ${r.figure} | ${r.today} | ${r.yardstick} | ${r.goal} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`
  ),
  ''
].join('\n')
writeFileSync(
  join(out, 'latest.json'),
  JSON.stringify(
    { date, passes, api: apiPasses, flows: flowPasses, runs: runsResult, scheduler: schedulerResult, table },
    null,
    2
  )
)
writeFileSync(join(out, 'latest.md'), md)
console.log('\n' + md)
rmSync(scratch, { recursive: true, force: true })
console.log(`written: bench/results/latest.json, bench/results/latest.md`)
