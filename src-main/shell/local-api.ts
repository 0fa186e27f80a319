import type { Dialog } from 'electron'
import type { Engine } from '../engine'
import { startLocalApi, type LocalApi } from '../host/local-api'
import { PortInUseError } from '../http/server'

/**
 * Starts the local API on its port. When the port is taken, says so plainly and offers a free port
 * (SDK settings pointing at the usual port will then not reach this Workbench) or quitting.
 * Resolves with undefined when the person chose to quit.
 */
export async function startDesktopApi(
  engine: Engine,
  port: number,
  rendererDir: string,
  dialog: Pick<Dialog, 'showMessageBox'>
): Promise<LocalApi | undefined> {
  try {
    return await startLocalApi(engine, { port, mode: 'desktop', rendererDir })
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'Port in use',
      message: `Port ${port} is already in use`,
      detail:
        `Another program (perhaps another Workbench, or npm run serve) listens on 127.0.0.1:${port}.\n\n` +
        `Use a free port to start anyway: apps and SDK snippets configured with port ${port} will not reach this Workbench; Settings shows the new address. ` +
        `Or quit, stop the other program, and start again. To choose a port, set WORKBENCH_PORT.`,
      buttons: ['Use a free port', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      noLink: true
    })
    if (response !== 0) return undefined
    return startLocalApi(engine, { port: 0, mode: 'desktop', rendererDir })
  }
}
