import { describe, expect, it } from 'vitest'
import { parseMultipart } from '../../src-main/http/multipart-form'

async function encode(form: FormData): Promise<{ body: Buffer; type: string }> {
  const request = new Request('http://x/', { method: 'POST', body: form })
  return { body: Buffer.from(await request.arrayBuffer()), type: request.headers.get('content-type')! }
}

describe('parseMultipart', () => {
  it('reads files and fields as fetch encodes them', async () => {
    const form = new FormData()
    const bytes = new Uint8Array([0, 1, 2, 13, 10, 45, 45, 255])
    form.append('file', new Blob([bytes], { type: 'application/zip' }), 'w.zip')
    form.append('dryRun', 'true')
    const { body, type } = await encode(form)
    const parsed = parseMultipart(body, type)
    expect(parsed.fields).toEqual({ dryRun: 'true' })
    expect(parsed.files.file.fileName).toBe('w.zip')
    expect(parsed.files.file.contentType).toBe('application/zip')
    expect(new Uint8Array(parsed.files.file.data)).toEqual(bytes)
  })

  it('refuses a missing boundary, a truncated body, repeated names and too many parts', async () => {
    expect(() => parseMultipart(Buffer.from('x'), 'application/json')).toThrow(/multipart\/form-data with a boundary/)
    const form = new FormData()
    form.append('file', new Blob(['abc']), 'a.zip')
    const { body, type } = await encode(form)
    expect(() => parseMultipart(body.subarray(0, body.length - 20), type)).toThrow(/truncated/)
    const twice = new FormData()
    twice.append('a', '1')
    twice.append('a', '2')
    const t = await encode(twice)
    expect(() => parseMultipart(t.body, t.type)).toThrow(/"a" appears twice/)
    const many = new FormData()
    for (let i = 0; i < 25; i++) many.append(`f${i}`, 'x')
    const m = await encode(many)
    expect(() => parseMultipart(m.body, m.type)).toThrow(/more than 20 parts/)
  })

  it('refuses an oversized text field', async () => {
    const form = new FormData()
    form.append('note', 'x'.repeat(70_000))
    const { body, type } = await encode(form)
    expect(() => parseMultipart(body, type)).toThrow(/"note" is over 65536 bytes/)
  })
})
