import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONSOLE_PAGE_PREFIX, CONSOLE_SECRET_FRAGMENT } from '../contract/console-api'

/** The file in the data folder that keeps the console secret (owner read/write only). */
export const CONSOLE_SECRET_FILE = 'console-secret'
const SECRET_SHAPE = /^[\w-]{43}$/

/** A fresh console secret: 256 random bits, URL-safe. */
export function createConsoleSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** The console secret as the host keeps it: read at start, replaced on rotation. */
export interface ConsoleSecretStore {
  current(): string
  /** Makes a new secret (every printed link and browser session of the old one stops working) and returns it. */
  rotate(): string
}

function writeSecret(file: string, secret: string): void {
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, `${secret}\n`, { mode: 0o600 })
  chmodSync(temp, 0o600) // the umask may have narrowed nothing but could not widen: set it exactly
  renameSync(temp, file)
}

/**
 * The console secret kept in `<dataDir>/console-secret` (mode 0600), so the printed console link
 * stays valid across restarts until someone rotates it. A missing or malformed file gets a fresh secret.
 */
export function fileConsoleSecret(dataDir: string): ConsoleSecretStore {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, CONSOLE_SECRET_FILE)
  let secret: string | undefined
  try {
    const text = readFileSync(file, 'utf8').trim()
    if (SECRET_SHAPE.test(text)) secret = text
  } catch {
    // no file yet: made below
  }
  if (!secret) {
    secret = createConsoleSecret()
    writeSecret(file, secret)
  } else chmodSync(file, 0o600)
  return {
    current: () => secret!,
    rotate() {
      secret = createConsoleSecret()
      writeSecret(file, secret)
      return secret
    }
  }
}

/**
 * The console link to print: the secret rides in the URL fragment, which browsers never send to
 * a server (nor put in a Referer); the page moves it to session storage and drops it from the URL,
 * and the console API answers its first call with an HttpOnly cookie so new tabs get in too.
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
