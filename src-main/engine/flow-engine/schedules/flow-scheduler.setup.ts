import type { EventBus } from '../../events/event-bus'
import type { FlowScheduler } from './flow-scheduler'

/** Schedules follow their instances: each change re-reads one; an import re-reads all. */
export function setupFlowSchedules(events: EventBus, flowSchedules: FlowScheduler): void {
  for (const event of [
    'flowInstance.created',
    'flowInstance.updated',
    'flowInstance.archived',
    'flowInstance.restored'
  ] as const) {
    events.on(event, ({ flowInstance }) => void flowSchedules.sync(flowInstance.id))
  }
  events.on('snapshot.imported', () => void flowSchedules.resyncAll())
}
