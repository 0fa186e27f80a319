import { Type, type TObject, type TOptional, type TProperties, type TString } from '@sinclair/typebox'
import type { PageQuery } from './pagination'
import { Nullable } from './schema-kit'

/** A JSON object in a template's body (config, schemas, meta). */
export const JSON_OBJECT = Type.Record(Type.String(), Type.Unknown())

/** What a flow's or an action's body may set besides its own definition; null clears a value. */
export const TEMPLATE_BODY_FIELDS = {
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  meta: Type.Optional(Nullable(JSON_OBJECT))
}

/** What the API shows of every template kind (flows, actions, data sources, field mappings) around its own definition. */
export interface TemplateDtoFields {
  id: string
  key: string
  name: string
  description?: string
  /** Set for integration-level templates; absent for universal ones. */
  integrationKey?: string
  isUniversal: boolean
  /** The universal template an integration-level one was derived from (reset goes back to it). */
  parentId?: string
  /** The template differs from its parent (integration-level copies only). */
  isCustomized: boolean
  /** Increments on every change; instances remember the revision they were built from. */
  revision: string
  state: 'READY'
  meta?: Record<string, unknown>
  createdAt: string
  updatedAt: string
  archivedAt?: string
}

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

/** A key or id in the body of a data source, a field mapping or one of their instances. */
export const ELEMENT_KEY = Type.String({ minLength: 1, maxLength: 200 })

/**
 * What creating a data source or a field mapping takes besides its own fields. Unlike a flow or
 * an action (TEMPLATE_CREATE_FIELDS) the name may be left out (the key names it), integrationId
 * is checked like a key, and nothing takes null.
 */
export const ELEMENT_CREATE_FIELDS = {
  key: Type.Optional(ELEMENT_KEY),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  integrationKey: Type.Optional(ELEMENT_KEY),
  integrationId: Type.Optional(ELEMENT_KEY),
  parentId: Type.Optional(ELEMENT_KEY)
}

/**
 * What updating a data source or a field mapping takes besides its own fields; null clears the
 * description (an `anyOf`, as their 400s have always quoted it, unlike TEMPLATE_BODY_FIELDS).
 */
export const ELEMENT_UPDATE_FIELDS = {
  key: Type.Optional(ELEMENT_KEY),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]))
}

/**
 * The body schemas of one template kind, from what only that kind's body has: `Update`
 * (`PATCH` / `PUT`: the shared body fields and the kind's own) and `Create` (`POST`: those, the
 * shared create fields, what only creating takes, and the kind's name for `parentId`).
 */
export function templateBodies<Own extends TProperties, CreateOnly extends TProperties, Alias extends string>(
  own: Own,
  createOnly: CreateOnly,
  /** Membrane's name for `parentId` in this kind (`universalFlowId`, `universalParentId`). */
  parentAlias: Alias
): {
  Create: TObject<TemplateCreateFields<Own, CreateOnly, Alias>>
  Update: TObject<typeof TEMPLATE_BODY_FIELDS & Own>
} {
  const fields = { ...TEMPLATE_BODY_FIELDS, ...own }
  const alias = { [parentAlias]: Type.Optional(Type.String({ minLength: 1 })) }
  // TypeScript types a spread of generic objects as their intersection, which would keep the body's
  // optional `name` beside the required one; the object itself has the create fields' (spread last).
  const create = { ...fields, ...TEMPLATE_CREATE_FIELDS, ...createOnly, ...alias } as TemplateCreateFields<
    Own,
    CreateOnly,
    Alias
  >
  return { Create: Type.Object(create), Update: Type.Object(fields) }
}

/** The properties of a kind's create body: the shared create fields replace the body fields of the same name. */
type TemplateCreateFields<Own extends TProperties, CreateOnly extends TProperties, Alias extends string> = Omit<
  typeof TEMPLATE_BODY_FIELDS,
  keyof typeof TEMPLATE_CREATE_FIELDS
> &
  Own &
  typeof TEMPLATE_CREATE_FIELDS &
  CreateOnly &
  Record<Alias, TOptional<TString>>

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
