import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConsoleRunView } from '@contract/console-views'
import { messageOf } from '../../api/console-client'
import { useApi } from '../../store/store'
import { isLive } from './RunState'

/** How often a run in flight is read again (node states on the canvas, the timeline). */
export const RUN_POLL_MS = 400

/**
 * Follows one run: reads it, and keeps reading it while it is queued or running so nodes light
 * up as they finish; stops by itself once the run is final (no traffic for finished runs).
 */
export function useRunView(initialId?: string) {
  const api = useApi()
  const [runId, setRunId] = useState<string | undefined>(initialId)
  const [view, setView] = useState<ConsoleRunView | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const generation = useRef(0)

  const load = useCallback(
    async (id: string, mine: number): Promise<ConsoleRunView | undefined> => {
      try {
        const next = await api.call('runs.get', { id })
        if (mine !== generation.current) return undefined
        setView(next)
        setError(null)
        return next
      } catch (e) {
        if (mine !== generation.current) return undefined
        setError(e as Error)
        return undefined
      }
    },
    [api]
  )

  useEffect(() => {
    if (!runId) return
    const mine = ++generation.current
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      const next = await load(runId, mine)
      if (mine !== generation.current) return
      if (!next || isLive(next.run)) timer = setTimeout(() => void tick(), RUN_POLL_MS)
    }
    void tick()
    return () => {
      generation.current++
      if (timer) clearTimeout(timer)
    }
  }, [runId, load])

  const follow = useCallback((id: string) => {
    setView((v) => (v?.run.id === id ? v : null))
    setRunId(id)
  }, [])
  const clear = useCallback(() => {
    generation.current++
    setRunId(undefined)
    setView(null)
  }, [])
  const reload = useCallback(() => runId && void load(runId, generation.current), [runId, load])

  return { runId, view, error: error ? messageOf(error) : null, errorObject: error, follow, clear, reload }
}
