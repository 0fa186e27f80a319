import type { ClockPort } from '../ports'
import { notFound } from '../common/engine-error'
import { randomSecret } from '../common/ids'

/** How long an export's download URL works. */
export const DOWNLOAD_TTL_MS = 15 * 60 * 1000
const KEEP = 20

interface Download {
  bytes: Uint8Array
  fileName: string
  expiresAt: number
}

/**
 * Capability URLs for finished exports: whoever holds the random token downloads the file
 * without a bearer token, until it expires (engine clock). Kept in memory, the latest 20.
 */
export class DownloadLinks {
  private readonly items = new Map<string, Download>()

  constructor(private readonly clock: ClockPort) {}

  /** Stores a file; the token and when it stops working (ms). */
  put(bytes: Uint8Array, fileName: string): { token: string; expiresAt: number } {
    const token = randomSecret(32)
    const expiresAt = this.clock.now() + DOWNLOAD_TTL_MS
    this.items.set(token, { bytes, fileName, expiresAt })
    while (this.items.size > KEEP) this.items.delete(this.items.keys().next().value!)
    return { token, expiresAt }
  }

  /** The file behind a token; 404 when unknown or expired. */
  get(token: string): { bytes: Uint8Array; fileName: string } {
    const item = this.items.get(token)
    if (!item || this.clock.now() >= item.expiresAt) {
      if (item) this.items.delete(token)
      throw notFound('This download link is unknown or has expired (links work for 15 minutes): export again.')
    }
    return item
  }
}
