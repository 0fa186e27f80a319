// `npm start`: the desktop app when Electron can run here, otherwise headless mode with a reason.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runHeadless } from './serve.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Why the desktop app cannot start here, or undefined when it can. */
function whyNotDesktop() {
  if (process.env.WORKBENCH_HEADLESS === '1') return 'WORKBENCH_HEADLESS=1 is set'
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile))
    return 'the Electron binary is not installed (run `npm run electron:setup` on a machine with internet access)'
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display (DISPLAY / WAYLAND_DISPLAY are not set)'
  if (!existsSync(join(root, 'native', 'electron', 'better_sqlite3.node'))) {
    return 'the Electron build of better-sqlite3 is missing (run `npm run native:electron` on a machine with internet access)'
  }
  return undefined
}

const reason = whyNotDesktop()
if (reason) {
  console.error(`Starting headless: ${reason}.\nThe console opens in your browser at the URL below.\n`)
  runHeadless(process.argv.slice(2)).then((code) => process.exit(code))
} else {
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const result = spawnSync(process.execPath, [bin, 'preview'], { cwd: root, stdio: 'inherit' })
  process.exit(result.status ?? 1)
}
