import type { LoggerPort } from '../engine'

type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** One line per entry on stderr, from `minLevel` up (`WORKBENCH_LOG_LEVEL`). */
export function createConsoleLogger(minLevel: Level = 'info'): LoggerPort {
  const write = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : ''
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}${extra}\n`)
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

/** Parses a log level name, defaulting to `info`. */
export function logLevelFrom(value: string | undefined): Level {
  return value && value in ORDER ? (value as Level) : 'info'
}
