import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** Where headless mode keeps its data when no folder is given: the XDG data home. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Integration Workbench')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Integration Workbench')
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'integration-workbench')
}

/** The data folder from a flag, then `WORKBENCH_DATA_DIR`, then the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.WORKBENCH_DATA_DIR ?? defaultDataDir(env))
}
