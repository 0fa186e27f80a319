import type { ColumnType } from 'kysely'

declare const jsonTextOf: unique symbol

/**
 * JSON text holding a `T`, as stored in a TEXT column. Branded so a column typed `JsonColumn<T>`
 * can only be written through `toJsonColumn` and read through `fromJsonColumn`: the type of what
 * is inside travels with the column, and no repository repeats `JSON.parse(...) as T`.
 */
export type JsonText<T> = string & { readonly [jsonTextOf]: T }

/** A TEXT column holding JSON of `T` (the storage format is plain JSON text, unchanged). */
export type JsonColumn<T> = ColumnType<JsonText<T>, JsonText<T>, JsonText<T>>

/** `value` as JSON text for a `JsonColumn<T>`. */
export function toJsonColumn<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>
}

/** The value in a `JsonColumn<T>`; a NULL (or empty) column gives `fallback`. */
export function fromJsonColumn<T>(text: JsonText<T>): T
export function fromJsonColumn<T>(text: JsonText<T> | null | undefined, fallback: T): T
export function fromJsonColumn<T>(text: JsonText<T> | null | undefined, fallback?: T): T {
  if (text === null || text === undefined || text === '') return fallback as T
  return JSON.parse(text) as T
}

/** `value` as JSON text for a nullable `JsonColumn<T>`; `undefined` and `null` give NULL. */
export function toJsonColumnOrNull<T>(value: T | null | undefined): JsonText<T> | null {
  return value === undefined || value === null ? null : toJsonColumn(value)
}

/** SQLite has no boolean: INTEGER 0 or 1. */
export type SqliteBool = 0 | 1

/** A `SqliteBool` column as a boolean. */
export function toBool(value: SqliteBool): boolean {
  return value === 1
}

/** A boolean for a `SqliteBool` column. */
export function fromBool(value: boolean): SqliteBool {
  return value ? 1 : 0
}

/** Parses a JSON text column not yet typed `JsonColumn`; a NULL column gives `fallback`. */
export function parseJsonColumn<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  return JSON.parse(text) as T
}

/** A value as a JSON text column not yet typed `JsonColumn`; `undefined` and `null` give NULL. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}
