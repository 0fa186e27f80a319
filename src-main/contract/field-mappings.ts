import type { ElementInstanceState } from './data-sources'
import type { ElementError } from './flows'
import type { PageQuery } from './pagination'
import type { TemplateDtoFields, TemplateQuery } from './templates'

/** Which way a field mapping goes: app record → your app (`import`), your app → app (`export`), or both. */
export type FieldMappingDirection = 'import' | 'export' | 'both'

/** A field mapping: how records of a data source map to your app's schema, as mappings (`$var`, `$jsonata`). */
export interface FieldMappingDto extends TemplateDtoFields {
  integrationId?: string
  universalFieldMappingId?: string
  dataSourceKey?: string
  /** The data source of the same layer (or the universal one) that `dataSourceKey` names. */
  dataSourceId?: string
  /** JSON Schema of the records in your app. */
  appSchema?: Record<string, unknown>
  direction: FieldMappingDirection
  /** Field of your app → mapping over the app's record. */
  defaultImportValue?: Record<string, unknown>
  /** Field of the app → mapping over your app's record. */
  defaultExportValue?: Record<string, unknown>
  /** Fields the customer cannot change. */
  frozenImportFields?: string[]
  frozenExportFields?: string[]
}

/** Body of `POST /field-mappings`. */
export interface FieldMappingCreate {
  key?: string
  name: string
  description?: string
  integrationKey?: string
  integrationId?: string
  parentId?: string
  universalFieldMappingId?: string
  dataSourceKey?: string
  dataSourceId?: string
  appSchema?: Record<string, unknown>
  direction?: FieldMappingDirection
  defaultImportValue?: Record<string, unknown>
  defaultExportValue?: Record<string, unknown>
  frozenImportFields?: string[]
  frozenExportFields?: string[]
  meta?: Record<string, unknown>
}

/** Query of `GET /field-mappings`. */
export interface FieldMappingQuery extends TemplateQuery {
  integrationId?: string
  dataSourceKey?: string
}

/** A field mapping on one customer's connection: the defaults with the customer's own mapping. */
export interface FieldMappingInstanceDto {
  id: string
  key: string
  name: string
  userId: string
  tenantId: string
  fieldMappingId: string
  universalFieldMappingId?: string
  fieldMappingRevision: string
  integrationId: string
  integrationKey: string
  connectionId: string
  instanceKey?: string
  dataSourceKey?: string
  dataSourceInstanceId?: string
  /** Fields of the app's collection, as the connection's account has them (setup fetches them). */
  dataSourceSchema?: Record<string, unknown>
  appSchema?: Record<string, unknown>
  direction: FieldMappingDirection
  defaultImportValue?: Record<string, unknown>
  defaultExportValue?: Record<string, unknown>
  /** In effect: the customer's mapping, else the default. */
  importValue?: Record<string, unknown>
  exportValue?: Record<string, unknown>
  frozenImportFields?: string[]
  frozenExportFields?: string[]
  /** Whether the customer set their own import or export mapping (reset takes them back). */
  customized: { importValue: boolean; exportValue: boolean }
  isCustomized: boolean
  state: ElementInstanceState
  errors?: ElementError[]
  revision: string
  setupAt?: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** Which field mapping instance a request names. */
export interface FieldMappingInstanceSelector {
  id?: string
  fieldMappingId?: string
  fieldMappingKey?: string
  connectionId?: string
  integrationKey?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}

/** Query of `GET /field-mapping-instances`. */
export interface FieldMappingInstanceQuery extends PageQuery {
  fieldMappingId?: string
  fieldMappingKey?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  search?: string
  includeArchived?: boolean
}

/** What applying a mapping answers: the mapped record. */
export interface FieldMappingRunResult {
  output: Record<string, unknown>
}
