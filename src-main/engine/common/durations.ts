const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }

/**
 * Parses a lifetime: a number of seconds, or `<n><unit>` with unit s, m, h, d or w (`90s`, `2h`).
 * Returns undefined for anything else so callers can name the bad field.
 */
export function parseDurationSeconds(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(value)
  if (!match) return undefined
  const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()]
  return seconds > 0 ? Math.floor(seconds) : undefined
}
