import type { ConsoleSessionInfo } from '@contract/console-api'
import { ConsoleCallError, messageOf } from '../api/console-client'
import type { ConsoleCredential } from '../api/console-credentials'
import type { SliceCreator } from './store'

/** Whether the console can talk to the engine. */
export type SessionStatus = 'connecting' | 'ready' | 'locked' | 'offline'

/** Connection to the engine and what it says about itself. */
export interface SessionSlice {
  status: SessionStatus
  info: ConsoleSessionInfo | null
  /** Why the console is locked or offline, in plain words. */
  sessionMessage: string | null
  transport: 'ipc' | 'http'
  /** Asks the engine who it is; locks on 401. */
  connect(): Promise<void>
  /** Re-reads session info (counts, workspace name) after changes. */
  refreshInfo(): Promise<void>
  /** Stores a pasted credential and tries again (browser only); resolves with why it failed, or null. */
  unlock(credential: ConsoleCredential): Promise<string | null>
  lock(message: string): void
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, { client, credentials }) => {
  client.onUnauthenticated((error) => get().lock(error.message))
  return {
    status: 'connecting',
    info: null,
    sessionMessage: null,
    transport: client.transport,
    async connect() {
      // a browser tab without a credential may still carry the session cookie an earlier tab earned: ask
      try {
        const info = await client.call('session.info')
        set({ status: 'ready', info, sessionMessage: null })
        void get().loadWorkspace()
      } catch (error) {
        if (error instanceof ConsoleCallError && (error.status === 401 || error.status === 403)) {
          // a tab that had nothing to offer is simply locked; a rejected credential says why
          set({ status: 'locked', sessionMessage: credentials?.get() || error.status === 403 ? error.message : null })
          return
        }
        set({ status: 'offline', sessionMessage: messageOf(error) })
      }
    },
    async refreshInfo() {
      try {
        set({ info: await client.call('session.info') })
      } catch {
        // the page that needed fresh counts shows its own error
      }
    },
    async unlock(credential) {
      credentials?.set(credential)
      await get().connect()
      if (get().status === 'ready') return null
      credentials?.set(undefined)
      return get().sessionMessage ?? 'That did not unlock the console.'
    },
    lock(message) {
      set({ status: 'locked', sessionMessage: message })
    }
  }
}
