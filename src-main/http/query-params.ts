import { EngineError } from '../engine'

type Query = Record<string, unknown>

function bad(name: string, message: string): EngineError {
  return new EngineError({
    type: 'bad_request',
    key: 'invalid_data',
    message: `Query parameter ${name} ${message}`,
    data: { errors: [{ path: name, message }] }
  })
}

/** A string query parameter (the first, if repeated). */
export function stringParam(query: unknown, name: string): string | undefined {
  const value = (query as Query | undefined)?.[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === undefined || first === '' ? undefined : String(first)
}

/** `true` / `false` (also `1` / `0`); anything else is a 400 naming the parameter. */
export function boolParam(query: unknown, name: string): boolean | undefined {
  const value = stringParam(query, name)
  if (value === undefined) return undefined
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw bad(name, `must be true or false, got "${value}"`)
}

/** An integer query parameter; 400 when it is not one. */
export function intParam(query: unknown, name: string): number | undefined {
  const value = stringParam(query, name)
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n)) throw bad(name, `must be an integer, got "${value}"`)
  return n
}
