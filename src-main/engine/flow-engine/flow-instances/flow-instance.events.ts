import type { EventBus } from '../../events/event-bus'
import type { LoggerPort } from '../../ports'
import type { FlowInstanceService } from './flow-instance.service'

/**
 * Imported instances arrive with runtimes cached for the old rows and webhooks that point at the
 * exporting workspace: forget the runtimes and deploy the instances here again. The work is handed
 * to `track` so the import's answer can wait for it (`SnapshotService.importAndSetUp`, issue 15).
 */
export function setupImportedFlowInstances(
  events: EventBus,
  flowInstances: FlowInstanceService,
  logger: LoggerPort,
  track: (work: Promise<unknown>) => void
) {
  events.on('snapshot.imported', () => {
    flowInstances.runtimes.clear()
    track(
      flowInstances
        .redeployAll({ only: 'never-set-up' })
        .catch((error: unknown) => logger.error('setting up imported flow instances failed', { error: String(error) }))
    )
  })
}

/** Triggers subscribed under another URL (an earlier port) would never be delivered here: subscribe them again. */
export function redeployOnNewApiUrl(flowInstances: FlowInstanceService, logger: LoggerPort): void {
  void flowInstances
    .redeployAll({ only: 'stale' })
    .catch((error: unknown) => logger.error('moving record triggers to the new URL failed', { error: String(error) }))
}
