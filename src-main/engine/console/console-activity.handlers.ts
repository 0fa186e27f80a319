import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'
import { parseActivityEntryRef, parseActivityQuery } from './console-activity.inputs'
import { parseNoInput } from './console.inputs'

/** Methods of the activity page. */
export type ActivityMethods = 'activity.list' | 'activity.get' | 'activity.clear'

/** Handlers of the activity page: the stored log, one entry opened, clearing it. */
export function createActivityHandlers(engine: Engine): Pick<ConsoleHandlers, ActivityMethods> {
  const { activity } = engine
  return {
    'activity.list': { parse: parseActivityQuery, run: (query) => activity.list(query) },
    'activity.get': { parse: parseActivityEntryRef, run: ({ seq }) => activity.get(seq) },
    'activity.clear': { parse: parseNoInput('activity.clear'), run: () => ({ cleared: activity.clear() }) }
  }
}
