import { useCallback, useEffect, useState, type DependencyList, type Dispatch, type SetStateAction } from 'react'
import { messageOf } from './console-client'

/** What a page loaded from the engine: the latest data, the last load's error, and a way to load again. */
export interface Loaded<T> {
  /** Null until the first load succeeds; kept while a later load runs or fails. */
  data: T | null
  /** The message of the last load, or null when it succeeded. */
  error: string | null
  reload(): void
  setData: Dispatch<SetStateAction<T | null>>
}

/**
 * Page data from one engine call: loaded when the page opens, again when `deps` (the call's
 * inputs) change, and whenever one of `versions` (live counters from `useChangeVersion`) moves.
 */
export function useLoaded<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  versions: readonly unknown[] = []
): Loaded<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const reload = useCallback(() => {
    load().then(
      (value) => {
        setData(value)
        setError(null)
      },
      (e) => setError(messageOf(e))
    )
    // `load` is a new closure on every render; `deps` are the inputs it reads
  }, deps)
  useEffect(reload, [reload, ...versions])
  return { data, error, reload, setData }
}
