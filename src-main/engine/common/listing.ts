import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type Page } from '../../contract/pagination'
import { invalidData } from './engine-error'

/** Cursor → last seen seq; `0`, empty or absent start over. */
export function decodeSeqCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '' || cursor === '0') return 0
  const n = Number(cursor)
  if (!Number.isInteger(n) || n < 0) {
    throw invalidData(
      `cursor "${cursor}" is not one this API returned; pass the cursor of the previous page, or 0 to start over`,
      [{ path: 'cursor', message: 'unknown cursor' }]
    )
  }
  return n
}

/** A page size from a query; 400 naming the bounds when out of range. */
export function pageLimit(limit: number | undefined): number {
  const value = limit ?? PAGE_LIMIT_DEFAULT
  if (!Number.isInteger(value) || value < 1 || value > PAGE_LIMIT_MAX) {
    throw invalidData(`limit must be an integer from 1 to ${PAGE_LIMIT_MAX}, got ${String(limit)}`, [
      { path: 'limit', message: `limit must be 1..${PAGE_LIMIT_MAX}` }
    ])
  }
  return value
}

/** The page of a listing read with `limit + 1` rows: the first `limit` as items, and the last one's seq as the cursor when more follow. */
export function seqPage<R extends { seq: number }, T>(rows: R[], limit: number, toItems: (rows: R[]) => T[]): Page<T> {
  const page = rows.slice(0, limit)
  const result: Page<T> = { items: toItems(page) }
  if (rows.length > limit) result.cursor = String(page[page.length - 1].seq)
  return result
}

/** Escapes a search text for `LIKE ... ESCAPE '\'`. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => '\\' + c)}%`
}
