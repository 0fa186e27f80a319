import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const FILE = 'server.json'

/** What a running server records in its data folder. */
export interface ServerLockInfo {
  pid: number
  url: string
  startedAt: string
}

/** Records that a server runs on `dataDir`; returns the function that removes the record. */
export function writeServerLock(dataDir: string, info: ServerLockInfo): () => void {
  const path = join(dataDir, FILE)
  writeFileSync(path, JSON.stringify(info))
  return () => rmSync(path, { force: true })
}

/** The server running on `dataDir`, if its process is alive. */
export function runningServer(dataDir: string): ServerLockInfo | undefined {
  let info: ServerLockInfo
  try {
    info = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as ServerLockInfo
  } catch {
    return undefined
  }
  if (info.pid === process.pid) return undefined
  try {
    process.kill(info.pid, 0)
    return info
  } catch {
    return undefined
  }
}
