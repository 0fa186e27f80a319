import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConnectionDto, ConnectResultMessage } from '@contract/connections'
import { messageOf } from '../../api/console-client'
import { useApi } from '../../store/store'

/** Where a connect run stands, from the console's side. */
export type ConnectWindowState =
  | { phase: 'idle' }
  | { phase: 'opening' }
  | { phase: 'waiting'; url: string }
  | { phase: 'blocked'; url: string }
  | { phase: 'connected'; connection: ConnectionDto }
  | { phase: 'failed'; message: string }
  | { phase: 'closed' }

const RESULT_POLL_MS = 1000

/**
 * Opens the real connect page for a customer in a popup (OAuth approval, or the API-key form) and
 * follows it to the end: the result the page posts to its opener, with the engine's record of the
 * run as a fallback (a desktop popup, or a window closed early).
 */
export function useConnectWindow(onConnected?: (connection: ConnectionDto) => void) {
  const api = useApi()
  const [state, setState] = useState<ConnectWindowState>({ phase: 'idle' })
  const cleanup = useRef<() => void>(() => undefined)
  const windowRef = useRef<Window | null>(null)
  const connected = useRef(onConnected)
  connected.current = onConnected

  useEffect(() => () => cleanup.current(), [])

  const finish = useCallback((message: ConnectResultMessage) => {
    cleanup.current()
    if (message.type === 'newConnectionCreated') {
      setState({ phase: 'connected', connection: message.connection })
      connected.current?.(message.connection)
    } else setState({ phase: 'failed', message: message.error })
  }, [])

  const open = useCallback(
    async (target: { customerId: string; integrationKey: string; connectionId?: string }) => {
      cleanup.current()
      setState({ phase: 'opening' })
      let link
      try {
        link = await api.call('connections.connectLink', target)
      } catch (error) {
        setState({ phase: 'failed', message: messageOf(error) })
        return
      }
      const popup = window.open(link.url, 'workbench-connect', 'popup=yes,width=520,height=720')
      windowRef.current = popup
      if (!popup) {
        setState({ phase: 'blocked', url: link.url })
      } else setState({ phase: 'waiting', url: link.url })
      const origin = new URL(link.url).origin
      let done = false
      let closedTicks = 0
      const onMessage = (event: MessageEvent) => {
        const data = event.data as ConnectResultMessage | undefined
        if (event.origin !== origin || data?.source !== 'integration.app' || data.requestId !== link.requestId) return
        done = true
        finish(data)
      }
      window.addEventListener('message', onMessage)
      const timer = setInterval(async () => {
        if (done) return
        try {
          const outcome = await api.call('connections.connectResult', { requestId: link.requestId })
          if (outcome.state === 'done' && !done) {
            done = true
            finish(outcome.message)
            return
          }
        } catch {
          // keep waiting; the popup may still post its result
        }
        // a closed window may have finished just before: give the engine's record one more look
        if (popup?.closed && !done && ++closedTicks > 1) {
          done = true
          cleanup.current()
          setState({ phase: 'closed' })
        }
      }, RESULT_POLL_MS)
      cleanup.current = () => {
        window.removeEventListener('message', onMessage)
        clearInterval(timer)
        cleanup.current = () => undefined
      }
    },
    [api, finish]
  )

  const reset = useCallback(() => {
    cleanup.current()
    setState({ phase: 'idle' })
  }, [])

  /** Brings the connect window back in front (it may have gone behind the console). */
  const focus = useCallback(() => windowRef.current?.focus(), [])

  return { state, open, reset, focus }
}
