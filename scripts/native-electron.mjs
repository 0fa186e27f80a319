// Build/download better_sqlite3.node for Electron's ABI into native/electron/,
// leaving node_modules/better-sqlite3 (Node ABI, used by vitest) untouched.
// Needs internet (GitHub prebuilds or electronjs.org headers) - dev machines only.
import { spawnSync } from 'node:child_process'
import { cpSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname ?? dirname(new URL(import.meta.url).pathname), '..')
const electronVersion = require('electron/package.json').version
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = require('better-sqlite3/package.json').version
const outDir = join(root, 'native', 'electron')
const outFile = join(outDir, 'better_sqlite3.node')
const stampFile = join(outDir, 'STAMP')
const stamp = `electron@${electronVersion} better-sqlite3@${sqliteVersion} ${process.platform}-${process.arch}`

if (
  existsSync(outFile) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === stamp &&
  !process.argv.includes('--force')
) {
  console.log(`native:electron up to date (${stamp})`)
  process.exit(0)
}

const staging = join(root, 'native', '.staging', 'better-sqlite3')
rmSync(staging, { recursive: true, force: true })
mkdirSync(dirname(staging), { recursive: true })
cpSync(sqliteDir, staging, {
  recursive: true,
  filter: (src) => !/^(build|node_modules)(\/|$)/.test(relative(sqliteDir, src))
})

// ~/.npmrc on this project's machines sets nodedir=/usr (Node's headers): that would
// silently build for Node's ABI again. Drop it for the Electron build.
const env = { ...process.env }
for (const k of Object.keys(env)) if (/^npm_config_nodedir$/i.test(k)) delete env[k]
env.npm_config_nodedir = ''

const run = (cmd, args) => {
  console.log(`$ ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: staging, env, stdio: 'inherit' })
  if (r.error) console.error(r.error.message)
  return r.status === 0
}

const prebuildInstall = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] })
const nodeGyp =
  process.env.npm_config_node_gyp ||
  require.resolve('node-gyp/bin/node-gyp.js', { paths: [dirname(process.execPath) + '/../lib/node_modules/npm'] })

const ok =
  run(process.execPath, [
    prebuildInstall,
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    `--platform=${process.platform}`,
    '--verbose'
  ]) ||
  run(process.execPath, [
    nodeGyp,
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers'
  ])

const built = join(staging, 'build', 'Release', 'better_sqlite3.node')
if (!ok || !existsSync(built)) {
  console.error(
    'native:electron FAILED: no Electron-ABI better_sqlite3.node (needs internet access to GitHub or electronjs.org)'
  )
  process.exit(1)
}
mkdirSync(outDir, { recursive: true })
copyFileSync(built, outFile)
writeFileSync(stampFile, stamp)
console.log(`native:electron wrote ${outFile} (${stamp})`)
