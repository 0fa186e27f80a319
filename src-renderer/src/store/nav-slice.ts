import { hrefOf, parseRoute, type Route } from '../app/routes'
import type { SliceCreator } from './store'

/** Which page is shown; the URL fragment is the source of truth. */
export interface NavSlice {
  route: Route
  navigate(route: Route): void
  /** Re-reads the fragment (on `hashchange`). */
  syncRoute(): void
}

export const createNavSlice: SliceCreator<NavSlice> = (set) => ({
  route: parseRoute(typeof window === 'undefined' ? '' : window.location.hash),
  navigate(route) {
    const href = hrefOf(route)
    if (window.location.hash !== href) window.location.hash = href
    set({ route })
  },
  syncRoute() {
    set({ route: parseRoute(window.location.hash) })
  }
})
