import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where the Electron-ABI better_sqlite3.node lives (undefined on plain Node, where the default
 * build from `npm install` is used). Pure: no `electron` import, so it is unit-tested.
 */
export function resolveSqliteBinding(env: {
  electronVersion: string | undefined
  isPackaged: boolean
  resourcesPath: string
  appPath: string
}): string | undefined {
  if (!env.electronVersion) return undefined
  const file = env.isPackaged
    ? join(env.resourcesPath, 'native', 'better_sqlite3.node')
    : join(env.appPath, 'native', 'electron', 'better_sqlite3.node')
  if (!existsSync(file)) {
    throw new Error(`Electron-ABI better-sqlite3 binary missing: ${file} (run: npm run native:electron)`)
  }
  return file
}
