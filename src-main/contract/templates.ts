import { Type } from '@sinclair/typebox'
import type { PageQuery } from './pagination'

/**
 * What creating a flow or an action takes besides its own fields: its name, the integration it
 * belongs to (by key, or Membrane's `integrationId`), and the universal one it copies (`parentId`).
 */
export const TEMPLATE_CREATE_FIELDS = {
  name: Type.String({ minLength: 1, maxLength: 500 }),
  integrationKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** Membrane's spelling of `integrationKey`, by id. */
  integrationId: Type.Optional(Type.String()),
  /** A universal template (id or key) to copy from and reset to. */
  parentId: Type.Optional(Type.String({ minLength: 1 }))
}

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
