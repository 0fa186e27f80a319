import { useEffect } from 'react'
import type { ChangeVersions } from '@contract/console-views'
import { useConsole, type SliceCreator } from './store'

/** How often live pages ask whether anything changed (one tiny call, no query). */
export const LIVE_POLL_MS = 1500

/** Change counters, polled only while some page shows live data and the window is visible. */
export interface LiveSlice {
  versions: ChangeVersions | null
  /** Starts polling for one more page; call the returned function when it leaves. */
  watchChanges(): () => void
  /** Asks now (after an action whose effects a page wants at once). */
  pollChanges(): Promise<void>
}

export const createLiveSlice: SliceCreator<LiveSlice> = (set, get, { client }) => {
  let watchers = 0
  let timer: ReturnType<typeof setInterval> | undefined
  let inFlight = false
  const poll = async () => {
    if (inFlight || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return
    inFlight = true
    try {
      const next = await client.call('changes.get')
      const current = get().versions
      if (!current || (Object.keys(next) as (keyof ChangeVersions)[]).some((k) => next[k] !== current[k]))
        set({ versions: next })
    } catch {
      // the page's own calls show errors; the next tick tries again
    } finally {
      inFlight = false
    }
  }
  return {
    versions: null,
    watchChanges() {
      watchers++
      if (watchers === 1) {
        void poll()
        timer = setInterval(() => void poll(), LIVE_POLL_MS)
      }
      return () => {
        watchers--
        if (watchers === 0 && timer) {
          clearInterval(timer)
          timer = undefined
        }
      }
    },
    pollChanges: poll
  }
}

/** The counter of one kind of thing; a page reloads when it moves. Polling runs while the page is shown. */
export function useChangeVersion(topic: keyof ChangeVersions): number {
  const watch = useConsole((s) => s.watchChanges)
  useEffect(() => watch(), [watch])
  return useConsole((s) => s.versions?.[topic] ?? 0)
}
