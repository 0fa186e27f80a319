import { CONSOLE_SECRET_FRAGMENT } from '@contract/console-api'

/** How the browser console proves it may call the console API. */
export type ConsoleCredential = { kind: 'secret'; value: string } | { kind: 'token'; value: string }

const STORAGE_KEY = 'workbench.console-credential'

/** Remembers the credential for this tab only (session storage dies with the tab). */
export interface CredentialStore {
  get(): ConsoleCredential | undefined
  set(credential: ConsoleCredential | undefined): void
}

/** Session-storage backed credential store. */
export function createCredentialStore(storage: Storage = window.sessionStorage): CredentialStore {
  return {
    get() {
      try {
        const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as ConsoleCredential | null
        return parsed && (parsed.kind === 'secret' || parsed.kind === 'token') && typeof parsed.value === 'string'
          ? parsed
          : undefined
      } catch {
        return undefined
      }
    },
    set(credential) {
      if (credential) storage.setItem(STORAGE_KEY, JSON.stringify(credential))
      else storage.removeItem(STORAGE_KEY)
    }
  }
}

/**
 * Takes the console secret out of the URL fragment (`#secret=…`, as the start-up banner prints
 * it), so it is neither bookmarked nor shown; returns it, or undefined when the URL has none.
 */
export function takeSecretFromLocation(
  location: Location = window.location,
  history: History = window.history
): string | undefined {
  const hash = location.hash.replace(/^#/, '')
  if (!hash.startsWith(`${CONSOLE_SECRET_FRAGMENT}=`)) return undefined
  const secret = decodeURIComponent(hash.slice(CONSOLE_SECRET_FRAGMENT.length + 1))
  history.replaceState(null, '', `${location.pathname}${location.search}#/customers`)
  return secret || undefined
}

/** Reads what a person pasted on the lock screen: a JWT is an admin token, anything else the secret. */
export function credentialFromInput(text: string): ConsoleCredential | undefined {
  let value = text.trim().replace(/^Bearer\s+/i, '')
  if (!value) return undefined
  const fragment = /#secret=([^&\s]+)/.exec(value)
  if (fragment) value = decodeURIComponent(fragment[1])
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value) ? { kind: 'token', value } : { kind: 'secret', value }
}
