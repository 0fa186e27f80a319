import { fflateModule } from '../common/lazy-modules'
import { EngineError, invalidData } from '../common/engine-error'

/** How much a zip may hold before it is refused unread. */
export interface ZipLimits {
  maxEntries: number
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number
}

/** One file of a zip (directories are left out). */
export interface ZipEntry {
  name: string
  data: Uint8Array
}

function refuse(path: string, message: string): never {
  throw invalidData(message, [{ path, message }])
}

/** Why an entry name may not be unpacked, or undefined when it is a plain relative path. */
export function unsafeEntryName(name: string): string | undefined {
  if (!name) return 'has an empty name'
  if (name.includes('\0')) return 'has a NUL character in its name'
  if (name.includes('\\')) return 'uses "\\" in its path; zip paths use "/"'
  if (name.startsWith('/')) return 'has an absolute path'
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter'
  if (name.split('/').some((part) => part === '..')) return 'climbs out of the archive with ".."'
  if (name.split('/').some((part, i, all) => part === '.' || (part === '' && i < all.length - 1)))
    return 'has an empty or "." path segment'
  return undefined
}

/**
 * Reads a zip from memory without trusting it: refuses (400, naming the entry) anything that
 * is not a zip, a truncated or damaged archive, unsafe entry names (absolute, `..`, `\`),
 * duplicate names, too many entries and entries or totals over the limits, all before any
 * entry is inflated. Inflated output is capped at the declared size, so a lying header cannot
 * make an entry bigger than the limits let through.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits, field = 'file'): ZipEntry[] {
  if (bytes.byteLength < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    refuse(field, `${field} is not a zip archive (a zip starts with "PK"); export one with GET /export.`)
  let count = 0
  let total = 0
  const seen = new Set<string>()
  let files: Record<string, Uint8Array>
  try {
    files = fflateModule().unzipSync(bytes, {
      filter: (info) => {
        count++
        if (count > limits.maxEntries)
          refuse(
            field,
            `${field} has more than ${limits.maxEntries} entries; split it or leave out what is not needed.`
          )
        const problem = unsafeEntryName(info.name)
        if (problem) refuse(`${field}:${info.name}`, `Zip entry "${info.name}" ${problem}; it was not unpacked.`)
        if (seen.has(info.name)) refuse(`${field}:${info.name}`, `Zip entry "${info.name}" appears twice.`)
        seen.add(info.name)
        if (info.name.endsWith('/')) return false
        if (info.originalSize > limits.maxEntryBytes)
          refuse(
            `${field}:${info.name}`,
            `Zip entry "${info.name}" is ${info.originalSize} bytes unpacked; the limit is ${limits.maxEntryBytes}.`
          )
        total += info.originalSize
        if (total > limits.maxTotalBytes)
          refuse(
            `${field}:${info.name}`,
            `${field} unpacks to more than ${limits.maxTotalBytes} bytes (at entry "${info.name}").`
          )
        return true
      }
    })
  } catch (error) {
    if (error instanceof EngineError) throw error
    refuse(field, `${field} is a damaged or truncated zip archive (${(error as Error).message}); export it again.`)
  }
  return Object.entries(files).map(([name, data]) => ({ name, data }))
}
