import { invalidData } from './engine-error'

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_:-]{0,199}$/

/** Checks a template key (flows, actions): letters, digits, "_", ":" and "-", up to 200 characters; no dots, which separate `integrationKey.key`. */
export function assertElementKey(key: string, what: string): void {
  if (!KEY.test(key)) {
    throw invalidData(
      `${what} key "${key}" may contain only letters, digits, "_", ":" and "-" (up to 200 characters, no dots); for example "sync-contacts".`,
      [{ path: 'key', message: 'invalid key' }]
    )
  }
}

/** A key made from a name: "Sync Contacts!" → "sync-contacts". */
export function keyFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || 'element'
}

/** Splits `integrationKey.key` selectors; plain keys and ids come back unsplit. */
export function splitElementSelector(selector: string): { integrationKey: string; key: string } | undefined {
  const dot = selector.indexOf('.')
  if (dot <= 0 || dot === selector.length - 1) return undefined
  return { integrationKey: selector.slice(0, dot), key: selector.slice(dot + 1) }
}
