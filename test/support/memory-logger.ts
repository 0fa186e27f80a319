import type { LoggerPort } from '../../src-main/engine'

/** A log entry as the port received it. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error'
  message: string
  fields?: Record<string, unknown>
}

/** A logger that keeps entries, so tests can assert what reached the log (and what did not). */
export function createMemoryLogger(): LoggerPort & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = []
  const at = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) =>
    entries.push({ level, message, fields })
  return {
    entries,
    text: () => entries.map((e) => `${e.level} ${e.message} ${e.fields ? JSON.stringify(e.fields) : ''}`).join('\n'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error')
  }
}
