import type { ErrorDetail } from '@contract/errors'
import type { FieldSchema } from '@contract/workspace'
import { countOf } from '../../format/plural'

/** Which control edits a field. */
export type ControlKind =
  | 'text'
  | 'email'
  | 'url'
  | 'date'
  | 'datetime'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'multi-enum'
  | 'list'
  | 'json'
  | 'group'

/** One field of the generated form, from one schema property. */
export interface FormField {
  /** Dotted path under `fields` (`address.city`). */
  path: string
  key: string
  label: string
  description?: string
  required: boolean
  kind: ControlKind
  /** Allowed values of enum controls. */
  options?: (string | number)[]
  /** Item type of list controls. */
  itemType?: 'string' | 'number' | 'integer' | 'boolean'
  /** Nested fields of a group. */
  children?: FormField[]
  /** Placeholder text suggesting the expected shape. */
  placeholder?: string
  /** min / max, shown as a hint (the engine enforces every keyword). */
  hint?: string
}

/** What a control holds while it is edited: text as typed, a flag, or chosen values. */
export type DraftValue = string | boolean | string[]

/** The form's drafts by field path. */
export type Drafts = Record<string, DraftValue>

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function labelOf(key: string, property: Record<string, unknown>): string {
  if (typeof property.title === 'string' && property.title.trim()) return property.title
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase())
}

function hintOf(property: Record<string, unknown>): string | undefined {
  const parts: string[] = []
  if (typeof property.minimum === 'number' && typeof property.maximum === 'number')
    parts.push(`${property.minimum} to ${property.maximum}`)
  else if (typeof property.minimum === 'number') parts.push(`at least ${property.minimum}`)
  else if (typeof property.maximum === 'number') parts.push(`at most ${property.maximum}`)
  if (typeof property.minLength === 'number' && property.minLength > 1)
    parts.push(`at least ${countOf(property.minLength, 'character')}`)
  if (typeof property.maxLength === 'number') parts.push(`at most ${countOf(property.maxLength, 'character')}`)
  if (typeof property.pattern === 'string') parts.push(`matches ${property.pattern}`)
  return parts.length ? parts.join(', ') : undefined
}

function kindOf(property: Record<string, unknown>): Pick<FormField, 'kind' | 'options' | 'itemType' | 'placeholder'> {
  const type = property.type
  const enumValues =
    Array.isArray(property.enum) && property.enum.every((v) => typeof v === 'string' || typeof v === 'number')
      ? (property.enum as (string | number)[])
      : undefined
  if (enumValues && (type === 'string' || type === 'number' || type === 'integer' || type === undefined))
    return { kind: 'enum', options: enumValues }
  switch (type) {
    case 'string':
      switch (property.format) {
        case 'email':
          return { kind: 'email', placeholder: 'name@example.com' }
        case 'uri':
        case 'url':
          return { kind: 'url', placeholder: 'https://…' }
        case 'date':
          return { kind: 'date' }
        case 'date-time':
          return { kind: 'datetime', placeholder: '2026-01-31T09:30:00Z' }
        default:
          return { kind: 'text' }
      }
    case 'number':
      return { kind: 'number' }
    case 'integer':
      return { kind: 'integer' }
    case 'boolean':
      return { kind: 'boolean' }
    case 'array': {
      const items = isObject(property.items) ? property.items : {}
      if (Array.isArray(items.enum) && items.enum.every((v) => typeof v === 'string' || typeof v === 'number')) {
        return { kind: 'multi-enum', options: items.enum as (string | number)[] }
      }
      const itemType = items.type
      if (
        itemType === 'string' ||
        itemType === 'number' ||
        itemType === 'integer' ||
        itemType === 'boolean' ||
        itemType === undefined
      ) {
        return {
          kind: 'list',
          itemType: (itemType as FormField['itemType']) ?? 'string',
          placeholder: 'Comma-separated values'
        }
      }
      return { kind: 'json' }
    }
    case 'object':
      return isObject(property.properties) && Object.keys(property.properties).length
        ? { kind: 'group' }
        : { kind: 'json' }
    default:
      return { kind: 'json' }
  }
}

/** The form for an object schema: one field per property, nested objects as groups. */
export function buildForm(schema: FieldSchema | null | undefined, prefix = ''): FormField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return []
  const required = new Set(Array.isArray(schema.required) ? schema.required : [])
  return Object.entries(schema.properties).map(([key, raw]) => {
    const property = isObject(raw) ? raw : {}
    const path = prefix ? `${prefix}.${key}` : key
    const field: FormField = {
      path,
      key,
      label: labelOf(key, property),
      description: typeof property.description === 'string' ? property.description : undefined,
      required: required.has(key),
      hint: hintOf(property),
      ...kindOf(property)
    }
    if (field.kind === 'group') field.children = buildForm(property as FieldSchema, path)
    return field
  })
}

function valueAt(values: Record<string, unknown>, path: string): unknown {
  let current: unknown = values
  for (const part of path.split('.')) current = isObject(current) ? current[part] : undefined
  return current
}

function draftOf(field: FormField, value: unknown): DraftValue {
  switch (field.kind) {
    case 'boolean':
      return value === true
    case 'multi-enum':
      return Array.isArray(value) ? value.map(String) : []
    case 'list':
      return Array.isArray(value)
        ? value.map(String).join(', ')
        : value === undefined || value === null
          ? ''
          : String(value)
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2)
    default:
      return value === undefined || value === null ? '' : String(value)
  }
}

