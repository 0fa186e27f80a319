import type { EventBus } from '../events/event-bus'
import type { LoggerPort } from '../ports'
import type { ActionInstanceService } from './action-instance.service'

/** Imported action instances are set up on this workspace's connections (the import's answer waits, through `track`). */
export function setupImportedActionInstances(
  events: EventBus,
  actionInstances: ActionInstanceService,
  logger: LoggerPort,
  track: (work: Promise<unknown>) => void
): void {
  events.on('snapshot.imported', () => {
    track(
      actionInstances
        .setupImported()
        .catch((error: unknown) =>
          logger.error('setting up imported action instances failed', { error: String(error) })
        )
    )
  })
}
