import type { App, Session, WebContents } from 'electron'
import { CONSOLE_CSP } from '../contract/console-api'
import { APP_ORIGIN } from './app-protocol'

/** Paths of the local API that the connect popup may show (connect pages, OAuth, sandbox apps). */
const POPUP_PATH = /^\/(connect|connection-popup|oauth-callback|oauth|sandbox|screens)(\/|$|\?)/

/** Whether `url` may open in a popup: the connect flow on the local API, nothing else. */
export function isConnectPopupUrl(url: string, apiUrl: string | undefined): boolean {
  if (!apiUrl) return false
  try {
    const target = new URL(url)
    return target.origin === new URL(apiUrl).origin && POPUP_PATH.test(target.pathname)
  } catch {
    return false
  }
}

/** Whether `url` is the console itself (the built file, or the dev server in development). */
export function isConsoleUrl(url: string, renderer: { file: string; devUrl?: string }): boolean {
  try {
    const target = new URL(url)
    if (renderer.devUrl) return target.origin === new URL(renderer.devUrl).origin
    // the built console is served only under its own scheme (see app-protocol.ts), never file://
    return `${target.protocol}//${target.host}` === APP_ORIGIN && target.pathname === '/index.html'
  } catch {
    return false
  }
}

/** Where links may go: inside the console (fragment routes), the connect popup, or out to the browser. */
export interface NavigationPolicy {
  renderer: { file: string; devUrl?: string }
  apiUrl(): string | undefined
  openExternal(url: string): void
}

function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url)
}

/**
 * Locks down every web contents the app creates: no navigation away from the console, no new
 * windows except the connect popup (sandboxed, no preload), no `<webview>`; plain web links open in
 * the person's browser instead.
 */
export function setupNavigationGuards(app: App, policy: NavigationPolicy): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, policy))
}

/** The guards of one web contents (exported for tests). */
export function guardContents(contents: WebContents, policy: NavigationPolicy): void {
  contents.on('will-navigate', (event, url) => {
    // the console stays the console; a connect popup may move within the connect flow only
    const inPopup = isConnectPopupUrl(contents.getURL(), policy.apiUrl())
    const allowed = inPopup ? isConnectPopupUrl(url, policy.apiUrl()) : isConsoleUrl(url, policy.renderer)
    if (allowed) return
    event.preventDefault()
    if (isWebUrl(url) && !isConnectPopupUrl(url, policy.apiUrl())) policy.openExternal(url)
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isConnectPopupUrl(url, policy.apiUrl())) {
      return {
        action: 'allow',
        overrideBrowserWindowOptions: {
          width: 520,
          height: 720,
          autoHideMenuBar: true,
          webPreferences: {
            sandbox: true,
            contextIsolation: true,
            nodeIntegration: false,
            webSecurity: true,
            preload: undefined
          }
        }
      }
    }
    if (isWebUrl(url)) policy.openExternal(url)
    return { action: 'deny' }
  })
}

/**
 * The console's Content-Security-Policy on every response the session loads from the console's dev
 * server (the built console carries it in its `<meta>`), and permissions: only clipboard writes.
 */
export function setupSessionSecurity(session: Session, renderer: { devUrl?: string }): void {
  const devOrigin = renderer.devUrl ? new URL(renderer.devUrl).origin : undefined
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!devOrigin || !details.url.startsWith(devOrigin)) return callback({})
    // the dev server's React refresh preamble is an inline module script, and HMR talks over ws
    const devPolicy = CONSOLE_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
      "connect-src 'self'",
      `connect-src 'self' ws://${new URL(devOrigin).host}`
    )
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devPolicy] } })
  })
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write')
  )
  session.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write')
}
