import { randomBytes } from 'node:crypto'

let counter = randomBytes(3).readUIntBE(0, 3)

// Random bytes are drawn from a pool: one randomBytes call per 1,024 ids instead of one per id
// (a crypto call per id was a tenth of the CPU of a flow run).
const POOL_BYTES = 5 * 1024
let pool = Buffer.alloc(0)
let offset = 0

function fiveRandomBytesHex(): string {
  if (offset + 5 > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  const hex = pool.toString('hex', offset, offset + 5)
  offset += 5
  return hex
}

/**
 * A 24-hex-digit id shaped like the ones Membrane shows (seconds, random, counter), so ids
 * look familiar in the console and sort by creation time.
 */
export function newId(nowMs: number = Date.now()): string {
  counter = (counter + 1) & 0xffffff
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
  return seconds + fiveRandomBytesHex() + counter.toString(16).padStart(6, '0')
}

/** A url-safe random secret of `bytes` random bytes. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
