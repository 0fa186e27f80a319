import type { ConsoleInput, ConsoleMethod, ConsoleMode, ConsoleOutput } from '../../contract/console-api'

// The handler types, apart from the table that assembles them, so each handler file can name its
// part of the table without importing the table (no import cycle).
/** One console method: how its input is parsed at the edge, and what it does. */
export interface ConsoleHandler<M extends ConsoleMethod> {
  parse(input: unknown): ConsoleInput<M>
  run(input: ConsoleInput<M>): ConsoleOutput<M> | Promise<ConsoleOutput<M>>
}

/** The handler table: one handler per method of the spec, or it does not compile. */
export type ConsoleHandlers = { readonly [M in ConsoleMethod]: ConsoleHandler<M> }

/** What the host tells the console about itself. */
export interface ConsoleHostPort {
  readonly mode: ConsoleMode
  /** Base URL of the local REST API once it listens. */
  apiUrl(): string
  /** The browser console's link (it carries the console secret) and its rotation, where the host serves one. */
  consoleLink?: { url(): string; rotate(): string }
}
