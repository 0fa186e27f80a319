import type { InstanceTableKind } from './instance.repository'

/** What sets one kind of instance apart; its event names, id field and selector names follow from its name and template. */
export interface InstanceKindRow extends InstanceTableKind {
  /** The template's name in selectors and bodies: `dataSourceId`, `dataSourceKey`. */
  template: string
  /** The noun messages use: "data source instance". */
  noun: string
  /** What a restore's 409 says the other live instance is of. */
  restoreConflict: string
  /** The columns of the customer's own settings, which `reset` takes back to NULL (the template's). */
  customColumns: readonly string[]
  /** What the 404 of a customer with no connection says the instance lacks, and what it adds after "connect first (…)". */
  lacking: string
  afterConnect: string
}

/**
 * The table of instance kinds: templates deployed for one customer, on one of its connections
 * (flow and action instances may live on none). The repositories, services and events of every
 * kind are made from its row.
 */
export const INSTANCE_KINDS = {
  flowInstance: {
    table: 'flow_instances',
    templateColumn: 'flow_id',
    template: 'flow',
    noun: 'flow instance',
    searchColumn: 'name',
    restoreConflict: 'this flow',
    customColumns: [],
    lacking: 'has nowhere to be deployed',
    afterConnect: ', then ask again'
  },
  actionInstance: {
    table: 'action_instances',
    templateColumn: 'action_id',
    template: 'action',
    noun: 'action instance',
    searchColumn: 'name',
    restoreConflict: 'this action',
    customColumns: ['name', 'config', 'input_schema', 'output_mapping'],
    lacking: 'has nowhere to run',
    afterConnect: ''
  },
  dataSourceInstance: {
    table: 'data_source_instances',
    templateColumn: 'data_source_id',
    template: 'dataSource',
    noun: 'data source instance',
    searchColumn: 'collection_key',
    restoreConflict: 'this data source on the connection',
    customColumns: ['collection_key', 'collection_parameters'],
    lacking: 'has no app to read',
    afterConnect: ''
  },
  fieldMappingInstance: {
    table: 'field_mapping_instances',
    templateColumn: 'field_mapping_id',
    template: 'fieldMapping',
    noun: 'field mapping instance',
    searchColumn: 'import_value',
    restoreConflict: 'this field mapping on the connection',
    customColumns: ['import_value', 'export_value'],
    lacking: 'has no app to map to',
    afterConnect: ''
  }
} as const satisfies Record<string, InstanceKindRow>

/** The name of a kind of instance: `dataSourceInstance` (its events are `dataSourceInstance.created`, …). */
export type InstanceKindName = keyof typeof INSTANCE_KINDS
