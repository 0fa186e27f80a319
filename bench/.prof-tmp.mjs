// quick profiler: start headless with --cpu-prof, load a path with fresh tokens, summarize
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { SignJWT } from 'jose'
const [, , mode] = process.argv
const root = '/work/wt-perf'
const profDir = mkdtempSync(join(tmpdir(), 'perfprof-'))
const dataDir = mkdtempSync(join(tmpdir(), 'perfdata-'))
const secret = 'bench-secret-0123456789abcdef0123456789', ws = 'bench-workspace'
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, join(root, 'out/main/headless.js'), '--port', '0', '--data-dir', dataDir, '--workspace-key', ws, '--workspace-secret', secret], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WORKBENCH_LOG_LEVEL: 'error' } })
const port = await new Promise((r) => { let o = ''; child.stdout.on('data', (d) => { o += d; const m = o.match(/API\s+http:\/\/127\.0\.0\.1:(\d+)/); if (m) r(Number(m[1])) }) })
const key = new TextEncoder().encode(secret)
const exp = Math.floor(Date.now() / 1000) + 3600
const toks = []
for (let i = 0; i < 15000; i++) toks.push('Bearer ' + await new SignJWT(mode === 'post' ? { isAdmin: true, iss: ws, exp, jti: String(i) } : { id: 'c', name: 'C', iss: ws, exp, jti: String(i) }).setProtectedHeader({ alg: 'HS256' }).sign(key))
let n = 0
const r = await autocannon({ url: `http://127.0.0.1:${port}${mode === 'post' ? '/customers' : '/self'}`, connections: 10, duration: 4, method: mode === 'post' ? 'POST' : 'GET', body: mode === 'post' ? JSON.stringify({ name: 'Bench Co', fields: { plan: 'pro' } }) : undefined, headers: { 'content-type': 'application/json' }, requests: [{ setupRequest: (q) => { q.headers = { ...q.headers, authorization: toks[n++ % toks.length] }; return q } }] })
console.log('rps', r.requests.average, 'non2xx', r.non2xx)
child.kill('SIGINT'); await new Promise((r) => child.on('exit', r))
const f = readdirSync(profDir)[0]
const p = JSON.parse(readFileSync(join(profDir, f)))
const self = new Map(); const byId = new Map(p.nodes.map((x) => [x.id, x]))
const dt = new Map(); p.samples.forEach((s, i) => dt.set(s, (dt.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)))
let total = 0
for (const [id, t] of dt) { const nd = byId.get(id); const cf = nd.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t); total += t }
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)
for (const [k, t] of top) console.log((t / total * 100).toFixed(1).padStart(5) + '%', k)
rmSync(dataDir, { recursive: true, force: true })
console.log('profile', join(profDir, f))
