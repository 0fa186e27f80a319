import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/**
 * A stand-in for the `electron` module (the process edge): the Electron binary cannot run here, and
 * a test that imports the real package would start its download. It records what the shell asks of
 * Electron and lets tests drive events (ready, second instance, IPC calls, navigation).
 */

/** A fake web contents: events, a main frame with a URL, and the window-open handler. */
export class FakeWebContents extends EventEmitter {
  mainFrame: { url: string }
  windowOpenHandler?: (details: { url: string }) => {
    action: 'allow' | 'deny'
    overrideBrowserWindowOptions?: Record<string, unknown>
  }
  hostWebContents = undefined
  constructor(public url = '') {
    super()
    this.mainFrame = { url }
  }
  getURL() {
    return this.url
  }
  getType() {
    return 'window'
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']) {
    this.windowOpenHandler = handler
  }
  /** Fires will-navigate and says whether the shell let it happen. */
  navigate(url: string): boolean {
    let prevented = false
    this.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
    return !prevented
  }
}

/** Everything the fake records. */
export interface ElectronFake {
  module: Record<string, unknown>
  app: EventEmitter & Record<string, any>
  windows: FakeBrowserWindow[]
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>
  menuTemplate?: unknown[]
  dialog: { showMessageBox: ReturnType<typeof vi.fn>; showErrorBox: ReturnType<typeof vi.fn> }
  shell: { openExternal: ReturnType<typeof vi.fn>; openPath: ReturnType<typeof vi.fn> }
  clipboard: { writeText: ReturnType<typeof vi.fn> }
  /** Electron's `protocol`: privileged schemes registered, handlers by scheme. */
  protocol: { registerSchemesAsPrivileged: ReturnType<typeof vi.fn>; handle: ReturnType<typeof vi.fn> }
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>
  session: {
    onHeadersReceived?: (details: any, callback: (r: any) => void) => void
    permissionHandler?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void
  }
  safeStorageAvailable: boolean
  singleInstanceLock: boolean
  userData: string
  ready(): void
  /** Forgets everything recorded and every listener, for the next test. */
  reset(): void
}

/** One fake window. */
export interface FakeBrowserWindow {
  options: Record<string, any>
  webContents: FakeWebContents
  loaded?: string
  shown: boolean
  focused: boolean
}

/** A fresh fake; `module` is what `vi.mock('electron', …)` should return. */
export function createElectronFake(): ElectronFake {
  let resolveReady!: () => void
  let readyPromise = new Promise<void>((r) => (resolveReady = r))
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: () => readyPromise,
    requestSingleInstanceLock: () => fake.singleInstanceLock,
    getPath: (name: string) => (name === 'userData' ? fake.userData : `/fake/${name}`),
    setPath: vi.fn((name: string, value: string) => {
      if (name === 'userData') fake.userData = value
    }),
    getAppPath: () => '/fake/app'
  })
  const fake: ElectronFake = {
    module: {},
    app,
    windows: [],
    ipcHandlers: new Map(),
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
    clipboard: { writeText: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) =>
        fake.protocolHandlers.set(scheme, handler)
      )
    },
    protocolHandlers: new Map(),
    session: {},
    safeStorageAvailable: true,
    singleInstanceLock: true,
    userData: '/fake/userData',
    ready: () => resolveReady(),
    reset() {
      readyPromise = new Promise<void>((r) => (resolveReady = r))
      app.removeAllListeners()
      app.quit.mockClear()
      app.exit.mockClear()
      fake.windows.length = 0
      fake.ipcHandlers.clear()
      fake.menuTemplate = undefined
      fake.dialog.showMessageBox.mockReset().mockResolvedValue({ response: 0 })
      fake.dialog.showErrorBox.mockReset()
      fake.shell.openExternal.mockClear()
      fake.shell.openPath.mockClear()
      fake.clipboard.writeText.mockClear()
      fake.protocol.registerSchemesAsPrivileged.mockClear()
      fake.protocol.handle.mockClear()
      fake.protocolHandlers.clear()
      fake.session = {}
      fake.safeStorageAvailable = true
      fake.singleInstanceLock = true
      fake.userData = '/fake/userData'
    }
  }

  class BrowserWindow extends EventEmitter {
    webContents: FakeWebContents
    record: FakeBrowserWindow
    constructor(options: Record<string, any>) {
      super()
      this.webContents = new FakeWebContents()
      this.record = { options, webContents: this.webContents, shown: false, focused: false }
      fake.windows.push(this.record)
      app.emit('web-contents-created', {}, this.webContents)
    }
    async loadFile(file: string) {
      const url = 'file://' + file
      this.webContents.url = url
      this.webContents.mainFrame.url = url
      this.record.loaded = file
      this.emit('ready-to-show')
    }
    async loadURL(url: string) {
      this.webContents.url = url
      this.webContents.mainFrame.url = url
      this.record.loaded = url
      this.emit('ready-to-show')
    }
    isDestroyed() {
      return false
    }
    isMinimized() {
      return false
    }
    restore() {}
    show() {
      this.record.shown = true
    }
    focus() {
      this.record.focused = true
    }
  }

  fake.module = {
    app,
    BrowserWindow,
    protocol: fake.protocol,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
        if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
        fake.ipcHandlers.set(channel, handler)
      },
      removeHandler: (channel: string) => fake.ipcHandlers.delete(channel)
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: { template: unknown[] }) => (fake.menuTemplate = menu.template)
    },
    dialog: fake.dialog,
    shell: fake.shell,
    clipboard: fake.clipboard,
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (fn: ElectronFake['session']['onHeadersReceived']) => (fake.session.onHeadersReceived = fn)
        },
        setPermissionRequestHandler: (fn: ElectronFake['session']['permissionHandler']) =>
          (fake.session.permissionHandler = fn),
        setPermissionCheckHandler: () => undefined
      }
    },
    safeStorage: {
      isEncryptionAvailable: () => fake.safeStorageAvailable,
      // reversible but not plain: the shell must store only what this returns
      encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain, 'utf8').toString('base64')}`),
      decryptString: (sealed: Buffer) => {
        const text = sealed.toString()
        if (!text.startsWith('sealed:')) throw new Error('not sealed by the fake keychain')
        return Buffer.from(text.slice(7), 'base64').toString('utf8')
      }
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn() }
  }
  return fake
}
