import { describe, expect, it, vi } from 'vitest'
import { CONSOLE_CSP } from '../../src-main/contract/console-api'
import { guardContents, isConnectPopupUrl, isConsoleUrl, setupSessionSecurity } from '../../src-main/shell/web-security'
import { FakeWebContents } from '../support/electron-fake'

const renderer = { file: '/app/out/renderer/index.html' }
const apiUrl = 'http://127.0.0.1:7710'

function guarded(url: string) {
  const contents = new FakeWebContents(url)
  const openExternal = vi.fn()
  guardContents(contents as never, { renderer, apiUrl: () => apiUrl, openExternal })
  return { contents, openExternal }
}

describe('web security of the shell', () => {
  it('knows the console and the connect popup by their URLs', () => {
    expect(isConsoleUrl('app://console/index.html#/tokens', renderer)).toBe(true)
    expect(isConsoleUrl('file:///etc/passwd', renderer)).toBe(false)
    // the built console is app://console only: its file on disk is not the console
    expect(isConsoleUrl(`file://${renderer.file}`, renderer)).toBe(false)
    expect(isConsoleUrl('app://other/index.html', renderer)).toBe(false)
    expect(isConsoleUrl('app://console/evil.html', renderer)).toBe(false)
    expect(isConsoleUrl('http://localhost:5173/#/x', { ...renderer, devUrl: 'http://localhost:5173/' })).toBe(true)
    expect(isConnectPopupUrl(`${apiUrl}/connect?x=1`, apiUrl)).toBe(true)
    expect(isConnectPopupUrl(`${apiUrl}/sandbox/crm/oauth/authorize`, apiUrl)).toBe(true)
    expect(isConnectPopupUrl(`${apiUrl}/console-api/workspace.credentials`, apiUrl)).toBe(false)
    expect(isConnectPopupUrl('http://127.0.0.1:9999/connect', apiUrl)).toBe(false)
    expect(isConnectPopupUrl('https://evil.example/connect', apiUrl)).toBe(false)
    expect(isConnectPopupUrl(`${apiUrl}/connect`, undefined)).toBe(false)
  })

  it('keeps the console window on the console; web links go to the browser', () => {
    const { contents, openExternal } = guarded('app://console/index.html#/customers')
    expect(contents.navigate('app://console/index.html#/tokens')).toBe(true)
    expect(contents.navigate('https://docs.example/guide')).toBe(false)
    expect(openExternal).toHaveBeenCalledWith('https://docs.example/guide')
    expect(contents.navigate('file:///home/me/.ssh/id_rsa')).toBe(false)
    expect(contents.navigate(`${apiUrl}/connect`)).toBe(false)
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('allows new windows only for the connect popup, sandboxed and without the preload', () => {
    const { contents, openExternal } = guarded('app://console/index.html')
    const popup = contents.windowOpenHandler!({ url: `${apiUrl}/connect?integrationKey=crm` })
    expect(popup.action).toBe('allow')
    expect(popup.overrideBrowserWindowOptions).toMatchObject({
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: undefined }
    })
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/')
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler!({ url: `${apiUrl}/console/` })).toEqual({ action: 'deny' })
  })

  it('lets the connect popup move within the connect flow only', () => {
    const { contents, openExternal } = guarded(`${apiUrl}/connect?integrationKey=crm`)
    expect(contents.navigate(`${apiUrl}/sandbox/crm/oauth/authorize?state=1`)).toBe(true)
    expect(contents.navigate(`${apiUrl}/oauth-callback?code=1`)).toBe(true)
    expect(contents.navigate(`${apiUrl}/console/`)).toBe(false)
    expect(contents.navigate('https://phish.example/')).toBe(false)
    expect(openExternal).toHaveBeenCalledWith('https://phish.example/')
  })

  it('refuses webviews', () => {
    const { contents } = guarded('app://console/index.html')
    const event = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', event)
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('grants only clipboard writes, and puts the CSP on the dev server responses', () => {
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined
    let headers:
      | ((
          details: { url: string; responseHeaders: Record<string, string[]> },
          cb: (r: { responseHeaders?: Record<string, string[]> }) => void
        ) => void)
      | undefined
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: () => undefined
    }
    setupSessionSecurity(session as never, { devUrl: 'http://localhost:5173/' })
    const answer = (p: string) => {
      let granted: boolean | undefined
      permission!({}, p, (ok) => (granted = ok))
      return granted
    }
    expect(answer('clipboard-sanitized-write')).toBe(true)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      expect(answer(p)).toBe(false)

    let dev: { responseHeaders?: Record<string, string[]> } = {}
    headers!({ url: 'http://localhost:5173/index.html', responseHeaders: {} }, (r) => (dev = r))
    const policy = dev.responseHeaders!['Content-Security-Policy'][0]
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain('ws://localhost:5173')
    let other: { responseHeaders?: Record<string, string[]> } = { responseHeaders: {} }
    headers!({ url: 'https://example.com/', responseHeaders: {} }, (r) => (other = r))
    expect(other).toEqual({})
    expect(CONSOLE_CSP).toContain("script-src 'self';")
  })
})
