// Builds out/ with electron-vite when any source file is newer than the last build.
// Used by `npm start`, `npm run serve`, the CLI wrappers and the test global setup,
// so a fresh checkout never runs a stale bundle and an unchanged tree starts instantly.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'build', 'electron.vite.config.ts', 'package.json']
const STAMP = join(root, 'out', 'main', 'headless.js')

function newest(path) {
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  let max = s.mtimeMs
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)))
  return max
}

/** Builds when stale; returns true when a build ran. Throws if the build fails. */
export function ensureBuilt({ quiet = false } = {}) {
  const builtAt =
    existsSync(STAMP) && existsSync(join(root, 'out', 'renderer', 'index.html')) ? statSync(STAMP).mtimeMs : 0
  const sourcesAt = Math.max(
    ...SOURCES.map((p) => join(root, p))
      .filter(existsSync)
      .map(newest)
  )
  if (builtAt >= sourcesAt) return false
  if (!quiet) console.error('Building (electron-vite build)…')
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const result = spawnSync(process.execPath, [bin, 'build'], {
    cwd: root,
    stdio: quiet ? 'pipe' : ['ignore', 'ignore', 'inherit'],
    encoding: 'utf8'
  })
  if (result.status !== 0) {
    throw new Error(`electron-vite build failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`)
  }
  return true
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureBuilt()
}
