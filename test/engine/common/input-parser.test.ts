import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { inputParser } from '../../../src-main/engine/common/input-parser'
import { EngineError } from '../../../src-main/engine/common/engine-error'

describe('inputParser (one TypeBox schema per inbound shape)', () => {
  const parse = inputParser(
    Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Optional(Type.Integer({ minimum: 0 })) }),
    'body',
    'widget'
  )

  it('returns the value typed by the schema', () => {
    const widget = parse({ name: 'a', count: 2 })
    // The type comes from the schema: `count` is `number | undefined`, `name` a string.
    const total: number = (widget.count ?? 0) + widget.name.length
    expect(total).toBe(3)
  })

  it('answers 400 invalid_data naming every bad path', () => {
    let error: unknown
    try {
      parse({ name: '', count: -1 })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(EngineError)
    const e = error as EngineError
    expect(e.type).toBe('bad_request')
    expect(e.message).toMatch(/Invalid widget/)
    expect(e.key).toBe('invalid_data')
    const paths = (e.data as { errors: { path: string }[] }).errors.map((d) => d.path).sort()
    expect(paths).toEqual(['body.count', 'body.name'])
  })
})
