import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { CONSOLE_IPC_CHANNEL, type ConsoleResult } from '../contract/console-api'
import { dispatchConsoleCall, type ConsoleHandlers, type LoggerPort } from '../engine'

/** Whether an IPC message comes from the console window's own page (not a popup, not a frame). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

function refused(status: number, key: 'access_denied' | 'invalid_data', message: string): ConsoleResult<never> {
  return { ok: false, status, error: { type: 'bad_request', key, message } }
}

/**
 * The console API over the one IPC channel: messages from anyone but the console window are
 * dropped, the envelope and the method's input are parsed, and every outcome (errors included)
 * comes back as data, because Electron would forward only an error's message.
 */
export function setupConsoleIpc(
  ipcMain: IpcMain,
  handlers: ConsoleHandlers,
  isTrustedSender: SenderCheck,
  logger: LoggerPort
): () => void {
  ipcMain.handle(CONSOLE_IPC_CHANNEL, async (event, request: unknown): Promise<ConsoleResult<unknown>> => {
    if (!isTrustedSender(event)) {
      logger.warn('console IPC message from an untrusted sender dropped', { url: event.senderFrame?.url ?? 'unknown' })
      return refused(403, 'access_denied', 'Only the console window may call the console API.')
    }
    if (
      request === null ||
      typeof request !== 'object' ||
      Array.isArray(request) ||
      typeof (request as { method?: unknown }).method !== 'string'
    ) {
      return refused(400, 'invalid_data', 'A console call is {method: "<name>", input: <value>}.')
    }
    const { method, input } = request as { method: string; input?: unknown }
    return dispatchConsoleCall(handlers, method, input, logger)
  })
  return () => ipcMain.removeHandler(CONSOLE_IPC_CHANNEL)
}
