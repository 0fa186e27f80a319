import { Type } from '@sinclair/typebox'
import { inputParser } from '../common/input-parser'
import type { Engine } from '../engine'
import type { ConsoleHandlers } from './console-handler'

/** Methods of the app event types page and the customer page's event subscriptions card. */
export type AppEventMethods =
  'appEventTypes.list' | 'appEventTypes.get' | 'appEventTypes.sendTest' | 'customers.eventSubscriptions'

const ID = Type.String({ minLength: 1, maxLength: 200 })

const parseList = inputParser(
  Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  '',
  'listing query'
)
const parseRef = inputParser(Type.Object({ id: ID }, { additionalProperties: false }), '', 'reference')
const parseSendTest = inputParser(
  Type.Object({ id: ID, customerId: ID, payload: Type.Unknown() }, { additionalProperties: false }),
  '',
  'test event (send {"id": "<event type id>", "customerId": "<customer id>", "payload": {…}})'
)

/**
 * Handlers of the app event types page and the event subscriptions of a customer. A test event
 * goes through the same path as your app's (the type's schema checks the payload; a bad one is a
 * 400 naming the field and starts nothing), for the customer picked.
 */
export function createAppEventHandlers(engine: Engine): Pick<ConsoleHandlers, AppEventMethods> {
  const actor = engine.consoleActor
  const { appEventTypes, appEvents, appEventSubscriptions, externalEvents, flowRuns } = engine
  return {
    'appEventTypes.list': {
      parse: parseList,
      run: ({ includeArchived }) => appEventTypes.list({ limit: 1000, includeArchived }).items
    },
    'appEventTypes.get': { parse: parseRef, run: ({ id }) => appEventTypes.get(id) },
    'appEventTypes.sendTest': {
      parse: parseSendTest,
      run: async ({ id, customerId, payload }) => {
        const type = appEventTypes.get(id)
        const result = await appEvents.receive(actor, type.key, payload, { customerId })
        return { eventId: result.id, runs: result.launchedFlowRunIds.map((runId) => flowRuns.get(actor, runId)) }
      }
    },
    'customers.eventSubscriptions': {
      parse: parseRef,
      run: ({ id }) => ({
        appEvents: appEventSubscriptions.list(actor, { userId: id, limit: 100 }).items,
        externalEvents: externalEvents.list(actor, { userId: id, limit: 100 }).items
      })
    }
  }
}
