import type { EngineEventMap, EventBus } from '../events/event-bus'
import type { TemplateKind } from './template.service'
import type { TemplateRow } from './template.repository'

/** The static part of a template kind; its events (`flow.created`, …) and 409 id field (`flowId`) follow from its name. */
interface TemplateKindRow {
  noun: string
  aNoun: string
  contentColumns: readonly string[]
  parentNeedsIntegration: string
  parentNotUniversal: (parent: TemplateRow) => string
  /** Whether its `updated` event says if the definition changed (instances follow a flow's). */
  updatedSaysContentChanged: boolean
}

/**
 * The table of template kinds: what the shared rules of TemplateService say differently for
 * each kind (flows, actions, data sources and field mappings; each one's service extends it).
 */
export const TEMPLATE_KINDS = {
  flow: {
    noun: 'flow',
    aNoun: 'a flow',
    contentColumns: ['nodes', 'name', 'description', 'parameters_schema', 'concurrency'],
    parentNeedsIntegration:
      'parentId applies to integration-level flows: add integrationKey, or leave parentId out for a universal flow.',
    parentNotUniversal: (parent) =>
      `parentId must name a universal flow; "${parent.key}" belongs to integration "${parent.integration_key}".`,
    updatedSaysContentChanged: true
  },
  action: {
    noun: 'action',
    aNoun: 'an action',
    contentColumns: ['type', 'config', 'name', 'description', 'input_schema', 'output_mapping', 'custom_output_schema'],
    parentNeedsIntegration: 'parentId applies to integration-level actions: add integrationKey.',
    parentNotUniversal: (parent) =>
      `parentId must name a universal action; "${parent.key}" belongs to "${parent.integration_key}".`,
    updatedSaysContentChanged: false
  },
  dataSource: {
    noun: 'data source',
    aNoun: 'a data source',
    contentColumns: ['name', 'description', 'udm', 'collection_key', 'collection_parameters'],
    parentNeedsIntegration:
      'universalDataSourceId (parentId) applies to integration-level data sources: add integrationKey.',
    parentNotUniversal: (parent) =>
      `universalDataSourceId must name a universal data source; "${parent.key}" belongs to "${parent.integration_key}".`,
    updatedSaysContentChanged: false
  },
  fieldMapping: {
    noun: 'field mapping',
    aNoun: 'a field mapping',
    contentColumns: [
      'name',
      'description',
      'data_source_key',
      'app_schema',
      'direction',
      'default_import_value',
      'default_export_value',
      'frozen_import_fields',
      'frozen_export_fields'
    ],
    parentNeedsIntegration:
      'universalFieldMappingId (parentId) applies to integration-level field mappings: add integrationKey.',
    parentNotUniversal: (parent) =>
      `universalFieldMappingId must name a universal field mapping; "${parent.key}" belongs to "${parent.integration_key}".`,
    updatedSaysContentChanged: false
  }
} as const satisfies Record<string, TemplateKindRow>

/** The name of a kind in the table. */
export type TemplateKindName = keyof typeof TEMPLATE_KINDS

type TemplateEventName = `${TemplateKindName}.${'created' | 'updated' | 'archived' | 'restored'}`

/** The TemplateKind a service runs on: the kind's row, its DTO mapper, and its events on the bus. */
export function templateKind<Row extends TemplateRow, Dto>(
  events: EventBus,
  name: TemplateKindName,
  toDto: (row: Row) => Dto
): TemplateKind<Row, Dto> {
  const row: TemplateKindRow = TEMPLATE_KINDS[name]
  const emit = (what: 'created' | 'updated' | 'archived' | 'restored', payload: Record<string, unknown>) => {
    const event: TemplateEventName = `${name}.${what}`
    events.emit(event, payload as unknown as EngineEventMap[TemplateEventName])
  }
  return {
    noun: row.noun,
    aNoun: row.aNoun,
    idField: `${name}Id`,
    contentColumns: row.contentColumns as readonly (keyof Row & string)[],
    parentNeedsIntegration: row.parentNeedsIntegration,
    parentNotUniversal: row.parentNotUniversal,
    toDto,
    events: {
      created: (dto) => emit('created', { [name]: dto }),
      updated: (dto, contentChanged) =>
        emit('updated', row.updatedSaysContentChanged ? { [name]: dto, contentChanged } : { [name]: dto }),
      archived: (dto) => emit('archived', { [name]: dto }),
      restored: (dto) => emit('restored', { [name]: dto })
    }
  }
}
