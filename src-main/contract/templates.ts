import type { PageQuery } from './pagination'

/** Query of `GET /flows` and `GET /actions`: the template listings. */
export interface TemplateQuery extends PageQuery {
  search?: string
  integrationKey?: string
  isUniversal?: boolean
  parentId?: string
  includeArchived?: boolean
}

/** Which template a selector names: an id or key, optionally narrowed to an integration. */
export interface ElementSelector {
  id?: string
  key?: string
  integrationKey?: string
}
