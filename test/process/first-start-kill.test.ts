import { statSync, watch } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HEADLESS_JS, spawnNode } from '../host/process-helpers'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'

afterAll(() => removeTempDirs())

const sizeOf = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0

/** Starts headless on a new folder and SIGKILLs it once its write-ahead log passes `bytes`. */
async function killWhileCreatingTheDatabase(dataDir: string, bytes: number): Promise<void> {
  const start = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', dataDir])
  const watcher = watch(dataDir, () => {
    if (sizeOf(join(dataDir, 'workbench.sqlite-wal')) > bytes) start.child.kill('SIGKILL')
  })
  // a start that never wrote that much is killed once it is up (still a valid kill point)
  start.child.stdout!.on('data', () => start.child.kill('SIGKILL'))
  await start.exited
  watcher.close()
}

describe('a first start killed while it creates the database', () => {
  it('leaves a data folder the next start opens and migrates', async () => {
    // Kills at points across the first start's writes (the log holds ~8 KB once the file is set
    // up, and grows with each commit). Before, every migration statement committed on its own: a
    // kill at 60 KB left the first migration's tables without its record, and every later start
    // failed on "table workspace already exists". Now the migrations are one commit.
    for (const bytes of [16_000, 40_000, 60_000, 100_000, 200_000]) {
      const dataDir = makeTempDir()
      await killWhileCreatingTheDatabase(dataDir, bytes)
      const next = spawnNode(HEADLESS_JS, ['--port', '0', '--data-dir', dataDir])
      const [, url] = await next.waitFor(/API\s+(http:\/\/127\.0\.0\.1:\d+)/)
      expect((await fetch(`${url}/health`)).status).toBe(200)
      next.child.kill('SIGTERM')
      expect((await next.exited).code).toBe(0)
    }
  })
})
