import { createHash, timingSafeEqual } from 'node:crypto'

/** Hex sha256 of a text: how tokens, codes and keys are looked up without being stored. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Compares two texts in constant time (for secrets). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
