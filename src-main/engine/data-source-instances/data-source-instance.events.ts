import type { EventBus } from '../events/event-bus'
import type { FieldMappingInstanceService } from '../field-mapping-instances/field-mapping-instance.service'
import type { LoggerPort } from '../ports'
import type { DataSourceInstanceService } from './data-source-instance.service'

/** Imported data source instances are set up here, then the field mapping instances that read them (the import's answer waits, through `track`). */
export function setupImportedDataSourceInstances(
  events: EventBus,
  dataSourceInstances: DataSourceInstanceService,
  fieldMappingInstances: FieldMappingInstanceService,
  logger: LoggerPort,
  track: (work: Promise<unknown>) => void
): void {
  events.on('snapshot.imported', () => {
    track(
      dataSourceInstances
        .setupAll()
        .then(() => fieldMappingInstances.setupAll())
        .catch((error: unknown) =>
          logger.error('setting up imported data source and field mapping instances failed', { error: String(error) })
        )
    )
  })
}
