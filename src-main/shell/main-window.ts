import { join } from 'node:path'
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import { APP_INDEX_URL } from './app-protocol'

/** Where the console comes from: the built file, or the dev server electron-vite starts. */
export interface RendererSource {
  file: string
  devUrl?: string
}

/** Preferences of the console window: isolated, sandboxed, no Node, only the preload's bridge. */
export function consoleWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false
  }
}

/** The built preload and renderer next to the main bundle (`out/main/../preload`, `../renderer`). */
export function bundledPaths(mainDir: string): { preload: string; renderer: RendererSource } {
  return {
    preload: join(mainDir, '..', 'preload', 'index.js'),
    renderer: { file: join(mainDir, '..', 'renderer', 'index.html'), devUrl: process.env.ELECTRON_RENDERER_URL }
  }
}

/** Creates the console window; it shows once the page has painted, so it never flashes white. */
export async function createMainWindow(preload: string, renderer: RendererSource): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Integration Workbench',
    show: false,
    backgroundColor: '#f8f8fa',
    webPreferences: consoleWebPreferences(preload)
  })
  window.once('ready-to-show', () => window.show())
  if (renderer.devUrl) await window.loadURL(renderer.devUrl)
  else await window.loadURL(APP_INDEX_URL)
  return window
}

/** Brings a window to the front (a second launch, a menu action). */
export function focusWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
