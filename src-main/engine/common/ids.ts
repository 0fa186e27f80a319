import { randomBytes } from 'node:crypto'

let counter = randomBytes(3).readUIntBE(0, 3)

/**
 * A 24-hex-digit id shaped like the ones Membrane shows (seconds, random, counter), so ids
 * look familiar in the console and sort by creation time.
 */
export function newId(nowMs: number = Date.now()): string {
  counter = (counter + 1) & 0xffffff
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0')
  return seconds + randomBytes(5).toString('hex') + counter.toString(16).padStart(6, '0')
}

/** A url-safe random secret of `bytes` random bytes. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
