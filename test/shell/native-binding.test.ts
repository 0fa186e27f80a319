import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveSqliteBinding } from '../../src-main/shell/native-binding'
import { makeTempDir, removeTempDirs } from '../support/temp-dir'

const require = createRequire(import.meta.url)

describe('better-sqlite3 binary for the running runtime', () => {
  afterAll(() => removeTempDirs())

  it('uses the Node build from npm install under plain Node (tests, headless)', () => {
    expect(process.versions.electron).toBeUndefined()
    expect(
      resolveSqliteBinding({ electronVersion: undefined, isPackaged: false, resourcesPath: '', appPath: '' })
    ).toBeUndefined()
  })

  it('loads the Electron copy from native/electron in development, through nativeBinding', () => {
    const appPath = makeTempDir('workbench-app-')
    mkdirSync(join(appPath, 'native', 'electron'), { recursive: true })
    // stand-in for the Electron-ABI build: the Node build copied to where Electron's would go
    copyFileSync(
      join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node'),
      join(appPath, 'native', 'electron', 'better_sqlite3.node')
    )
    const file = resolveSqliteBinding({
      electronVersion: '45.5.0',
      isPackaged: false,
      resourcesPath: '/nowhere',
      appPath
    })
    expect(file).toBe(join(appPath, 'native', 'electron', 'better_sqlite3.node'))
    const db = new BetterSqlite3(':memory:', { nativeBinding: file })
    expect(db.prepare('select 41 + 1 as n').get()).toEqual({ n: 42 })
    db.close()
  })

  it('fails loudly, naming the fix, when the Electron build is missing', () => {
    expect(() =>
      resolveSqliteBinding({
        electronVersion: '45.5.0',
        isPackaged: true,
        resourcesPath: '/nowhere',
        appPath: '/nowhere'
      })
    ).toThrow(/npm run native:electron/)
  })
})
