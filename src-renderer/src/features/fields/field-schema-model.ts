import type { FieldSchema } from '@contract/workspace'

/** Field types the schema table offers; `custom` keeps a property the table cannot express. */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'custom'

/** Types offered in the table, with their labels. */
export const FIELD_TYPES: { value: FieldType; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'integer', label: 'Integer' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'array', label: 'List' },
  { value: 'object', label: 'Object' },
  { value: 'custom', label: 'Custom (JSON)' }
]

/** String formats offered for text fields. */
export const STRING_FORMATS: { value: string; label: string }[] = [
  { value: '', label: 'Any text' },
  { value: 'email', label: 'Email' },
  { value: 'uri', label: 'URL' },
  { value: 'date', label: 'Date' },
  { value: 'date-time', label: 'Date and time' },
  { value: 'uuid', label: 'UUID' }
]

/** Item types offered for list fields. */
export const ITEM_TYPES: FieldType[] = ['string', 'number', 'integer', 'boolean']

const SIMPLE = new Set<FieldType>(['string', 'number', 'integer', 'boolean', 'array', 'object'])

/** One row of the schema table. */
export interface FieldDefinition {
  /** Stable id for the row while its key is renamed. */
  uid: string
  key: string
  title: string
  description: string
  type: FieldType
  /** Text fields only. */
  format: string
  /** Allowed values (text or numbers), as typed. */
  enumValues: string[]
  /** List fields only. */
  itemsType: FieldType
  required: boolean
  /** Every other keyword of the property (minimum, pattern, properties, default…), kept as it was. */
  extra: Record<string, unknown>
}

/** The schema as the table edits it. */
export interface SchemaModel {
  fields: FieldDefinition[]
  /** Top-level keywords besides type, properties and required (title, additionalProperties…). */
  extra: Record<string, unknown>
}

