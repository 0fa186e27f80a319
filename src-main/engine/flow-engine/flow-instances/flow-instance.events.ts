import type { EventBus } from '../../events/event-bus'
import type { LoggerPort } from '../../ports'
import type { FlowInstanceService } from './flow-instance.service'

/**
 * Imported instances arrive with runtimes cached for the old rows and webhooks that point at the
 * exporting workspace: forget the runtimes and deploy the instances here again.
 */
export function setupImportedFlowInstances(events: EventBus, flowInstances: FlowInstanceService, logger: LoggerPort) {
  events.on('snapshot.imported', () => {
    flowInstances.runtimes.clear()
    void flowInstances
      .redeployAll({ only: 'never-set-up' })
      .catch((error: unknown) => logger.error('setting up imported flow instances failed', { error: String(error) }))
  })
}

/** Triggers subscribed under another URL (an earlier port) would never be delivered here: subscribe them again. */
export function redeployOnNewApiUrl(flowInstances: FlowInstanceService, logger: LoggerPort): void {
  void flowInstances
    .redeployAll({ only: 'stale' })
    .catch((error: unknown) => logger.error('moving record triggers to the new URL failed', { error: String(error) }))
}
