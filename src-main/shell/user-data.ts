import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { App } from 'electron'

/**
 * The data folder: Electron's user-data folder, or `WORKBENCH_DATA_DIR` (QA keeps one folder per
 * reproduced setup). Setting it as `userData` keeps Chromium's own files there too.
 */
export function setupUserData(app: App, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.WORKBENCH_DATA_DIR ? resolve(env.WORKBENCH_DATA_DIR) : app.getPath('userData')
  mkdirSync(dir, { recursive: true })
  if (dir !== app.getPath('userData')) app.setPath('userData', dir)
  return dir
}
