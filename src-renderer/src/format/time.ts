const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1]
]

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })
const clock = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })

/** "3 minutes ago", "in 2 hours". */
export function fromNow(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—'
  const seconds = Math.round((Date.parse(iso) - now) / 1000)
  if (Math.abs(seconds) < 10) return 'just now'
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return relative.format(Math.round(seconds / size), unit)
  }
  return iso
}

/** "Jan 31, 2026, 09:30". */
export function formatDateTime(iso: string | undefined): string {
  return iso ? absolute.format(new Date(iso)) : '—'
}

/** "09:30:12.345" for the activity log. */
export function formatClock(iso: string): string {
  const d = new Date(iso)
  return `${clock.format(d)}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** "2 h 5 min", "45 s": a duration in seconds for people. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`
  if (seconds < 86400) {
    const h = Math.floor(seconds / 3600)
    const m = Math.round((seconds % 3600) / 60)
    return m ? `${h} h ${m} min` : `${h} h`
  }
  const d = Math.floor(seconds / 86400)
  const h = Math.round((seconds % 86400) / 3600)
  return h ? `${d} d ${h} h` : `${d} d`
}

/** Thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en')
}
