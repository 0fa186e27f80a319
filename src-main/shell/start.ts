import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { createEngine, type Engine } from '../engine'
import { createConsoleLogger } from '../host/console-logger'
import { systemClock } from '../host/system-clock'
import { createHttpServer, DEFAULT_PORT, type HttpServer } from '../http/server'
import { resolveSqliteBinding } from './native-binding'
import { createSafeStorageSecretPort } from './safe-storage.secret-port'

/** Electron composition root: engine with desktop ports, the local API, one window. */
export function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  let engine: Engine | undefined
  let server: HttpServer | undefined
  let window: BrowserWindow | undefined

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })

  app.whenReady().then(async () => {
    engine = await createEngine(
      { dataFolder: { root: app.getPath('userData') }, secrets: createSafeStorageSecretPort(), clock: systemClock, logger: createConsoleLogger() },
      {
        nativeBinding: resolveSqliteBinding({
          electronVersion: process.versions.electron,
          isPackaged: app.isPackaged,
          resourcesPath: process.resourcesPath,
          appPath: app.getAppPath()
        })
      }
    )
    server = createHttpServer(engine, { port: Number(process.env.WORKBENCH_PORT ?? DEFAULT_PORT) })
    engine.setApiUrl(await server.listen())
    window = new BrowserWindow({
      width: 1280,
      height: 820,
      title: 'Integration Workbench',
      webPreferences: { preload: join(__dirname, '../preload/index.js'), sandbox: true, contextIsolation: true, nodeIntegration: false }
    })
    if (process.env.ELECTRON_RENDERER_URL) await window.loadURL(process.env.ELECTRON_RENDERER_URL)
    else await window.loadFile(join(__dirname, '../renderer/index.html'))
  })

  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (!engine) return
    event.preventDefault()
    const closing = engine
    engine = undefined
    void (async () => {
      await server?.close()
      await closing.close()
      app.quit()
    })()
  })
}
