import { describe, expect, it } from 'vitest'
import {
  blankDefinition,
  humanize,
  modelProblems,
  modelToSchema,
  schemaToModel,
  schemaWithFields,
  unknownFieldKeys
} from '../../src-renderer/src/features/fields/field-schema-model'

const schema = {
  type: 'object',
  title: 'Customer fields',
  additionalProperties: true,
  properties: {
    plan: { type: 'string', title: 'Plan', enum: ['free', 'pro'] },
    seats: { type: 'integer', minimum: 1, maximum: 500 },
    email: { type: 'string', format: 'email', description: 'Where invoices go' },
    tags: { type: 'array', items: { type: 'string', maxLength: 20 } },
    address: { type: 'object', properties: { city: { type: 'string' } } },
    nickname: { type: ['string', 'null'] },
    score: { type: 'number', format: 'float' }
  },
  required: ['plan', 'seats']
}

describe('field schema model (the table of the schema editor)', () => {
  it('round-trips a schema through the table unchanged, keeping what the table cannot show', () => {
    const model = schemaToModel(schema)
    expect(model.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['plan', 'string', true],
      ['seats', 'integer', true],
      ['email', 'string', false],
      ['tags', 'array', false],
      ['address', 'object', false],
      ['nickname', 'custom', false],
      ['score', 'number', false]
    ])
    expect(modelToSchema(model)).toEqual(schema)
  })

  it('renames, retypes and removes fields, moving required with the key', () => {
    const model = schemaToModel(schema)
    model.fields[0] = { ...model.fields[0], key: 'tier' }
    model.fields[1] = { ...model.fields[1], type: 'number' }
    model.fields = model.fields.filter((f) => f.key !== 'address')
    const next = modelToSchema(model) as { properties: Record<string, unknown>; required: string[] }
    expect(Object.keys(next.properties)).toEqual(['tier', 'seats', 'email', 'tags', 'nickname', 'score'])
    expect(next.required).toEqual(['tier', 'seats'])
    expect(next.properties.seats).toEqual({ type: 'number', minimum: 1, maximum: 500 })
  })

  it('types allowed values as numbers for number fields', () => {
    const model = schemaToModel({ type: 'object', properties: { size: { type: 'integer' } } })
    model.fields[0].enumValues = ['1', '2', ' 3 ']
    expect((modelToSchema(model).properties as Record<string, unknown>).size).toEqual({
      type: 'integer',
      enum: [1, 2, 3]
    })
    model.fields[0].enumValues = ['1', 'two']
    expect(Object.values(modelProblems(model))).toEqual(['Allowed values of a number field must be numbers.'])
  })

  it('names rows that cannot be saved: empty, unusable or repeated keys', () => {
    const model = schemaToModel({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } })
    model.fields.push(
      { ...blankDefinition(model.fields), key: 'a' },
      { ...blankDefinition(model.fields), key: '' },
      { ...blankDefinition(model.fields), key: '9lives' }
    )
    expect(Object.values(modelProblems(model))).toEqual([
      'Another field already uses the key "a".',
      'Give the field a key (the name its value is stored under).',
      '"9lives" is not a usable key: start with a letter or _, then letters, digits, _ or -.'
    ])
  })

  it('finds fields the schema lacks and adds them typed from their values', () => {
    const values = { plan: 'pro', legacyId: 'L-1', trialDays: 14, beta: true, regions: ['eu'] }
    expect(unknownFieldKeys(schema, values)).toEqual(['legacyId', 'trialDays', 'beta', 'regions'])
    const next = schemaWithFields(schema, ['legacyId', 'trialDays', 'beta', 'regions'], values) as {
      properties: Record<string, unknown>
    }
    expect(next.properties.legacyId).toEqual({ type: 'string', title: 'Legacy id' })
    expect(next.properties.trialDays).toEqual({ type: 'integer', title: 'Trial days' })
    expect(next.properties.beta).toEqual({ type: 'boolean', title: 'Beta' })
    expect(next.properties.regions).toEqual({ type: 'array', title: 'Regions', items: { type: 'string' } })
    expect(unknownFieldKeys(undefined, { a: 1 })).toEqual(['a'])
    expect(humanize('billing_email')).toBe('Billing email')
  })
})
