import { useEffect, useRef } from 'react'
import type { ChangeVersions } from '@contract/console-views'
import { useConsole, useStoreApi } from './store'

/** Which counters move the shared state held in the store (pages reload their own data). */
const SHARED_TOPICS: (keyof ChangeVersions)[] = ['workspace', 'customers', 'integrations', 'connections', 'flows']

/**
 * Keeps the store's shared state (workspace and field schema, the customers list, session counts)
 * in step with the engine while the console is open: polls the change counters on every page and
 * reloads a slice when its counter moved, whoever made the change (a scenario switch, an import,
 * a REST call, another window). Pages that load their own data follow `useChangeVersion`.
 */
export function useLiveSync(active: boolean): void {
  const store = useStoreApi()
  const watch = useConsole((s) => s.watchChanges)
  const seen = useRef<ChangeVersions | null>(null)

  useEffect(() => {
    if (!active) return
    const stopWatching = watch()
    const stopListening = store.subscribe((state) => {
      const next = state.versions
      const before = seen.current
      if (!next || next === before) return
      seen.current = next
      if (!before) return
      const moved = (topic: keyof ChangeVersions) => next[topic] !== before[topic]
      if (moved('workspace')) void state.loadWorkspace()
      if (moved('customers') && state.customerList.status !== 'idle') void state.reloadCustomers()
      if (SHARED_TOPICS.some(moved)) void state.refreshInfo()
    })
    return () => {
      stopListening()
      stopWatching()
    }
  }, [active, store, watch])
}
