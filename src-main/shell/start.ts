import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent
} from 'electron'
import { createConsoleHandlers, createEngine, ENGINE_VERSION, type Engine } from '../engine'
import { createConsoleLogger, logLevelFrom } from '../host/console-logger'
import { registerDemoScenario } from '../host/demo-scenario'
import { startIdleMemoryTrim } from '../host/idle-memory-trim'
import type { LocalApi } from '../host/local-api'
import { describeImport, exportOnExit, seedFromSnapshot, snapshotOptionsFromEnv } from '../host/snapshot-lifecycle'
import { systemClock } from '../host/system-clock'
import { DEFAULT_PORT } from '../http/server'
import { appMenuTemplate } from './app-menu'
import { registerAppScheme, serveApp } from './app-protocol'
import { setupConsoleIpc } from './console-ipc'
import { startDesktopApi } from './local-api'
import { bundledPaths, createMainWindow, focusWindow } from './main-window'
import { resolveSqliteBinding } from './native-binding'
import { createSafeStorageSecretPort } from './safe-storage.secret-port'
import { setupSingleInstance } from './single-instance'
import { setupUserData } from './user-data'
import { isConsoleUrl, setupNavigationGuards, setupSessionSecurity } from './web-security'

/** The port the local API asks for (`WORKBENCH_PORT`, else 7710). */
export function desiredPort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.WORKBENCH_PORT ?? DEFAULT_PORT)
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : DEFAULT_PORT
}

/**
 * The Electron composition root, in the order things happen: one instance, guards on every web
 * contents, then (when Electron is ready) the data folder, the engine with the keychain, the local
 * API, the console IPC, the menu, the window; and an orderly shutdown.
 */
export function start(): void {
  let engine: Engine | undefined
  let api: LocalApi | undefined
  let window: BrowserWindow | undefined
  const logger = createConsoleLogger(logLevelFrom(process.env.WORKBENCH_LOG_LEVEL))
  const paths = bundledPaths(__dirname)
  const snapshotOptions = snapshotOptionsFromEnv()

  if (!setupSingleInstance(app, () => focusWindow(window))) return
  // before ready: the console's own privileged scheme (app://console), instead of file://
  registerAppScheme(protocol)
  setupNavigationGuards(app, {
    renderer: paths.renderer,
    apiUrl: () => api?.url,
    openExternal: (url) => void shell.openExternal(url)
  })

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean =>
    !!window &&
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    event.senderFrame === event.sender.mainFrame &&
    isConsoleUrl(event.senderFrame.url, paths.renderer)

  const fail = (title: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    logger.error(title, { error: message })
    dialog.showErrorBox(title, message)
    app.exit(1)
  }

  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (!engine) return
    event.preventDefault()
    const closing = engine
    engine = undefined
    void (async () => {
      await api?.server.close()
      try {
        if (snapshotOptions.exportOnExit) exportOnExit(closing, snapshotOptions.exportOnExit)
      } catch (error) {
        logger.error('The snapshot on exit could not be written', {
          file: snapshotOptions.exportOnExit?.file,
          error: (error as Error).message
        })
      } finally {
        await closing.close()
        app.quit()
      }
    })()
  })

  app.whenReady().then(
    async () => {
      const dataDir = setupUserData(app)
      try {
        engine = registerDemoScenario(
          await createEngine(
            { dataFolder: { root: dataDir }, secrets: createSafeStorageSecretPort(), clock: systemClock, logger },
            {
              nativeBinding: resolveSqliteBinding({
                electronVersion: process.versions.electron,
                isPackaged: app.isPackaged,
                resourcesPath: process.resourcesPath,
                appPath: app.getAppPath()
              })
            }
          )
        )
        if (snapshotOptions.seed) {
          const report = await seedFromSnapshot(engine, snapshotOptions.seed)
          logger.info(`Seeded from ${snapshotOptions.seed.file} (${describeImport(report)})`)
        }
      } catch (error) {
        return fail('The Workbench could not open its data', error)
      }
      try {
        api = await startDesktopApi(engine, desiredPort(), paths.renderer.file.replace(/[\\/]index\.html$/, ''), dialog)
      } catch (error) {
        return fail('The local API could not start', error)
      }
      if (!api) return app.quit()
      const running = api
      logger.info(`Integration Workbench ${ENGINE_VERSION}: API ${running.url}, data ${dataDir}`)

      setupConsoleIpc(
        ipcMain,
        createConsoleHandlers(engine, {
          mode: 'desktop',
          apiUrl: () => running.url,
          consoleLink: { url: () => running.consoleUrl, rotate: () => running.rotateConsoleSecret() }
        }),
        isTrustedSender,
        logger
      )
      setupSessionSecurity(session.defaultSession, paths.renderer)
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate(
            process.platform,
            {
              openConsoleInBrowser: () => void shell.openExternal(running.consoleUrl),
              copyApiUrl: () => clipboard.writeText(running.url),
              revealDataFolder: () => void shell.openPath(dataDir),
              showAbout: () =>
                void dialog.showMessageBox({
                  type: 'info',
                  title: 'About Integration Workbench',
                  message: `Integration Workbench ${ENGINE_VERSION}`,
                  detail: `Local API: ${running.url}\nData folder: ${dataDir}\nSecrets: ${engine?.info.secretStorage ?? ''}`
                })
            },
            !app.isPackaged
          )
        )
      )
      if (!paths.renderer.devUrl) serveApp(protocol, paths.renderer.file.replace(/[\\/]index\.html$/, ''))
      window = await createMainWindow(paths.preload, paths.renderer)
      startIdleMemoryTrim()
    },
    (error: unknown) => fail('The Workbench could not start', error)
  )
}
