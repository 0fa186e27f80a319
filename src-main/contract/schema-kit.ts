import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox'

// TypeBox builders for inbound shapes whose JSON Schema keeps the keywords the engine has always
// used, so ajv's messages (and the 400s that quote them) stay as they were.

/**
 * `schema` or null, as one `type: [..., 'null']` keyword rather than TypeBox's `anyOf`, so a
 * wrong value gets one message naming both ("must be object,null") as it always has.
 */
export function Nullable<S extends TSchema & { type: string }>(schema: S): TUnsafe<Static<S> | null> {
  return Type.Unsafe<Static<S> | null>({ ...schema, type: [schema.type, 'null'] })
}

/**
 * One of fixed values, as a plain `enum` keyword (TypeBox's literal unions are `anyOf`s of `const`).
 * `options` adds keywords beside it (`type`, `title`, `description`).
 */
export function Enum<const V extends readonly (string | number)[]>(
  values: V,
  options: Record<string, unknown> = {}
): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ ...options, enum: values })
}

/** An id (or key) the console names one thing by: a customer, connection, flow, instance or run. */
export const ID = Type.String({ minLength: 1, maxLength: 256 })

/** `cursor` and `limit` of a console listing. */
export const PAGING = {
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 }))
}
