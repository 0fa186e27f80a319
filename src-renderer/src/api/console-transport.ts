import type { ConsoleMethod, ConsoleResult } from '@contract/console-api'

/** Carries one console call to the engine and brings its result back as data. */
export interface ConsoleTransport {
  readonly kind: 'ipc' | 'http'
  send(method: ConsoleMethod, input: unknown): Promise<ConsoleResult<unknown>>
}
