// npm run lint: ESLint (type-aware, the slow part) and the prettier check side by side, so the
// check costs no more wall time than ESLint alone. Fails when either fails, showing both outputs.
import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (pkg, file) => join(root, 'node_modules', pkg, 'bin', file)

function run(name, script, args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('close', (code) => done({ name, code: code ?? 1, output }))
  })
}

const results = await Promise.all([
  run('eslint', bin('eslint', 'eslint.js'), ['.', '--pass-on-unpruned-suppressions']),
  run('prettier', bin('prettier', 'prettier.cjs'), ['--check', '.', '--log-level', 'warn'])
])
for (const r of results) {
  if (r.output.trim()) process.stdout.write(`${r.name}:\n${r.output}\n`)
  console.log(
    `${r.name}: ${r.code === 0 ? 'clean' : `failed (exit ${r.code}); ${r.name === 'prettier' ? 'npm run format fixes it' : 'see above'}`}`
  )
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0)
