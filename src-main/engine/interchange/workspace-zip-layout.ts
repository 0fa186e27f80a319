import { createHash } from 'node:crypto'

/** Where an entry of Membrane's workspace zip belongs. */
export type ZipPlace =
  | { kind: 'integration'; key: string }
  | { kind: 'element'; type: string; key: string; integrationKey?: string }
  | { kind: 'connector'; key: string }
  | { kind: 'connector-source'; key: string }

/** The spec file of an element folder. */
export const SPEC_FILE = 'spec.yaml'

/** Path of an element's spec in the zip. */
export function elementPath(type: string, key: string, integrationKey?: string): string {
  return integrationKey ? `integrations/${integrationKey}/${type}/${key}/${SPEC_FILE}` : `${type}/${key}/${SPEC_FILE}`
}

/** Path of an integration's spec in the zip. */
export function integrationPath(key: string): string {
  return `integrations/${key}/${SPEC_FILE}`
}

/** Path of a custom connector's record in the zip. */
export function connectorPath(key: string): string {
  return `connectors/${key}/${key}.yml`
}

/** Path of a custom connector's source zip in the zip. */
export function connectorSourcePath(key: string): string {
  return `connectors/${key}/src.zip`
}

/**
 * What an entry name is in the layout, or undefined for a name outside it. Whether an
 * element folder is a known type is for the caller to say.
 */
export function placeOf(name: string): ZipPlace | undefined {
  const parts = name.split('/')
  if (parts[0] === 'connectors' && parts.length === 3) {
    if (parts[2] === `${parts[1]}.yml` || parts[2] === `${parts[1]}.yaml`) return { kind: 'connector', key: parts[1] }
    if (parts[2] === 'src.zip') return { kind: 'connector-source', key: parts[1] }
    return undefined
  }
  if (parts[0] === 'integrations') {
    if (parts.length === 3 && parts[2] === SPEC_FILE) return { kind: 'integration', key: parts[1] }
    if (parts.length === 5 && parts[4] === SPEC_FILE)
      return { kind: 'element', type: parts[2], key: parts[3], integrationKey: parts[1] }
    return undefined
  }
  if (parts.length === 3 && parts[2] === SPEC_FILE) return { kind: 'element', type: parts[0], key: parts[1] }
  return undefined
}

/** A stable uuid for an element of this workspace, derived from its type and id. */
export function derivedUuid(type: string, id: string): string {
  const hex = createHash('sha256').update(`${type}:${id}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** JSON text with object keys sorted: equal content gives equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        )
      : v
  )
}
