import type { ElementError } from './flows'
import type { PageQuery } from './pagination'
import type { TemplateDtoFields, TemplateQuery } from './templates'

/** Setup state of an instance: READY works; SETUP_FAILED says why in `errors`. */
export type ElementInstanceState = 'READY' | 'SETUP_FAILED'

/** A data source: which data collection of an app a universal integration works on. */
export interface DataSourceDto extends TemplateDtoFields {
  integrationId?: string
  /** The universal data source this integration-level one follows (Membrane's `universalDataSourceId`). */
  universalDataSourceId?: string
  /** Universal data model the collection answers to (`contacts`, `companies`, `deals`). */
  udm?: string
  collectionKey?: string
  collectionParameters?: Record<string, unknown>
}

/** Body of `POST /data-sources`. */
export interface DataSourceCreate {
  key?: string
  name: string
  description?: string
  integrationKey?: string
  integrationId?: string
  parentId?: string
  universalDataSourceId?: string
  udm?: string
  collectionKey?: string
  collectionParameters?: Record<string, unknown>
  meta?: Record<string, unknown>
}

/** Query of `GET /data-sources`. */
export interface DataSourceQuery extends TemplateQuery {
  integrationId?: string
}

/** The collection a data source instance resolved to, with its fields as the connection's account has them. */
export interface CollectionSpecDto {
  type: 'collection'
  key: string
  name: string
  fieldsSchema: Record<string, unknown>
}

/** A data source on one customer's connection: the collection it resolved to and the customer's own choice. */
export interface DataSourceInstanceDto {
  id: string
  key: string
  name: string
  userId: string
  tenantId: string
  dataSourceId: string
  universalDataSourceId?: string
  dataSourceRevision: string
  integrationId: string
  integrationKey: string
  connectionId: string
  instanceKey?: string
  udm?: string
  /** The collection in use: the customer's choice, else the data source's. */
  collectionKey?: string
  collectionParameters?: Record<string, unknown>
  /** The data source's collection, before the customer's choice. */
  defaultCollectionKey?: string
  defaultCollectionParameters?: Record<string, unknown>
  collectionSpec?: CollectionSpecDto
  isCustomized: boolean
  state: ElementInstanceState
  errors?: ElementError[]
  revision: string
  setupAt?: string
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

/** Which instance a request names: by id, or by data source and connection (or integration). */
export interface DataSourceInstanceSelector {
  id?: string
  dataSourceId?: string
  dataSourceKey?: string
  connectionId?: string
  integrationKey?: string
  instanceKey?: string
  userId?: string
  autoCreate?: boolean
}

/** Query of `GET /data-source-instances`. */
export interface DataSourceInstanceQuery extends PageQuery {
  dataSourceId?: string
  dataSourceKey?: string
  integrationKey?: string
  connectionId?: string
  instanceKey?: string
  userId?: string
  search?: string
  includeArchived?: boolean
}
