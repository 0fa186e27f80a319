/** Encrypts secrets before they reach the database (headless: AES-256-GCM key file; desktop: safeStorage). */
export interface SecretPort {
  /** A short name of the mechanism, shown in settings (e.g. `aes-256-gcm key file`). */
  readonly kind: string
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

/** Wall-clock time in milliseconds since the epoch; tests pass a controllable one. */
export interface ClockPort {
  now(): number
}

/** Structured log sink; the engine redacts secrets before calling it. */
export interface LoggerPort {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** Where the engine keeps its files. */
export interface DataFolderPort {
  /** Absolute path of the data folder; created if missing. */
  readonly root: string
}

/** Everything host-specific the engine needs, passed in by the composition root. */
export interface EnginePorts {
  dataFolder: DataFolderPort
  secrets: SecretPort
  clock: ClockPort
  logger: LoggerPort
}
