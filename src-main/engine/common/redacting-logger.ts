import type { LoggerPort } from '../ports'

const SECRET_KEY = /secret|token|password|passphrase|credential|api[-_]?key|authorization|cookie|private/i

/** Whether a property name looks like it holds a secret (its value is never logged). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

/** Copies `value` with every secret-looking property replaced by `[redacted]`. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)
  return out
}

/** Wraps a logger port so no secret reaches it through structured fields. */
export function createRedactingLogger(port: LoggerPort): LoggerPort {
  const wrap =
    (level: keyof LoggerPort) =>
    (message: string, fields?: Record<string, unknown>): void =>
      port[level](message, fields ? (redact(fields) as Record<string, unknown>) : undefined)
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') }
}
