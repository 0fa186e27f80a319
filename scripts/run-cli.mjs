// `npm run token -- ...` and friends: build if stale, then run out/main/cli.js <command> ...
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuilt } from './ensure-built.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
ensureBuilt()
const result = spawnSync(process.execPath, [join(root, 'out', 'main', 'cli.js'), ...process.argv.slice(2)], {
  stdio: 'inherit'
})
process.exit(result.status ?? 1)
