import type { ConsoleInput, ConsoleMethod, ConsoleOutput } from '@contract/console-api'
import type { ErrorBody, ErrorDetail } from '@contract/errors'
import type { ConsoleTransport } from './console-transport'

/** A console call the engine refused, with its Membrane error body. */
export class ConsoleCallError extends Error {
  constructor(
    readonly body: ErrorBody,
    readonly status: number
  ) {
    super(body.message)
    this.name = 'ConsoleCallError'
  }

  /** The per-field problems the engine named, if any. */
  get details(): ErrorDetail[] {
    return this.body.data?.errors ?? []
  }
}

type InputArgs<M extends ConsoleMethod> = [ConsoleInput<M>] extends [void] ? [] : [input: ConsoleInput<M>]

/** The console's one way to reach the engine, whatever the transport. */
export interface ConsoleClient {
  readonly transport: ConsoleTransport['kind']
  /** Calls a method; resolves with its output or rejects with a {@link ConsoleCallError}. */
  call<M extends ConsoleMethod>(method: M, ...input: InputArgs<M>): Promise<ConsoleOutput<M>>
  /** Called when the engine says the console is not (or no longer) allowed in. */
  onUnauthenticated(listener: (error: ConsoleCallError) => void): () => void
  /** Called when calls stop reaching the engine (`false`: the server is down) and when they reach it again. */
  onReachability(listener: (reachable: boolean) => void): () => void
}

/** Wraps a transport into the typed client. */
export function createConsoleClient(transport: ConsoleTransport): ConsoleClient {
  const listeners = new Set<(error: ConsoleCallError) => void>()
  const reachability = new Set<(reachable: boolean) => void>()
  let reachable = true
  const seen = (now: boolean) => {
    if (now === reachable) return
    reachable = now
    for (const listener of reachability) listener(now)
  }
  return {
    transport: transport.kind,
    async call(method, ...input) {
      const result = await transport.send(method, input[0])
      // status 0: the request never got an answer (the server is down or restarting)
      seen(result.ok || result.status !== 0)
      if (result.ok) return result.value as never
      const error = new ConsoleCallError(result.error, result.status)
      if (result.status === 401) for (const listener of listeners) listener(error)
      throw error
    },
    onUnauthenticated(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onReachability(listener) {
      reachability.add(listener)
      return () => reachability.delete(listener)
    }
  }
}

/** The error's message for people, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** What a field's error line says: the engine's first field problem (a 400's details), else the message. */
export function fieldMessageOf(error: unknown): string {
  return error instanceof ConsoleCallError && error.details[0] ? error.details[0].message : messageOf(error)
}
