/** A page of a listing: the SDK's `findAll` keeps asking while `cursor` is present. */
export interface Page<T> {
  items: T[]
  /** Opaque; absent on the last page. */
  cursor?: string
}

/** Common listing query: `cursor=0` or no cursor means "from the start". */
export interface PageQuery {
  limit?: number
  cursor?: string
}

/** Default and largest page sizes of every listing. */
export const PAGE_LIMIT_DEFAULT = 100
export const PAGE_LIMIT_MAX = 1000
