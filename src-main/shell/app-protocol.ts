import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { Protocol } from 'electron'
import { CONSOLE_CSP } from '../contract/console-api'

/** The console's own scheme: the window loads `app://console/index.html`, never `file://`. */
export const APP_SCHEME = 'app'
/** The console's origin under {@link APP_SCHEME}. */
export const APP_ORIGIN = `${APP_SCHEME}://console`
/** The URL the console window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8'
}

/**
 * Registers the scheme as privileged (standard, secure, fetch): a real origin for the console, so
 * `'self'` in its CSP means the console and nothing else on disk. Must run before the app is ready.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
  ])
}

/**
 * The file under `root` that `url` names, or undefined for anything else: another host, a path
 * that leaves `root` (`..`, encoded or not, absolute or drive paths), or a URL that does not parse.
 */
export function resolveAppFile(root: string, url: string): string | undefined {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return undefined
  }
  if (target.protocol !== `${APP_SCHEME}:` || target.host !== 'console') return undefined
  let path: string
  try {
    path = decodeURIComponent(target.pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0') || path.includes('\\')) return undefined
  const base = resolve(root)
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`)
  const inside = relative(base, file)
  if (!inside || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) return undefined
  return file
}

/** Serves the built console (`root` = out/renderer) under {@link APP_ORIGIN}, with the console's CSP on every answer. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(root, request.url))
}

/** The answer to one `app://` request (exported for tests). */
export async function appResponse(root: string, url: string): Promise<Response> {
  const headers = {
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache'
  }
  const file = resolveAppFile(root, url)
  if (!file) return new Response('Not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain' } })
  try {
    const body = await readFile(file)
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' }
    })
  } catch {
    return new Response('Not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain' } })
  }
}
