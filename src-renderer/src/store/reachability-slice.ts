import type { SliceCreator } from './store'

/** How often the console checks that the server still answers (one tiny call while the tab is visible). */
export const HEARTBEAT_MS = 4000
/** How often it asks whether the server is back while it is down. */
export const RECONNECT_POLL_MS = 2000

/** Whether calls reach the engine, so every page can say when the server is down and recover by itself. */
export interface ReachabilitySlice {
  /** False while the server does not answer (stopped, restarting). */
  reachable: boolean
  /** Starts the heartbeat (the app calls it once signed in); returns the stop function. */
  watchServer(): () => void
}

export const createReachabilitySlice: SliceCreator<ReachabilitySlice> = (set, get, { client }) => {
  let retry: ReturnType<typeof setInterval> | undefined
  // any answer (even a refusal) means the server is there; the client reports what it saw
  const ping = () => void client.call('changes.get').catch(() => undefined)
  client.onReachability((reachable) => {
    set({ reachable })
    if (!reachable && !retry) retry = setInterval(ping, RECONNECT_POLL_MS)
    if (reachable && retry) {
      clearInterval(retry)
      retry = undefined
      // catch up on what changed while it was down: counts, and every live page's counters
      if (get().status === 'offline') void get().connect()
      else {
        void get().refreshInfo()
        void get().pollChanges()
      }
    }
  })
  return {
    reachable: true,
    watchServer() {
      const beat = setInterval(() => {
        if (!retry && document.visibilityState !== 'hidden') ping()
      }, HEARTBEAT_MS)
      return () => clearInterval(beat)
    }
  }
}
