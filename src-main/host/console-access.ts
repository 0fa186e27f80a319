import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONSOLE_PAGE_PREFIX, CONSOLE_SECRET_FRAGMENT } from '../contract/console-api'

/** A fresh per-launch console secret: 256 random bits, URL-safe. Kept in memory only. */
export function createConsoleSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The console link to print: the secret rides in the URL fragment, which browsers never send to
 * a server (nor put in a Referer); the page moves it to session storage and drops it from the URL.
 */
export function consoleUrlFor(apiUrl: string, secret: string): string {
  return `${apiUrl}${CONSOLE_PAGE_PREFIX}#${CONSOLE_SECRET_FRAGMENT}=${secret}`
}

/**
 * The built console (`out/renderer`): next to the running bundle (`out/main/../renderer`), then
 * under the working directory (source runs: tests, `vite-node`). Undefined when not built.
 */
export function findRendererDir(
  candidates: string[] = [join(__dirname, '..', 'renderer'), resolve('out', 'renderer')]
): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'index.html')))
}
