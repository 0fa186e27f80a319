import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The bytes of an engine's database file and WAL, to prove an import changed nothing. */
export function databaseBytes(dataDir: string): string {
  return ['workbench.sqlite', 'workbench.sqlite-wal']
    .map((f) => {
      try {
        return readFileSync(join(dataDir, f)).toString('base64')
      } catch {
        return ''
      }
    })
    .join('|')
}

const VOLATILE = new Set([
  'ref',
  'id',
  'exportedAt',
  'createdAt',
  'updatedAt',
  'startedAt',
  'finishedAt',
  'startTime',
  'endTime',
  'at',
  'lastActiveAt'
])

/** A snapshot with ids, refs and timestamps replaced by placeholders, for "equal apart from ids and timestamps". */
export function normalizeSnapshot(value: unknown, refs = new Map<string, string>()): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeSnapshot(v, refs))
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' && refs.has(value) ? refs.get(value) : value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (VOLATILE.has(k) || /Ref$/.test(k) || (/Id$/.test(k) && typeof v === 'string' && /^[0-9a-f]{24}$/.test(v)))
      out[k] = typeof v === 'string' ? '<id-or-time>' : v
    else out[k] = normalizeSnapshot(v, refs)
  }
  return out
}
