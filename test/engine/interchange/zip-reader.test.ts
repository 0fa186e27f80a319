import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readZip, unsafeEntryName } from '../../../src-main/engine/interchange/zip-reader'

const LIMITS = { maxEntries: 10, maxEntryBytes: 1000, maxTotalBytes: 1500 }

/** Rewrites the declared uncompressed size of every entry (local and central headers) to `size`. */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice()
  const view = new DataView(out.buffer)
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true)
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true)
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true)
  }
  return out
}

describe('readZip', () => {
  it('reads plain entries and skips directories', () => {
    const entries = readZip(zipSync({ 'a/b.txt': strToU8('hello'), 'a/c/': new Uint8Array(0) }), LIMITS)
    expect(entries).toEqual([{ name: 'a/b.txt', data: strToU8('hello') }])
  })

  it('names unsafe entry names', () => {
    expect(unsafeEntryName('../x')).toContain('".."')
    expect(unsafeEntryName('a/../../x')).toContain('".."')
    expect(unsafeEntryName('/abs')).toContain('absolute')
    expect(unsafeEntryName('C:/x')).toContain('drive letter')
    expect(unsafeEntryName('a\\b')).toContain('"\\"')
    expect(unsafeEntryName('a//b')).toContain('empty')
    expect(unsafeEntryName('flows/x/spec.yaml')).toBeUndefined()
  })

  it('refuses totals over the limit before inflating', () => {
    const zip = zipSync({ a: new Uint8Array(800), b: new Uint8Array(800) })
    expect(() => readZip(zip, LIMITS)).toThrow(/unpacks to more than 1500 bytes \(at entry "b"\)/)
  })

  it('caps an entry whose header understates its size at the declared size', () => {
    const zip = lieAboutSize(zipSync({ a: new Uint8Array(100_000) }, { level: 9 }), 10)
    const entries = readZip(zip, LIMITS)
    expect(entries[0].data.byteLength).toBeLessThanOrEqual(10)
  })
})
