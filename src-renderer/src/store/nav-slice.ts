import { hrefOf, parseRoute, type Route } from '../app/routes'
import type { SliceCreator } from './store'

/** Which page is shown; the URL fragment is the source of truth. */
export interface NavSlice {
  route: Route
  navigate(route: Route): void
  /** Re-reads the fragment (on `hashchange`); `oldUrl` is where the browser was, to go back to when leaving is refused. */
  syncRoute(oldUrl?: string): void
  /**
   * A page with unsaved work asks before the console leaves it: `ask` answers whether to go.
   * Returns the function that takes the guard away again.
   */
  setLeaveGuard(ask: () => boolean): () => void
}

export const createNavSlice: SliceCreator<NavSlice> = (set, get) => {
  let guard: (() => boolean) | null = null
  return {
    route: parseRoute(typeof window === 'undefined' ? '' : window.location.hash),
    navigate(route) {
      const href = hrefOf(route)
      if (href !== hrefOf(get().route) && guard && !guard()) return
      if (window.location.hash !== href) window.location.hash = href
      set({ route })
    },
    syncRoute(oldUrl) {
      const route = parseRoute(window.location.hash)
      if (hrefOf(route) !== hrefOf(get().route) && guard && !guard()) {
        // stay: put the address back without another hashchange
        if (oldUrl) window.history.replaceState(null, '', oldUrl)
        return
      }
      set({ route })
    },
    setLeaveGuard(ask) {
      guard = ask
      return () => {
        if (guard === ask) guard = null
      }
    }
  }
}
