import { CONSOLE_METHODS, type ConsoleMethod, type ConsoleResult } from '../../contract/console-api'
import { EngineError } from '../common/engine-error'
import { assertValueDepth } from '../common/json-depth'
import type { LoggerPort } from '../ports'
import type { ConsoleHandler, ConsoleHandlers } from './console-handler'

const KNOWN = new Set<string>(CONSOLE_METHODS)

/** Whether `method` names a console API method (own names only: no `constructor`, no `__proto__`). */
export function isConsoleMethod(method: unknown): method is ConsoleMethod {
  return typeof method === 'string' && KNOWN.has(method)
}

/**
 * Runs one console call for a transport: refuses unknown methods, parses the input, runs the
 * handler, and turns every outcome into data. Never throws; unexpected errors are logged and
 * answered as `internal`.
 */
export async function dispatchConsoleCall(
  handlers: ConsoleHandlers,
  method: unknown,
  input: unknown,
  logger: LoggerPort
): Promise<ConsoleResult<unknown>> {
  if (!isConsoleMethod(method)) {
    const named = typeof method === 'string' ? `"${method.slice(0, 80)}"` : `a ${typeof method}`
    return {
      ok: false,
      status: 404,
      error: {
        type: 'bad_request',
        key: 'not_found',
        message: `The console API has no method ${named}. Methods: ${CONSOLE_METHODS.join(', ')}.`
      }
    }
  }
  const handler = handlers[method] as ConsoleHandler<ConsoleMethod>
  try {
    assertValueDepth(input, `The input of ${method}`)
    const parsed = handler.parse(input)
    const value = await handler.run(parsed as never)
    return { ok: true, value }
  } catch (error) {
    if (error instanceof EngineError) return { ok: false, status: error.status, error: error.toBody() }
    logger.error('console call failed', {
      method,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error)
    })
    return {
      ok: false,
      status: 500,
      error: {
        type: 'internal',
        message: `${method} failed: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  }
}
