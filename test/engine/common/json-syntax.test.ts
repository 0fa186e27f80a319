import { describe, expect, it } from 'vitest'
import { jsonErrorOffset } from '../../../src-main/engine/common/json-syntax'

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on valid documents', () => {
    const samples = [
      { a: 1, b: [true, false, null, -1.5e3, 'x\n"y"\\u'], c: { d: {} }, e: [] },
      [],
      'text',
      0,
      { unicode: 'ü €', escaped: '\u0001' }
    ]
    for (const sample of samples) {
      expect(jsonErrorOffset(JSON.stringify(sample))).toBe(-1)
      expect(jsonErrorOffset(JSON.stringify(sample, null, 2))).toBe(-1)
    }
  })

  it('points at the first bad character', () => {
    expect(jsonErrorOffset('{"a":Acme"}')).toBe(5)
    expect(jsonErrorOffset('{"a":1,}')).toBe(7)
    expect(jsonErrorOffset('[1 2]')).toBe(3)
    expect(jsonErrorOffset('{"a":1} x')).toBe(8)
    expect(jsonErrorOffset('{"a":"\\q"}')).toBe(7)
  })

  it('reports the end for truncated text', () => {
    const text = JSON.stringify({ a: [1, 2, { b: 'c' }] })
    for (let cut = 1; cut < text.length; cut++) expect(jsonErrorOffset(text.slice(0, cut))).toBe(cut)
  })
})