let uidCounter = 0
/** A fresh row id. */
export function newUid(): string {
  uidCounter += 1
  return `f${uidCounter}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Reads a field schema into table rows (in property order). */
export function schemaToModel(schema: FieldSchema | null | undefined): SchemaModel {
  if (!isObject(schema)) return { fields: [], extra: {} }
  const { type: _type, properties, required, ...extra } = schema
  const requiredSet = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [])
  const fields: FieldDefinition[] = []
  for (const [key, raw] of Object.entries(isObject(properties) ? properties : {})) {
    const property = isObject(raw) ? raw : {}
    const { type, title, description, format, enum: enumValues, items, ...rest } = property
    const simple = typeof type === 'string' && SIMPLE.has(type as FieldType)
    const def: FieldDefinition = {
      uid: newUid(),
      key,
      title: typeof title === 'string' ? title : '',
      description: typeof description === 'string' ? description : '',
      type: simple ? (type as FieldType) : 'custom',
      format: '',
      enumValues: [],
      itemsType: 'string',
      required: requiredSet.has(key),
      extra: rest
    }
    if (!simple) {
      // keep the whole property: the table shows it as custom and writes it back untouched
      def.extra = { ...property }
      delete def.extra.title
      delete def.extra.description
    } else {
      if (typeof format === 'string') {
        if (type === 'string') def.format = format
        else def.extra.format = format
      }
      if (Array.isArray(enumValues) && enumValues.every((v) => typeof v === 'string' || typeof v === 'number'))
        def.enumValues = enumValues.map(String)
      else if (enumValues !== undefined) def.extra.enum = enumValues
      if (isObject(items)) {
        const { type: itemType, ...itemRest } = items
        if (typeof itemType === 'string' && ITEM_TYPES.includes(itemType as FieldType))
          def.itemsType = itemType as FieldType
        if (Object.keys(itemRest).length || (itemType !== undefined && !ITEM_TYPES.includes(itemType as FieldType)))
          def.extra.items = items
      } else if (items !== undefined) def.extra.items = items
    }
    fields.push(def)
  }
  return { fields, extra }
}

function enumOf(def: FieldDefinition): (string | number)[] | undefined {
  const values = def.enumValues.map((v) => v.trim()).filter(Boolean)
  if (!values.length) return undefined
  return def.type === 'number' || def.type === 'integer' ? values.map(Number) : values
}

/** Writes table rows back as a field schema (properties in row order). */
export function modelToSchema(model: SchemaModel): FieldSchema {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  for (const def of model.fields) {
    const key = def.key.trim()
    if (!key) continue
    let property: Record<string, unknown>
    if (def.type === 'custom') {
      property = {
        ...(def.title ? { title: def.title } : {}),
        ...(def.description ? { description: def.description } : {}),
        ...def.extra
      }
    } else {
      property = { type: def.type }
      if (def.title) property.title = def.title
      if (def.description) property.description = def.description
      if (def.type === 'string' && def.format) property.format = def.format
      const values = def.type === 'string' || def.type === 'number' || def.type === 'integer' ? enumOf(def) : undefined
      if (values) property.enum = values
      if (def.type === 'array')
        property.items = { ...(isObject(def.extra.items) ? def.extra.items : {}), type: def.itemsType }
      for (const [k, v] of Object.entries(def.extra)) if (!(k === 'items' && def.type === 'array')) property[k] = v
    }
    properties[key] = property
    if (def.required) required.push(key)
  }
  const schema: FieldSchema = { type: 'object', ...model.extra, properties }
  if (required.length) schema.required = required
  return schema
}

/** Problems a row has before it can be saved, by row uid (empty key, a key used twice, enum values that are not numbers). */
export function modelProblems(model: SchemaModel): Record<string, string> {
  const problems: Record<string, string> = {}
  const seen = new Map<string, string>()
  for (const def of model.fields) {
    const key = def.key.trim()
    if (!key) {
      problems[def.uid] = 'Give the field a key (the name its value is stored under).'
      continue
    }
    if (!/^[A-Za-z_$][\w$-]*$/.test(key)) {
      problems[def.uid] = `"${key}" is not a usable key: start with a letter or _, then letters, digits, _ or -.`
      continue
    }
    if (seen.has(key)) {
      problems[def.uid] = `Another field already uses the key "${key}".`
      continue
    }
    seen.set(key, def.uid)
    if (
      (def.type === 'number' || def.type === 'integer') &&
      def.enumValues.some((v) => v.trim() && !Number.isFinite(Number(v)))
    ) {
      problems[def.uid] = 'Allowed values of a number field must be numbers.'
    }
  }
  return problems
}

/** A type that fits a stored value, for fields found on customers but missing from the schema. */
export function inferFieldType(value: unknown): FieldType {
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  if (Array.isArray(value)) return 'array'
  if (isObject(value)) return 'object'
  return 'string'
}

/** `billingEmail` / `billing_email` → `Billing email`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words.replace(/^./, (c) => c.toUpperCase())
}

/** A schema row for a field found on a customer. */
export function definitionFromValue(key: string, value: unknown): FieldDefinition {
  const type = inferFieldType(value)
  const itemsType = Array.isArray(value) && value.length ? inferFieldType(value[0]) : 'string'
  return {
    uid: newUid(),
    key,
    title: humanize(key),
    description: '',
    type,
    format: '',
    enumValues: [],
    itemsType: ITEM_TYPES.includes(itemsType) ? itemsType : 'string',
    required: false,
    extra: {}
  }
}

/** A blank row for "Add field". */
export function blankDefinition(existing: FieldDefinition[]): FieldDefinition {
  let n = existing.length + 1
  while (existing.some((f) => f.key === `field${n}`)) n++
  return { ...definitionFromValue(`field${n}`, ''), title: '' }
}

/** Keys of `values` the schema does not define (top level), in the order they appear. */
export function unknownFieldKeys(schema: FieldSchema | null | undefined, values: Record<string, unknown>): string[] {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {}
  return Object.keys(values).filter((key) => !(key in properties))
}

/** The schema with fields added for `keys` (typed from `values`), keeping everything else. */
export function schemaWithFields(
  schema: FieldSchema | null | undefined,
  keys: string[],
  values: Record<string, unknown>
): FieldSchema {
  const model = schemaToModel(schema)
  for (const key of keys)
    if (!model.fields.some((f) => f.key === key)) model.fields.push(definitionFromValue(key, values[key]))
  return modelToSchema(model)
}