/** Drafts for every field (groups flattened) from stored values. */
export function initialDrafts(form: FormField[], values: Record<string, unknown>): Drafts {
  const drafts: Drafts = {}
  const walk = (fields: FormField[]) => {
    for (const field of fields) {
      if (field.kind === 'group') walk(field.children ?? [])
      else drafts[field.path] = draftOf(field, valueAt(values, field.path))
    }
  }
  walk(form)
  return drafts
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i

function parseNumber(text: string, integer: boolean, label: string): { value?: number; error?: string } {
  const n = Number(text.replace(/_/g, ''))
  if (!Number.isFinite(n) || !/\d/.test(text)) return { error: `${label} must be a number, got "${text}".` }
  if (integer && !Number.isInteger(n)) return { error: `${label} must be a whole number, got ${text}.` }
  return { value: n }
}

/** Turns one draft into a value, or says what is wrong with it. `empty` means "leave the field out". */
export function parseDraft(
  field: FormField,
  draft: DraftValue | undefined
): { value?: unknown; error?: string; empty?: boolean } {
  if (field.kind === 'boolean') return { value: draft === true }
  if (field.kind === 'multi-enum') {
    const chosen = Array.isArray(draft) ? draft : []
    if (!chosen.length)
      return field.required ? { error: `Choose at least one ${field.label.toLowerCase()}.` } : { empty: true }
    return { value: chosen.map((c) => field.options?.find((o) => String(o) === c) ?? c) }
  }
  const text = typeof draft === 'string' ? draft.trim() : ''
  if (!text) return field.required ? { error: `${field.label} is required.` } : { empty: true }
  switch (field.kind) {
    case 'number':
    case 'integer':
      return parseNumber(text, field.kind === 'integer', field.label)
    case 'enum': {
      const option = field.options?.find((o) => String(o) === text)
      return option === undefined
        ? { error: `${field.label} must be one of ${field.options?.join(', ')}.` }
        : { value: option }
    }
    case 'email':
      return EMAIL.test(text)
        ? { value: text }
        : { error: `${field.label} must be an email address such as name@example.com.` }
    case 'url':
      try {
        new URL(text)
        return { value: text }
      } catch {
        return { error: `${field.label} must be a full URL such as https://example.com.` }
      }
    case 'date':
      return DATE.test(text) && !Number.isNaN(Date.parse(text))
        ? { value: text }
        : { error: `${field.label} must be a date (YYYY-MM-DD).` }
    case 'datetime':
      return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))
        ? { value: text }
        : { error: `${field.label} must be a date and time with a zone, e.g. 2026-01-31T09:30:00Z.` }
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      if (field.itemType === 'number' || field.itemType === 'integer') {
        const numbers: number[] = []
        for (const item of items) {
          const parsed = parseNumber(item, field.itemType === 'integer', `Every item of ${field.label}`)
          if (parsed.error) return { error: parsed.error }
          numbers.push(parsed.value!)
        }
        return { value: numbers }
      }
      if (field.itemType === 'boolean') {
        if (items.some((i) => i !== 'true' && i !== 'false'))
          return { error: `Items of ${field.label} must be true or false.` }
        return { value: items.map((i) => i === 'true') }
      }
      return { value: items }
    }
    case 'json':
      try {
        return { value: JSON.parse(text) }
      } catch (error) {
        return { error: `${field.label} is not valid JSON: ${(error as Error).message}` }
      }
    default:
      return { value: text }
  }
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let current = target
  for (const part of parts.slice(0, -1)) {
    if (!isObject(current[part])) current[part] = {}
    current = current[part] as Record<string, unknown>
  }
  current[parts[parts.length - 1]] = value
}

function deleteAt(target: Record<string, unknown>, path: string): void {
  const parts = path.split('.')
  let current: unknown = target
  for (const part of parts.slice(0, -1)) current = isObject(current) ? current[part] : undefined
  if (isObject(current)) delete current[parts[parts.length - 1]]
}

/**
 * The values to save: the stored values (so fields the schema does not define are kept), with each
 * form field replaced by its parsed draft or removed when left empty; plus the errors by path.
 */
export function collectValues(
  form: FormField[],
  drafts: Drafts,
  stored: Record<string, unknown>
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values = structuredClone(stored) as Record<string, unknown>
  const errors: Record<string, string> = {}
  const walk = (fields: FormField[]) => {
    for (const field of fields) {
      if (field.kind === 'group') {
        walk(field.children ?? [])
        continue
      }
      const parsed = parseDraft(field, drafts[field.path])
      // a switch left off on a customer that never had the value does not invent one
      if (
        field.kind === 'boolean' &&
        parsed.value === false &&
        !field.required &&
        valueAt(stored, field.path) === undefined
      )
        continue
      if (parsed.error) errors[field.path] = parsed.error
      else if (parsed.empty) deleteAt(values, field.path)
      else setAt(values, field.path, parsed.value)
    }
  }
  walk(form)
  return { values, errors }
}

/**
 * Engine error details placed on form fields: `fields.address.zip` → `address.zip`. Details that
 * name no field of the form come back in `rest`, to be shown above it.
 */
export function placeErrors(
  details: ErrorDetail[],
  form: FormField[],
  root = 'fields'
): { byPath: Record<string, string>; rest: string[] } {
  const paths = new Set<string>()
  const walk = (fields: FormField[]) => {
    for (const f of fields) {
      paths.add(f.path)
      if (f.children) walk(f.children)
    }
  }
  walk(form)
  const byPath: Record<string, string> = {}
  const rest: string[] = []
  for (const detail of details) {
    const path = detail.path.startsWith(`${root}.`) ? detail.path.slice(root.length + 1) : detail.path
    let target: string | undefined = path
    while (target && !paths.has(target))
      target = target.includes('.') ? target.slice(0, target.lastIndexOf('.')) : undefined
    if (target && !byPath[target]) byPath[target] = detail.message
    else if (!target) rest.push(detail.message)
  }
  return { byPath, rest }
}
