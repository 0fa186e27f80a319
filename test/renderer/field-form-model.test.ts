import { describe, expect, it } from 'vitest'
import {
  buildForm,
  collectValues,
  initialDrafts,
  parseDraft,
  placeErrors
} from '../../src-renderer/src/features/fields/field-form-model'

const schema = {
  type: 'object',
  properties: {
    plan: { type: 'string', title: 'Plan', enum: ['free', 'pro'] },
    seats: { type: 'integer', minimum: 1 },
    price: { type: 'number' },
    email: { type: 'string', format: 'email', title: 'Billing email' },
    site: { type: 'string', format: 'uri' },
    renewsOn: { type: 'string', format: 'date' },
    beta: { type: 'boolean' },
    regions: { type: 'array', items: { enum: ['eu', 'us'] } },
    tags: { type: 'array', items: { type: 'string' } },
    limits: { type: 'array', items: { type: 'integer' } },
    address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, zip: { type: 'string' } } },
    extra: { type: 'object' }
  },
  required: ['plan']
}

describe('generated fields form', () => {
  const form = buildForm(schema)

  it('picks a control per type, format and enum, with nested groups', () => {
    expect(form.map((f) => [f.key, f.kind])).toEqual([
      ['plan', 'enum'],
      ['seats', 'integer'],
      ['price', 'number'],
      ['email', 'email'],
      ['site', 'url'],
      ['renewsOn', 'date'],
      ['beta', 'boolean'],
      ['regions', 'multi-enum'],
      ['tags', 'list'],
      ['limits', 'list'],
      ['address', 'group'],
      ['extra', 'json']
    ])
    expect(form[0]).toMatchObject({ label: 'Plan', required: true, options: ['free', 'pro'] })
    expect(form[1]).toMatchObject({ label: 'Seats', hint: 'at least 1' })
    expect(form.find((f) => f.key === 'address')!.children!.map((c) => [c.path, c.required])).toEqual([
      ['address.city', true],
      ['address.zip', false]
    ])
  })

  it('turns drafts into typed values, keeping fields the form does not show', () => {
    const stored = { plan: 'free', legacyId: 'L-1', address: { city: 'Oslo', floor: 3 } }
    const drafts = initialDrafts(form, stored)
    expect(drafts['address.city']).toBe('Oslo')
    Object.assign(drafts, {
      seats: '12',
      price: '9.5',
      beta: true,
      regions: ['us'],
      tags: 'a, b ,',
      limits: '1, 2',
      extra: '{"x": [1]}',
      'address.zip': '0150'
    })
    const { values, errors } = collectValues(form, drafts, stored)
    expect(errors).toEqual({})
    expect(values).toEqual({
      plan: 'free',
      legacyId: 'L-1',
      seats: 12,
      price: 9.5,
      beta: true,
      regions: ['us'],
      tags: ['a', 'b'],
      limits: [1, 2],
      extra: { x: [1] },
      address: { city: 'Oslo', floor: 3, zip: '0150' }
    })
  })

  it('refuses what it can tell is wrong, saying what is expected', () => {
    const drafts = {
      ...initialDrafts(form, {}),
      seats: '2.5',
      price: 'ten',
      email: 'not-an-email',
      site: 'example',
      renewsOn: '31/01/2026',
      limits: '1, x',
      extra: '{',
      'address.city': ''
    }
    const { errors } = collectValues(form, drafts, {})
    expect(errors).toEqual({
      plan: 'Plan is required.',
      seats: 'Seats must be a whole number, got 2.5.',
      price: 'Price must be a number, got "ten".',
      email: 'Billing email must be an email address such as name@example.com.',
      site: 'Site must be a full URL such as https://example.com.',
      renewsOn: 'Renews on must be a date (YYYY-MM-DD).',
      limits: 'Every item of Limits must be a number, got "x".',
      extra: expect.stringMatching(/^Extra is not valid JSON: /),
      'address.city': 'City is required.'
    })
  })

  it('removes a field left empty, and does not invent false for a switch never set', () => {
    const { values } = collectValues(
      form,
      { ...initialDrafts(form, { plan: 'pro', seats: 3 }), seats: '' },
      { plan: 'pro', seats: 3 }
    )
    expect(values).toEqual({ plan: 'pro' })
    expect(parseDraft(form[6], false)).toEqual({ value: false })
    const turnedOff = collectValues(
      form,
      { ...initialDrafts(form, { plan: 'pro', beta: true }), beta: false },
      { plan: 'pro', beta: true }
    )
    expect(turnedOff.values.beta).toBe(false)
  })

  it('places engine errors on the field they name, and keeps the rest for the top of the form', () => {
    const placed = placeErrors(
      [
        { path: 'fields.seats', message: 'fields.seats must be >= 1' },
        { path: 'fields.address.zip', message: 'fields.address.zip must match pattern' },
        { path: 'fields.address.street.no', message: 'deep' },
        { path: 'fields.legacyId', message: 'fields.legacyId is not allowed here' },
        { path: 'name', message: 'name is required' }
      ],
      form
    )
    expect(placed.byPath).toEqual({
      seats: 'fields.seats must be >= 1',
      'address.zip': 'fields.address.zip must match pattern',
      address: 'deep'
    })
    expect(placed.rest).toEqual(['fields.legacyId is not allowed here', 'name is required'])
  })
})
