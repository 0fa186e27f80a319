import type { FieldSchema } from '@contract/workspace'

type Property = Record<string, unknown>

const SINGULAR: Record<string, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tickets: 'ticket',
  comments: 'comment'
}

/** "contact" for `contacts`: the noun of one record of a collection. */
export function singular(collection: string): string {
  return SINGULAR[collection] ?? (collection.endsWith('s') ? collection.slice(0, -1) : collection)
}

/** The fields a list shows beside the record's name, per collection; other collections show their first three. */
const LIST_COLUMNS: Record<string, string[]> = {
  contacts: ['email', 'jobTitle', 'lifecycleStage'],
  companies: ['domain', 'industry', 'employees'],
  deals: ['amount', 'currency', 'stage'],
  tickets: ['status', 'priority', 'requesterEmail'],
  comments: ['author', 'public']
}

function isObject(value: unknown): value is Property {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function propertiesOf(schema: Property): Record<string, Property> {
  return isObject(schema.properties) ? (schema.properties as Record<string, Property>) : {}
}

/** The list's columns: key, label and whether the value is one of a few (shown as a badge). */
export function columnsOf(collection: string, schema: Property): Array<{ key: string; label: string; badge: boolean }> {
  const props = propertiesOf(schema)
  const keys = (LIST_COLUMNS[collection] ?? Object.keys(props).filter((k) => !props[k].readOnly && !NAME_FIELDS.has(k)))
    .filter((k) => k in props)
    .slice(0, 3)
  return keys.map((key) => ({
    key,
    label: typeof props[key].title === 'string' ? (props[key].title as string) : key,
    badge: Array.isArray(props[key].enum)
  }))
}

const NAME_FIELDS = new Set(['name', 'subject', 'firstName', 'lastName', 'body'])

/** A field value as a table cell: lists joined, booleans as yes / no. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return ''
  if (Array.isArray(value)) return value.map((v) => cellText(v)).join(', ')
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return JSON.stringify(value)
}

/**
 * The collection's schema as the record form edits it: without the fields the app sets (`id`,
 * `createdAt`, `updatedAt`), nullable types as their plain type (an empty field clears them), and
 * a hint on reference fields saying which collection's id they take.
 */
export function formSchema(schema: Property): FieldSchema {
  const properties: Record<string, Property> = {}
  for (const [key, raw] of Object.entries(propertiesOf(schema))) {
    if (raw.readOnly) continue
    const property: Property = { ...raw }
    if (Array.isArray(property.type)) {
      const types = (property.type as unknown[]).filter((t) => t !== 'null')
      property.type = types.length === 1 ? types[0] : types
    }
    const target = property['x-reference-collection']
    if (typeof target === 'string' && !property.description)
      property.description = `The id of a ${singular(target)} in this account`
    properties[key] = property
  }
  return { type: 'object', properties, required: Array.isArray(schema.required) ? schema.required : [] } as FieldSchema
}

/** Whether a field of the collection accepts `null` (the app clears it). */
function nullable(schema: Property, key: string): boolean {
  const type = propertiesOf(schema)[key]?.type
  return Array.isArray(type) && type.includes('null')
}

/**
 * What to send for an edited record: every value of the form, and `null` for a nullable field
 * the form emptied (the app merges changes into the stored record, so a left-out field would stay).
 */
export function changesOf(
  schema: Property,
  stored: Record<string, unknown>,
  values: Record<string, unknown>
): Record<string, unknown> {
  const changes: Record<string, unknown> = { ...values }
  for (const key of Object.keys(stored))
    if (!(key in values) && stored[key] !== null && nullable(schema, key)) changes[key] = null
  return changes
}
