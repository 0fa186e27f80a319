import type { WorkbenchBridge } from '@contract/console-api'
import type { ConsoleTransport } from './console-transport'

/** The desktop transport: the preload's bridge over the one IPC channel. */
export function createIpcTransport(bridge: WorkbenchBridge): ConsoleTransport {
  return {
    kind: 'ipc',
    async send(method, input) {
      try {
        return await bridge.invoke({ method, input })
      } catch (error) {
        return {
          ok: false,
          status: 0,
          error: { type: 'internal', message: `The desktop app did not answer ${method}: ${(error as Error).message}` }
        }
      }
    }
  }
}
