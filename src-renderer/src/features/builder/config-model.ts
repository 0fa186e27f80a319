import { CONFIG_FIELD_KIND, type JsonSchema } from '@contract/flow-node-types'

/** Which editor a config field gets. */
export type ConfigControl =
  | 'mapping'
  | 'expression'
  | 'javascript'
  | 'json-schema'
  | 'node-key'
  | 'cron'
  | 'timezone'
  | 'action-selector'
  | 'data-source'
  | 'integration'
  | 'enum'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'text'
  | 'json'
  | 'group'

/** One field of a node's generated form, from one property of its config schema. */
export interface ConfigField {
  /** Dotted path inside `config` (`request.uri`). */
  path: string
  key: string
  label: string
  description?: string
  required: boolean
  control: ConfigControl
  options?: (string | number)[]
  /** The schema default, shown as a placeholder (never written into the config). */
  defaultValue?: unknown
  minimum?: number
  maximum?: number
  children?: ConfigField[]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** "timeoutMs" → "Timeout ms", "uri" → "URI". */
export function labelOf(key: string): string {
  const special: Record<string, string> = {
    integrationKey: 'Other connection',
    dataSource: 'Collection',
    uri: 'URI',
    url: 'URL',
    id: 'ID',
    rootNodeKey: 'Loop body',
    appEventKey: 'App event key',
    inputSchema: 'Input schema',
    timeoutMs: 'Timeout (ms)',
    timeLimitMs: 'Time limit (ms)',
    memoryLimitMb: 'Memory limit (MB)'
  }
  if (special[key]) return special[key]
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase())
}

function controlOf(property: Record<string, unknown>, key: string): ConfigControl {
  const kind = property[CONFIG_FIELD_KIND]
  // a field that names an integration gets the workspace's integrations to pick from
  if (key === 'integrationKey' && property.type === 'string') return 'integration'
  if (typeof kind === 'string') return kind as ConfigControl
  if (Array.isArray(property.enum)) return 'enum'
  const type = property.type
  if (type === 'boolean') return 'boolean'
  if (type === 'integer') return 'integer'
  if (type === 'number') return 'number'
  if (type === 'string') return 'text'
  if (type === 'object' && isObject(property.properties) && Object.keys(property.properties).length) return 'group'
  return 'json'
}

/** The form of a config schema: one field per property, objects with properties as groups. */
export function configFields(schema: JsonSchema | undefined, prefix = ''): ConfigField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return []
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  return Object.entries(schema.properties).map(([key, raw]) => {
    const property = isObject(raw) ? raw : {}
    const path = prefix ? `${prefix}.${key}` : key
    const field: ConfigField = {
      path,
      key,
      label: labelOf(key),
      description: typeof property.description === 'string' ? property.description : undefined,
      required: required.has(key),
      control: controlOf(property, key)
    }
    if (Array.isArray(property.enum)) field.options = property.enum as (string | number)[]
    if (property.default !== undefined) field.defaultValue = property.default
    if (typeof property.minimum === 'number') field.minimum = property.minimum
    if (typeof property.maximum === 'number') field.maximum = property.maximum
    if (field.control === 'group') field.children = configFields(property, path)
    return field
  })
}

/** The value at a dotted path. */
export function valueAt(config: Record<string, unknown> | undefined, path: string): unknown {
  let current: unknown = config
  for (const part of path.split('.')) current = isObject(current) ? current[part] : undefined
  return current
}

/** A copy of `config` with `value` at `path` (undefined removes it, and empty parent objects go too). */
export function setValueAt(
  config: Record<string, unknown> | undefined,
  path: string,
  value: unknown
): Record<string, unknown> {
  const [head, ...rest] = path.split('.')
  const base = { ...(config ?? {}) }
  if (!rest.length) {
    if (value === undefined) delete base[head]
    else base[head] = value
    return base
  }
  const child = setValueAt(isObject(base[head]) ? (base[head] as Record<string, unknown>) : {}, rest.join('.'), value)
  if (Object.keys(child).length) base[head] = child
  else delete base[head]
  return base
}

/** How a mapping value is edited: plain text, one JSONata formula, or JSON with formulas inside. */
export type MappingMode = 'text' | 'jsonata' | 'json'

/** Mapping fields that usually hold one string (a URL, a path, an id): empty ones start as text. */
const TEXT_MAPPINGS = /^(uri|url|path|id|cursor)$/

/** The editing mode that shows a stored mapping value best (`key` picks the mode of an empty field). */
export function mappingModeOf(value: unknown, key = ''): MappingMode {
  if (value === undefined) return TEXT_MAPPINGS.test(key) ? 'text' : 'json'
  if (typeof value === 'string') return 'text'
  if (isObject(value) && Object.keys(value).length === 1 && typeof value.$jsonata === 'string') return 'jsonata'
  return 'json'
}

/** The text a mapping value shows in a mode. */
export function mappingText(value: unknown, mode: MappingMode): string {
  if (value === undefined) return ''
  if (mode === 'text') return typeof value === 'string' ? value : JSON.stringify(value)
  if (mode === 'jsonata')
    return isObject(value) && typeof value.$jsonata === 'string'
      ? value.$jsonata
      : typeof value === 'string'
        ? JSON.stringify(value)
        : ''
  return JSON.stringify(value, null, 2)
}

/** Parses what was typed in a mapping editor: the value, or why it is not one. Empty text clears the field. */
export function parseMapping(text: string, mode: MappingMode): { value?: unknown; error?: string } {
  if (mode === 'text') return { value: text === '' ? undefined : text }
  if (!text.trim()) return { value: undefined }
  if (mode === 'jsonata') return { value: { $jsonata: text } }
  try {
    return { value: JSON.parse(text) }
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` }
  }
}

/** A JSON editor's text for any value. */
export function jsonText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2)
}

/** Parses JSON typed in a field; empty text clears it. */
export function parseJson(text: string): { value?: unknown; error?: string } {
  if (!text.trim()) return { value: undefined }
  try {
    return { value: JSON.parse(text) }
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` }
  }
}
