import type { Engine } from '../engine'
import { stringParam } from './query-params'

/**
 * The integration a listing is narrowed to: `?integrationKey=`, or `?integrationId=` (an id or
 * key, as the Membrane CLI sends it) turned into its key; a 400 names an unknown one.
 */
export function integrationKeyParam(engine: Engine, query: unknown): string | undefined {
  const key = stringParam(query, 'integrationKey')
  if (key !== undefined) return key
  const id = stringParam(query, 'integrationId')
  return id === undefined ? undefined : engine.integrations.keyOf(id, 'integrationId')
}
