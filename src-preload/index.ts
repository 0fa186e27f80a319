import { contextBridge, ipcRenderer } from 'electron'
import type { ConsoleRequest, ConsoleResult, WorkbenchBridge } from '../src-main/contract/console-api'
import { CONSOLE_IPC_CHANNEL } from '../src-main/contract/console-channel'

/**
 * The only thing the console window gets from the preload: the typed bridge. It forwards one call
 * over the one channel; the main process checks the sender and parses the rest.
 */
const bridge: WorkbenchBridge = {
  platform: process.platform,
  invoke: (request: ConsoleRequest) =>
    ipcRenderer.invoke(CONSOLE_IPC_CHANNEL, { method: request?.method, input: request?.input }) as Promise<
      ConsoleResult<unknown>
    >
}

contextBridge.exposeInMainWorld('workbench', Object.freeze(bridge))
